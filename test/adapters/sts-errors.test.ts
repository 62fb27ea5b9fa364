// Error translation of STS failures, fed with the SDK's own exception classes.
import { ExpiredTokenException, STSServiceException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { describeSkew, translateStsError, type StsCallContext } from '../../src/adapters/sts-errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
const ctx: StsCallContext = {
  operation: 'AssumeRole',
  endpoint: 'https://sts.eu-west-1.amazonaws.com',
  roleArn: ROLE,
  caller: 'arn:aws:iam::123456789012:user/developer-mike',
  storedKey: true,
};
const aws = (name: string, message: string, status = 403, headers: Record<string, string> = {}): STSServiceException =>
  Object.assign(new STSServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: status } }), { $response: { headers } });

describe('translateStsError', () => {
  it('AccessDenied → exit 5 naming role, caller and endpoint, hinting at trust policy and sts:AssumeRole', () => {
    const out = translateStsError(aws('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole'), ctx);
    expect(out.exitCode).toBe(5);
    expect(out.message).toContain(ROLE);
    expect(out.message).toContain(ctx.caller);
    expect(out.message).toContain(ctx.endpoint);
    expect(out.hint).toMatch(/trust policy.*sts:AssumeRole/);
  });

  it('a refused MFA code → exit 5 saying to retry with a fresh code, not pointing at the trust policy', () => {
    const out = translateStsError(aws('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '), ctx);
    expect(out).toMatchObject({ exitCode: 5, code: 'MFA_CODE_REJECTED' });
    expect(out.message).toContain(ROLE);
    expect(out.hint).toMatch(/fresh code/);
    expect(out.hint).not.toMatch(/trust policy/);
  });

  it('a rejected stored key → exit 4 "the stored access key was rejected" and how to store a new one', () => {
    for (const name of ['InvalidClientTokenId', 'SignatureDoesNotMatch']) {
      const out = translateStsError(aws(name, 'The security token included in the request is invalid.'), ctx);
      expect(out).toMatchObject({ exitCode: 4, code: 'ACCESS_KEY_REJECTED' });
      expect(out.message).toContain('the stored access key was rejected');
      expect(out.hint).toContain('eks-login setup');
    }
    expect(translateStsError(aws('InvalidClientTokenId', 'bad'), { ...ctx, storedKey: false }).code).toBe('CREDENTIALS_REJECTED');
  });

  it('ExpiredToken → exit 4 with the code the use case refreshes on', () => {
    const out = translateStsError(new ExpiredTokenException({ message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 400 } }), ctx);
    expect(out).toMatchObject({ exitCode: 4, code: 'EXPIRED_TOKEN' });
  });

  it('unreachable endpoint → exit 6 naming it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const out = translateStsError(refused, { ...ctx, endpoint: 'http://127.0.0.1:9' });
    expect(out).toMatchObject({ exitCode: 6, code: 'STS_UNREACHABLE' });
    expect(out.message).toContain('http://127.0.0.1:9');
    expect(translateStsError(aws('InternalFailure', 'oops', 503), ctx).exitCode).toBe(6);
  });

  it('a signature rejected because of the clock says how far off the clock is', () => {
    const date = new Date(Date.now() + 2 * 60 * 60 * 1000).toUTCString();
    const out = translateStsError(aws('SignatureDoesNotMatch', 'Signature expired: 20250102T030405Z is now earlier than …', 403, { date }), ctx);
    expect(out).toMatchObject({ exitCode: 4, code: 'CLOCK_SKEW' });
    expect(out.message).toMatch(/local clock is 120 minutes behind STS time/);
  });

  it('describes skew only beyond four minutes', () => {
    expect(describeSkew(60_000)).toBeUndefined();
    expect(describeSkew(-10 * 60_000)?.text).toBe('the local clock is 10 minutes ahead of STS time');
  });
});
