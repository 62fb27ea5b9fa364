// The STS gateway against a loopback stand-in whose clock is two hours ahead: a success warns once how
// far off the local clock is (EKS would reject the tokens); a rejection says it in the error (exit 4).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStsGateway } from '../../src/infra/aws/sts-gateway.js';
import { MemoryLogger } from '../support/fakes.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';

const ASSUMED = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKE</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/dev/mike</Arn><AssumedRoleId>AROA:mike</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`;
const SKEWED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: the request is now earlier than the server time</Message></Error><RequestId>1</RequestId></ErrorResponse>`;

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function fakeSts(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'text/xml', date: new Date(Date.now() + 2 * 3600_000).toUTCString() });
      res.end(body);
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const request = { roleArn: 'arn:aws:iam::123456789012:role/dev', roleSessionName: 'mike', durationSeconds: 900 };
const creds = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };

describe('StsGateway and the local clock', () => {
  it('warns once, naming how far off the clock is, when STS answers with another time', async () => {
    const endpoint = await fakeSts(200, ASSUMED);
    const logger = new MemoryLogger();
    const gateway = createStsGateway({ logger, http: httpSettingsFromEnv({}) });
    const out = await gateway.assumeRole(creds, { region: 'us-east-1', endpoint }, request);
    expect(out.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/dev/mike');
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/local clock is 120 minutes behind STS time/);
  });

  it('a request rejected for its signature time says how far off the clock is (exit 4)', async () => {
    const endpoint = await fakeSts(403, SKEWED);
    const error = await createStsGateway({ http: httpSettingsFromEnv({}) })
      .assumeRole(creds, { region: 'us-east-1', endpoint }, request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 4, code: 'CLOCK_SKEW' });
    expect((error as Error).message).toMatch(
      /AssumeRole arn:aws:iam::123456789012:role\/dev at http:\/\/127\.0\.0\.1:\d+ was rejected: the local clock is 120 minutes behind/,
    );
  });
});
