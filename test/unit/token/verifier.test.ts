// Tokens from the production path pass the independent verifier (test/support/verifier.ts); tampered,
// expired, padded, foreign-cluster and extended tokens fail it.
import { describe, expect, it } from 'vitest';
import { smithyPresigner } from '../../../src/token/sigv4-presigner.node.js';
import { encodeToken } from '../../../src/token/encode.js';
import { presignGetCallerIdentity } from '../../../src/token/presign.js';
import { resolveStsEndpoint } from '../../../src/aws/sts-endpoint.js';
import { verifyToken } from '../../support/verifier.js';

const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const signedAt = new Date('2025-01-02T03:04:05Z');
const secrets = { AKIDEXAMPLE: secret, ASIATEMP: 'temp-secret' };
const options = { clusterId: 'demo', now: new Date('2025-01-02T03:10:00Z'), secrets };

async function mint(
  region = 'eu-west-1',
  env: Record<string, string> = {},
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: secret,
  },
) {
  const url = await presignGetCallerIdentity(
    { clusterId: 'demo', endpoint: resolveStsEndpoint(region, env), credentials: creds, signingDate: signedAt },
    smithyPresigner,
  );
  return { url, token: encodeToken(url) };
}
const reencode = (url: string) => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;

describe('verifier accepts produced tokens', () => {
  it("aws-cli's own golden token (the verifier agrees with an outside signer)", () => {
    const awsCli =
      'k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMjUwMTAyJTJGZXUtd2VzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNTAxMDJUMDMwNDA1WiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9MWQ2OTE2ZWU2NjgxZTllN2ZhMTRjOTJjMmJhMDNmOTliZDliNTQ4ZmFlYTMwYWU2NjczN2ZlNzZiMzkxMWVhMQ';
    expect(verifyToken(awsCli, options)).toMatchObject({ ok: true, signingRegion: 'eu-west-1' });
  });

  it.each([
    ['regional', 'eu-west-1', {}],
    ['global (legacy)', 'us-east-1', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }],
    ['FIPS', 'us-east-1', { AWS_USE_FIPS_ENDPOINT: 'true' }],
    ['dual-stack', 'eu-west-1', { AWS_USE_DUALSTACK_ENDPOINT: 'true' }],
  ])('%s', async (_name, region, env) => {
    const { token } = await mint(region, env);
    expect(verifyToken(token, options)).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
  });

  it('with a session token', async () => {
    const { token } = await mint(
      'eu-west-1',
      {},
      { accessKeyId: 'ASIATEMP', secretAccessKey: 'temp-secret', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=' },
    );
    expect(verifyToken(token, options)).toMatchObject({ ok: true, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=' });
  });

  it('in the China and GovCloud partitions', async () => {
    expect(verifyToken((await mint('cn-north-1')).token, { ...options, partition: 'aws-cn' }).ok).toBe(true);
    expect(verifyToken((await mint('us-gov-west-1')).token, { ...options, partition: 'aws-us-gov' }).ok).toBe(true);
  });
});

describe('verifier rejects', () => {
  it('a token for another cluster id (signature)', async () => {
    const { token } = await mint();
    expect(verifyToken(token, { ...options, clusterId: 'other' })).toMatchObject({ ok: false, step: 'signature' });
  });

  it('an expired token (older than 15 min)', async () => {
    const { token } = await mint();
    expect(verifyToken(token, { ...options, now: new Date('2025-01-02T03:19:06Z') })).toMatchObject({
      ok: false,
      step: 11,
    });
    expect(verifyToken(token, { ...options, now: new Date('2025-01-02T03:19:05Z') }).ok).toBe(true);
  });

  it('a padded token', async () => {
    const { url } = await mint();
    const padded = `k8s-aws-v1.${Buffer.from(url).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
    expect(padded.endsWith('=')).toBe(true);
    expect(verifyToken(padded, options)).toMatchObject({ ok: false, step: 2 });
  });

  it('a token with an extra parameter, or a duplicated one', async () => {
    const { url } = await mint();
    expect(verifyToken(reencode(`${url}&X-Amz-Extra=1`), options)).toMatchObject({ ok: false, step: 6 });
    expect(verifyToken(reencode(`${url}&action=GetCallerIdentity`), options)).toMatchObject({ ok: false, step: 6 });
  });

  it.each([
    ['a non-STS host', (u: string) => u.replace('sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.evil.com'), 4],
    ['plain http', (u: string) => u.replace('https:', 'http:'), 3],
    ['another path', (u: string) => u.replace('.com/?', '.com/x?'), 5],
    ['another action', (u: string) => u.replace('GetCallerIdentity', 'AssumeRole'), 7],
    ['X-Amz-Expires above 900', (u: string) => u.replace('X-Amz-Expires=60', 'X-Amz-Expires=901'), 9],
    ['a tampered signature', (u: string) => u.replace(/.$/, (c) => (c === '0' ? '1' : '0')), 'signature'],
  ])('%s', async (_name, change, step) => {
    const { url } = await mint();
    expect(verifyToken(reencode(change(url)), options)).toMatchObject({ ok: false, step });
  });

  it('the global host in the China partition, and an unknown access key', async () => {
    expect(verifyToken((await mint('aws-global')).token, { ...options, partition: 'aws-cn' })).toMatchObject({
      ok: false,
      step: 4,
    });
    expect(verifyToken((await mint()).token, { ...options, secrets: {} })).toMatchObject({
      ok: false,
      step: 'signature',
    });
  });
});
