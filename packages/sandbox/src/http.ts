// HTTPS plumbing shared by the emulators: listen on a free loopback port, read a request fully, and stop
// without leaving keep-alive connections behind.
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from './tls.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface RunningServer {
  url: string;
  host: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function listenHttps(
  tls: TlsMaterial,
  handler: Handler,
  onError: (error: unknown) => void,
): Promise<RunningServer> {
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handler(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal sandbox error\n');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Lower-case header name → every value, in the order received. */
export function headerMap(req: IncomingMessage): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), req.rawHeaders[i + 1]!]);
  }
  return map;
}
