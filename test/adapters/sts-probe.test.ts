// StsProbe against a local HTTPS "STS": the replay carries x-k8s-aws-id and asks for JSON, XML answers
// are read too, and a Date header 10 minutes off makes the doctor's clock check fail (an injected clock).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStsProbe } from '../../src/diagnose/sts-probe.node.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';
import { checkClock } from '../../src/diagnose/doctor/checks-aws.js';
import { GOLDEN_URL, encodeForTest } from '../fixtures/golden-token.js';
import { makeTestTls, type TestTls } from '../support/test-tls.js';
import { hasOpenssl } from '../support/tools.js';

const ok = hasOpenssl();
const SKEWED = new Date('2025-01-02T03:14:05Z');
let tls: TestTls;
let server: Server;
let origin: string;
const seen: Array<{ path: string; clusterId?: string; accept?: string }> = [];

beforeAll(async () => {
  if (!ok) return;
  tls = makeTestTls();
  server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    seen.push({ path: req.url ?? '', clusterId: req.headers['x-k8s-aws-id'] as string, accept: req.headers.accept });
    res.setHeader('Date', SKEWED.toUTCString());
    if (req.headers['x-k8s-aws-id'] === 'demo') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({
          GetCallerIdentityResponse: {
            GetCallerIdentityResult: {
              Arn: 'arn:aws:sts::123456789012:assumed-role/developers/mike',
              Account: '123456789012',
              UserId: 'AROA:mike',
            },
          },
        }),
      );
    }
    res.writeHead(403, { 'Content-Type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error></ErrorResponse>',
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const tokenFor = (host: string) => encodeForTest(GOLDEN_URL.replace('https://sts.eu-west-1.amazonaws.com', host));

describe.skipIf(!ok)('StsProbe', () => {
  it('replays the presigned URL with the cluster id header and reads the identity', async () => {
    const probe = createStsProbe({ ca: tls.caPem, http: httpSettingsFromEnv({}) });
    const replay = await probe.replayToken(tokenFor(origin), 'demo');
    expect(replay).toMatchObject({
      status: 200,
      identity: { arn: 'arn:aws:sts::123456789012:assumed-role/developers/mike', account: '123456789012' },
      serverDate: SKEWED,
    });
    expect(seen.at(-1)).toMatchObject({ clusterId: 'demo', accept: 'application/json' });
    expect(seen.at(-1)?.path).toMatch(/^\/\?Action=GetCallerIdentity&/);
  });

  it('reports STS errors from an XML answer (another cluster id)', async () => {
    const replay = await createStsProbe({ ca: tls.caPem, http: httpSettingsFromEnv({}) }).replayToken(
      tokenFor(origin),
      'other',
    );
    expect(replay).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch' });
  });

  it('a Date header 10 min off fails the clock check; 90 s warns', async () => {
    const date = await createStsProbe({ ca: tls.caPem, http: httpSettingsFromEnv({}) }).serverDate(origin);
    expect(date).toEqual(SKEWED);
    expect(checkClock(new Date('2025-01-02T03:04:05Z'), date, origin)).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('10m 0s behind'),
    });
    expect(checkClock(new Date('2025-01-02T03:15:35Z'), date, origin)).toMatchObject({ status: 'warn' });
    expect(checkClock(new Date('2025-01-02T03:14:06Z'), date, origin)).toMatchObject({ status: 'ok' });
  });

  it('an untrusted STS certificate is a network error naming STS', async () => {
    await expect(
      createStsProbe({ http: httpSettingsFromEnv({}) }).replayToken(tokenFor(origin), 'demo'),
    ).rejects.toMatchObject({
      exitCode: 6,
      code: 'CERTIFICATE_UNTRUSTED',
      message: expect.stringContaining(`STS ${origin}`),
    });
  });
});
