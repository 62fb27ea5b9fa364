// The HTTP layer against loopback servers: a logging forward proxy (CONNECT for https, absolute-form for
// http) that alone resolves the AWS-looking names, an HTTPS server whose CA is only in an AWS_CA_BUNDLE
// file, a silent TCP server (the deadline destroys the socket), redirects, and the SDK request handler.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/infra/http/request.js';
import { createSdkRequestHandler } from '../../src/infra/http/sdk-handler.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { makeTestTls, type TestTls } from '../support/test-tls.js';
import { hasOpenssl } from '../support/tools.js';

const ok = hasOpenssl();
const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/mike</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

let tls: TestTls;
let https: HttpsServer;
let http: HttpServer;
let silent: TcpServer;
const silentSockets = new Set<Socket>();
let proxy: ForwardProxy;
let caFile: string;
let dir: string;
let httpsPort: number;
let httpPort: number;
let silentPort: number;
const hits: string[] = [];

beforeAll(async () => {
  if (!ok) return;
  tls = makeTestTls({ dnsNames: ['sts.eu-west-1.amazonaws.com', 'sts.silent.amazonaws.com', 'bundles.corp.example'] });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-http-'));
  caFile = join(dir, 'corp-ca.pem');
  writeFileSync(caFile, tls.caPem);
  const handler =
    (scheme: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      hits.push(`${scheme} ${req.method} ${req.headers.host} ${req.url}`);
      if (req.url === '/redirect-http') return res.writeHead(302, { location: 'http://bundles.corp.example/x' }).end();
      if (req.url === '/redirect-https') return res.writeHead(302, { location: '/final' }).end();
      if (req.url === '/big') return res.writeHead(200).end('x'.repeat(5000));
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY));
    };
  https = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler('https'));
  http = createHttpServer(handler('http'));
  silent = createTcpServer((s) => {
    silentSockets.add(s);
    s.resume();
    s.on('close', () => silentSockets.delete(s));
  });
  await Promise.all([https, http, silent].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  httpsPort = (https.address() as AddressInfo).port;
  httpPort = (http.address() as AddressInfo).port;
  silentPort = (silent.address() as AddressInfo).port;
  proxy = await startForwardProxy({
    'sts.eu-west-1.amazonaws.com:443': `127.0.0.1:${httpsPort}`,
    'bundles.corp.example:443': `127.0.0.1:${httpsPort}`,
    'sts.local.test:4566': `127.0.0.1:${httpPort}`,
    'sts.silent.amazonaws.com:443': `127.0.0.1:${silentPort}`,
    'bundles.blocked.example:443': 'status:403',
    'bundles.login.example:443': 'status:407',
    'sts.login.amazonaws.com:443': 'status:407',
    'sts.login.test:4566': 'status:407',
  });
});
afterAll(async () => {
  if (!ok) return;
  for (const s of silentSockets) s.destroy();
  await Promise.all([https, http, silent].map((s) => new Promise<void>((r) => s.close(() => r()))));
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ok)('httpRequest', () => {
  it('tunnels https through HTTPS_PROXY with CONNECT, trusting the CA of AWS_CA_BUNDLE', async () => {
    const settings = httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile });
    const answer = await httpRequest('https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity', settings);
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toContain('<Account>123456789012</Account>');
    expect(answer.proxy).toBe(proxy.url);
    expect(proxy.log.at(-1)).toEqual({ kind: 'CONNECT', target: 'sts.eu-west-1.amazonaws.com:443' });
  });

  it('sends http in absolute form through http_proxy (lower case)', async () => {
    const answer = await httpRequest('http://sts.local.test:4566/ping', httpSettingsFromEnv({ http_proxy: proxy.url }));
    expect(answer.status).toBe(200);
    expect(proxy.log.at(-1)).toEqual({ kind: 'FORWARD', target: 'http://sts.local.test:4566/ping' });
    expect(hits.at(-1)).toBe('http GET sts.local.test:4566 /ping');
  });

  it('sends the proxy credentials as Proxy-Authorization, never in messages', async () => {
    const settings = httpSettingsFromEnv({
      HTTPS_PROXY: proxy.url.replace('http://', 'http://mike:s3cret@'),
      AWS_CA_BUNDLE: caFile,
    });
    await httpRequest('https://sts.eu-west-1.amazonaws.com/', settings);
    expect(proxy.log.at(-1)?.authorization).toBe(`Basic ${Buffer.from('mike:s3cret').toString('base64')}`);
    const failing = httpSettingsFromEnv({ HTTPS_PROXY: 'http://mike:s3cret@127.0.0.1:1', AWS_CA_BUNDLE: caFile });
    const error = (await httpRequest('https://sts.eu-west-1.amazonaws.com/', failing).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({ exitCode: 6, code: 'ENDPOINT_UNREACHABLE' });
    expect(error.message).toContain('through the proxy http://mike:****@127.0.0.1:1 (HTTPS_PROXY)');
    expect(error.message).not.toContain('s3cret');
  });

  it('NO_PROXY sends the request directly, to a loopback port nothing listens on (exit 6), the proxy never asked', async () => {
    const settings = httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1', AWS_CA_BUNDLE: caFile });
    const before = proxy.log.length;
    const error = await httpRequest('https://127.0.0.1:1/', settings).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 6, message: expect.stringContaining('https://127.0.0.1:1') });
    expect(proxy.log.length).toBe(before);
  });

  it('without AWS_CA_BUNDLE the private CA is untrusted; with it the system roots still count', async () => {
    const error = await httpRequest(`https://127.0.0.1:${httpsPort}/`, httpSettingsFromEnv({})).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ exitCode: 6, code: 'CERTIFICATE_UNTRUSTED' });
    const { trustedRoots } = await import('../../src/infra/http/trust.js');
    const { rootCertificates } = await import('node:tls');
    const roots = trustedRoots([{ path: caFile, source: 'AWS_CA_BUNDLE' }], {});
    expect(roots).toEqual(expect.arrayContaining([...rootCertificates]));
    expect(roots).toHaveLength(rootCertificates.length + 1);
    expect(() => trustedRoots([{ path: join(caFile, 'nope'), source: 'ca_bundle of profile dev' }], {})).toThrow(
      /cannot read the CA bundle .* named by ca_bundle of profile dev/,
    );
  });

  it('a silent server: the socket is destroyed at the deadline and the error names the endpoint', async () => {
    const settings = httpSettingsFromEnv({}, { totalTimeoutMs: 400 });
    const started = Date.now();
    const error = await httpRequest(`http://127.0.0.1:${silentPort}/`, settings, {
      target: `STS http://127.0.0.1:${silentPort}`,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({
      exitCode: 6,
      code: 'ENDPOINT_TIMEOUT',
      message: `STS http://127.0.0.1:${silentPort} did not answer within 0.4 s`,
    });
    await expect.poll(() => silentSockets.size).toBe(0);
  });

  it('follows https redirects only when asked, never to http; bounds the body', async () => {
    const settings = httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile });
    expect((await httpRequest('https://bundles.corp.example/redirect-https', settings)).status).toBe(302);
    const followed = await httpRequest('https://bundles.corp.example/redirect-https', settings, {
      redirects: { max: 2 },
    });
    expect(followed).toMatchObject({ status: 200, url: new URL('https://bundles.corp.example/final') });
    await expect(
      httpRequest('https://bundles.corp.example/redirect-http', settings, { redirects: { max: 2 } }),
    ).rejects.toMatchObject({ exitCode: 6, code: 'REDIRECT_REFUSED' });
    const big = await httpRequest('https://bundles.corp.example/big', settings, { maxBytes: 1024 });
    expect(big).toMatchObject({ truncated: true });
    expect(big.body.length).toBe(1024);
  });
});

describe.skipIf(!ok)('certificates from a trusted CA that are wrong in another way', () => {
  it('a host name the certificate is not for: named, with the names it is for, and no CA-bundle hint', async () => {
    proxy.routes.set('wrong.corp.example:443', `127.0.0.1:${httpsPort}`);
    const settings = httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile });
    const error = (await httpRequest('https://wrong.corp.example/', settings).catch((e: unknown) => e)) as Error & {
      hint: string;
    };
    expect(error).toMatchObject({ exitCode: 6, code: 'CERTIFICATE_NAME_MISMATCH' });
    expect(error.message).toMatch(
      /presented a certificate for other names \(.*DNS:bundles\.corp\.example.*\), not wrong\.corp\.example/,
    );
    expect(error.hint).not.toMatch(/AWS_CA_BUNDLE|add its CA/);
  });

  it('an expired certificate: named with its expiry date, and no CA-bundle hint', async () => {
    const expired = makeTestTls({ serverDays: -1 });
    const server = createHttpsServer({ cert: expired.certPem, key: expired.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const ca = join(dir, 'expired-ca.pem');
      writeFileSync(ca, expired.caPem);
      const error = (await httpRequest(
        `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        httpSettingsFromEnv({ AWS_CA_BUNDLE: ca }),
      ).catch((e: unknown) => e)) as Error & { hint: string };
      expect(error).toMatchObject({ exitCode: 6, code: 'CERTIFICATE_EXPIRED' });
      expect(error.message).toMatch(/presented a certificate that expired on \w{3} +\d+ \d\d:\d\d:\d\d \d{4} GMT$/);
      expect(error.hint).toContain('renew');
      expect(error.hint).not.toMatch(/AWS_CA_BUNDLE|add its CA/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe.skipIf(!ok)('a proxy that refuses', () => {
  it.each([
    [403, 'bundles.blocked.example', /the proxy's policy does not let you reach bundles\.blocked\.example/],
    [
      407,
      'bundles.login.example',
      /the proxy wants a login: put it in the proxy URL \(HTTPS_PROXY=http:\/\/user:password@host:port/,
    ],
  ])(
    'a CONNECT answered %i is the proxy refusing, named as the proxy, not the endpoint answering',
    async (status, host, hint) => {
      const settings = httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile });
      const error = (await httpRequest(`https://${host}/acme.json`, settings, {
        target: `the bundle host https://${host}`,
      }).catch((e: unknown) => e)) as Error & { hint: string };
      expect(error).toMatchObject({ exitCode: 6, code: 'PROXY_REFUSED' });
      expect(error.message).toMatch(
        new RegExp(
          `^the proxy ${proxy.url.replace(/[.]/g, '\\.')} \\(HTTPS_PROXY\\) refused the connection to ${host.replace(/[.]/g, '\\.')}: HTTP ${status}`,
        ),
      );
      expect(error.hint).toMatch(hint);
      expect(`${error.message} ${error.hint}`).not.toMatch(/bundle host|moved/);
    },
  );

  it('an https:// proxy URL naming a plain HTTP proxy is said to be one, with the http:// spelling to use', async () => {
    const plain = proxy.url.replace('http://', 'https://');
    const error = (await httpRequest(
      'https://sts.eu-west-1.amazonaws.com/',
      httpSettingsFromEnv({ HTTPS_PROXY: plain, AWS_CA_BUNDLE: caFile }),
    ).catch((e: unknown) => e)) as Error & { hint: string };
    expect(error).toMatchObject({
      exitCode: 6,
      code: 'PROXY_NOT_TLS',
      message: `the proxy ${plain} (HTTPS_PROXY) does not speak TLS, which an https:// proxy URL asks for`,
    });
    expect(error.hint).toContain(`HTTPS_PROXY=${proxy.url}`);
    const requestHandler = createSdkRequestHandler(httpSettingsFromEnv({ HTTPS_PROXY: plain, AWS_CA_BUNDLE: caFile }));
    const sts = new STSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
      requestHandler,
      maxAttempts: 1,
    });
    expect(await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)).toMatchObject({
      code: 'PROXY_NOT_TLS',
    });
    sts.destroy();
  });

  it('a 407 to an absolute-form http request is the proxy too', async () => {
    const error = await httpRequest(
      'http://sts.login.test:4566/',
      httpSettingsFromEnv({ HTTP_PROXY: proxy.url }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PROXY_REFUSED',
      message: expect.stringContaining(
        `the proxy ${proxy.url} (HTTP_PROXY) refused the connection to sts.login.test:4566: HTTP 407`,
      ),
    });
  });

  it('an SDK client through a proxy answering 407: the proxy is named, the SDK does not read it as STS', async () => {
    const requestHandler = createSdkRequestHandler(
      httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile }),
    );
    const sts = new STSClient({
      region: 'eu-west-1',
      endpoint: 'https://sts.login.amazonaws.com',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
      requestHandler,
    });
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PROXY_REFUSED',
      message: expect.stringContaining('refused the connection to sts.login.amazonaws.com: HTTP 407'),
    });
    sts.destroy();
  });

  it('the command signal ends a request waiting on the proxy at once, with its reason (Ctrl-C: exit 130)', async () => {
    const command = new AbortController();
    const settings = {
      ...httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile }),
      signal: command.signal,
    };
    const started = Date.now();
    const pending = httpRequest('https://sts.silent.amazonaws.com/', settings).catch((e: unknown) => e);
    setTimeout(() => command.abort(Object.assign(new Error('interrupted'), { exitCode: 130 })), 200);
    expect(await pending).toMatchObject({ message: 'interrupted', exitCode: 130 });
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => silentSockets.size).toBe(0);
  });
});

describe.skipIf(!ok)('SDK request handler', () => {
  const creds = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };

  it('an STS client reaches the STS name only the proxy resolves, with the AWS_CA_BUNDLE CA', async () => {
    const debug: string[] = [];
    const requestHandler = createSdkRequestHandler(
      httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile }),
      { debug: (m) => debug.push(m) },
    );
    const sts = new STSClient({ region: 'eu-west-1', credentials: creds, requestHandler });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('123456789012');
    expect(proxy.log.at(-1)).toEqual({ kind: 'CONNECT', target: 'sts.eu-west-1.amazonaws.com:443' });
    expect(debug.at(-1)).toBe(
      `http: POST https://sts.eu-west-1.amazonaws.com/ through the proxy ${proxy.url} (HTTPS_PROXY)`,
    );
    sts.destroy();
  });

  it('a silent STS fails at the deadline, once (not retried), and the socket is gone', async () => {
    const requestHandler = createSdkRequestHandler(
      httpSettingsFromEnv({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile }, { totalTimeoutMs: 500 }),
    );
    const sts = new STSClient({
      region: 'eu-west-1',
      endpoint: 'https://sts.silent.amazonaws.com',
      credentials: creds,
      requestHandler,
      maxAttempts: 3,
    });
    const before = proxy.log.length;
    const started = Date.now();
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({
      name: 'HttpDeadlineError',
      message: 'https://sts.silent.amazonaws.com did not answer within 0.5 s',
    });
    expect(proxy.log.length - before).toBe(1);
    await expect.poll(() => silentSockets.size).toBe(0);
    sts.destroy();
  });
});
