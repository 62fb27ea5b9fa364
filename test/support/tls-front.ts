// A TLS-terminating front on loopback for a plain-http test service (moto): an https server whose certificate a
// throwaway CA signed (test-tls.ts) passes every request on to the service and records each request's Action,
// so a test proves a client trusted that CA and reached the service through it.
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './test-tls.js';

export interface TlsFront {
  url: string;
  /** The Action of every request passed on (form body or query), in order. */
  actions: string[];
  close(): Promise<void>;
}

export async function startTlsFront(origin: string, tls: TestTls): Promise<TlsFront> {
  const target = new URL(origin);
  const actions: string[] = [];
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      actions.push(
        new URLSearchParams(body.toString('utf8')).get('Action') ??
          new URL(req.url ?? '/', origin).searchParams.get('Action') ??
          '',
      );
      // The Host header stays the client's: it is part of the SigV4 signature the service checks.
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
