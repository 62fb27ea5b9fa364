// Golden vectors (test/fixtures/golden-token.ts): the production presigner (smithy) must reproduce aws-cli's tokens
// byte for byte, with an injected signing date.
import { describe, expect, it } from 'vitest';
import { smithyPresigner } from '../../../src/token/sigv4-presigner.node.js';
import { encodeToken } from '../../../src/token/encode.js';
import { parseToken } from '../../../src/token/parse-token.js';
import { presignGetCallerIdentity } from '../../../src/token/presign.js';
import { resolveStsEndpoint } from '../../../src/aws/sts-endpoint.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2025-01-02T03:04:05Z');

const BASE_TOKEN =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMjUwMTAyJTJGZXUtd2VzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNTAxMDJUMDMwNDA1WiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9MWQ2OTE2ZWU2NjgxZTllN2ZhMTRjOTJjMmJhMDNmOTliZDliNTQ4ZmFlYTMwYWU2NjczN2ZlNzZiMzkxMWVhMQ';
const BASE_URL =
  'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=1d6916ee6681e9e7fa14c92c2ba03f99bd9b548faea30ae66737fe76b3911ea1';

async function mint(
  region: string,
  env: Record<string, string> = {},
  creds: typeof credentials & { sessionToken?: string } = credentials,
  clusterId = 'demo',
) {
  const url = await presignGetCallerIdentity(
    { clusterId, endpoint: resolveStsEndpoint(region, env), credentials: creds, signingDate },
    smithyPresigner,
  );
  return { url, token: encodeToken(url) };
}

describe('golden vectors', () => {
  it('base: eu-west-1, cluster demo → the exact aws-cli token', async () => {
    const { url, token } = await mint('eu-west-1');
    expect(url).toBe(BASE_URL);
    expect(token).toBe(BASE_TOKEN);
    expect(token).toHaveLength(481);
  });

  it('session token: X-Amz-Security-Token sits between SignedHeaders and Signature', async () => {
    const { url, token } = await mint('eu-west-1', {}, { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=' });
    expect(url).toBe(
      BASE_URL.replace(
        /&X-Amz-Signature=.*$/,
        '&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2B%2F%3D&X-Amz-Signature=e3b6d5c660aaee6296ed674ee769668735c47fe82fb9175d8b97583f5c94cb04',
      ),
    );
    expect(token).toHaveLength(553);
  });

  it('global endpoint: sts.amazonaws.com, scope us-east-1, token contains _', async () => {
    const { url, token } = await mint('aws-global');
    expect(url).toBe(
      'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=fcecfaec08b577cf44dc333f275547b52852fdab25484971df5855465003ee24',
    );
    expect(token).toHaveLength(467);
    expect(token).toContain('_');
  });

  it('legacy regional setting sends eu-west-1 to the global host with the same signature as aws-global', async () => {
    const { url } = await mint('eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' });
    expect(url).toMatch(
      /^https:\/\/sts\.amazonaws\.com\/\?.*us-east-1.*fcecfaec08b577cf44dc333f275547b52852fdab25484971df5855465003ee24$/,
    );
  });

  it('another cluster id changes the signature (9d567e34…0b31)', async () => {
    const { url } = await mint('eu-west-1', {}, credentials, 'other');
    expect(url).toMatch(/X-Amz-Signature=9d567e34[0-9a-f]{52}0b31$/);
  });

  it('encodeToken has no padding and parseToken reverses it', async () => {
    const { token } = await mint('eu-west-1');
    expect(token).not.toContain('=');
    const parsed = parseToken(token);
    expect(parsed.ok && parsed.url.href).toBe(BASE_URL);
    expect(parseToken(`${token}=`)).toMatchObject({ ok: false, rule: 2 });
    expect(parseToken('k8s-aws-v2.abc')).toMatchObject({ ok: false, rule: 2 });
  });
});
