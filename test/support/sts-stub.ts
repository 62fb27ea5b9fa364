// An endpoint-recording STS stand-in on loopback (http or https): answers AssumeRole and GetCallerIdentity
// (POST form, as the SDK sends them, and the presigned GET a token replays) and records the Host header and
// action of every request. `mode: 'html'` answers 200 with a captive portal's HTML page instead.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './test-tls.js';

export interface StsStubHit {
  method: string;
  host: string;
  action: string;
}

export interface StsStub {
  port: number;
  url: string;
  hits: StsStubHit[];
  close(): Promise<void>;
}

const ARN = 'arn:aws:iam::123456789012:user/mike';

export async function startStsStub(options: { tls?: TestTls; mode?: 'sts' | 'html' } = {}): Promise<StsStub> {
  const hits: StsStubHit[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? query.get('Action') ?? '';
      hits.push({ method: req.method ?? '', host: req.headers.host ?? '', action });
      res.setHeader('Date', new Date().toUTCString());
      if (options.mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>Sign in to the corporate network</h1></body></html>');
        return;
      }
      if (action === 'AssumeRole') {
        const roleArn = form.get('RoleArn') ?? '';
        const role = roleArn.split('/').pop();
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIASTUBEXAMPLE</AccessKeyId><SecretAccessKey>stub-secret</SecretAccessKey><SessionToken>stub-session</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${role}/mike</Arn><AssumedRoleId>AROASTUB:mike</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
        return;
      }
      if (action === 'GetCallerIdentity') {
        if (/json/.test(req.headers.accept ?? '')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              GetCallerIdentityResponse: {
                GetCallerIdentityResult: { Arn: ARN, Account: '123456789012', UserId: 'AIDASTUB' },
              },
            }),
          );
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${ARN}</Arn><UserId>AIDASTUB</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
        return;
      }
      res.writeHead(400, { 'Content-Type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Code>InvalidAction</Code><Message>unknown action</Message></Error></ErrorResponse>',
      );
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler)
    : createHttpServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
