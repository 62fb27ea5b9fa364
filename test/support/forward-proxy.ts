// A logging forward proxy on loopback, as a corporate proxy is: CONNECT tunnels for https and absolute-form
// requests for http. Host names resolve only through its `routes` map (e.g. sts.eu-west-1.amazonaws.com:443 →
// 127.0.0.1:<port of a local STS>), so a request that bypasses the proxy cannot reach them.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyLogEntry {
  kind: 'CONNECT' | 'FORWARD';
  /** host:port asked for (CONNECT) or the absolute URL (FORWARD). */
  target: string;
  /** The Proxy-Authorization header, when sent. */
  authorization?: string;
}

export interface ForwardProxy {
  url: string;
  port: number;
  log: ProxyLogEntry[];
  /** Maps `host:port` to the loopback `127.0.0.1:port` that serves it, or to `status:403` (the proxy refuses). */
  routes: Map<string, string>;
  close(): Promise<void>;
}

export async function startForwardProxy(routes: Record<string, string> = {}): Promise<ForwardProxy> {
  const log: ProxyLogEntry[] = [];
  const table = new Map(Object.entries(routes));
  const sockets = new Set<Socket>();
  const refusal = (hostPort: string): number | undefined => {
    const to = table.get(hostPort.toLowerCase());
    return to?.startsWith('status:') ? Number(to.slice('status:'.length)) : undefined;
  };
  const route = (hostPort: string): { host: string; port: number } | undefined => {
    const to = table.get(hostPort.toLowerCase());
    if (!to || to.startsWith('status:')) return undefined;
    const [host, port] = to.split(':');
    return { host: host!, port: Number(port) };
  };
  const server: Server = createServer((req, res) => {
    const target = req.url ?? '';
    const auth = req.headers['proxy-authorization'];
    log.push({ kind: 'FORWARD', target, ...(auth ? { authorization: auth } : {}) });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end('proxy: absolute-form URL expected');
      return;
    }
    const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
    const refused = refusal(hostPort);
    if (refused) {
      res
        .writeHead(refused, refused === 407 ? { 'proxy-authenticate': 'Basic realm="corp"' } : {})
        .end('proxy: refused');
      return;
    }
    const to = route(hostPort);
    if (!to) {
      res.writeHead(502).end(`proxy: cannot resolve ${url.host}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { host: to.host, port: to.port, method: req.method, path: `${url.pathname}${url.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end('proxy: upstream failed'));
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const auth = req.headers['proxy-authorization'];
    log.push({ kind: 'CONNECT', target, ...(auth ? { authorization: auth } : {}) });
    const refused = refusal(target);
    if (refused) {
      const text =
        refused === 407
          ? 'Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"'
          : refused === 403
            ? 'Forbidden'
            : 'Refused';
      client.end(`HTTP/1.1 ${refused} ${text}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const to = route(target);
    if (!to) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    routes: table,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
