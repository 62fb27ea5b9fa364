// Error translation of STS failures, fed with the SDK's own exception classes.
import { ExpiredTokenException, STSServiceException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { describeSkew, translateStsError, type StsCallContext } from '../../src/infra/aws/sts-errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
const ctx: StsCallContext = {
  operation: 'AssumeRole',
  endpoint: 'https://sts.eu-west-1.amazonaws.com',
  roleArn: ROLE,
  caller: 'arn:aws:iam::123456789012:user/developer-mike',
};
const aws = (name: string, message: string, status = 403, headers: Record<string, string> = {}): STSServiceException =>
  Object.assign(new STSServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: status } }), {
    $response: { headers },
  });

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
    const out = translateStsError(
      aws('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '),
      ctx,
    );
    expect(out).toMatchObject({ exitCode: 5, code: 'MFA_CODE_REJECTED' });
    expect(out.message).toContain(ROLE);
    expect(out.hint).toMatch(/fresh code/);
    expect(out.hint).not.toMatch(/trust policy/);
  });

  it('rejected credentials → exit 4 CREDENTIALS_REJECTED, with the typed fields core rewords for a stored key', () => {
    for (const name of ['InvalidClientTokenId', 'SignatureDoesNotMatch']) {
      const out = translateStsError(aws(name, 'The security token included in the request is invalid.\nmore'), ctx);
      expect(out).toMatchObject({ exitCode: 4, code: 'CREDENTIALS_REJECTED' });
      expect(out.sts).toEqual({
        reason: 'credentials-rejected',
        endpoint: ctx.endpoint,
        caller: ctx.caller,
        awsCode: name,
        awsMessage: 'The security token included in the request is invalid.',
      });
    }
  });

  it('classifies every STS failure once into a typed reason', () => {
    const date = new Date(Date.now() + 2 * 60 * 60 * 1000).toUTCString();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const cases: Array<[unknown, string]> = [
      [aws('SignatureDoesNotMatch', 'Signature expired', 403, { date }), 'clock-skew'],
      [
        aws('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'),
        'mfa-code-rejected',
      ],
      [aws('AccessDenied', 'not authorized'), 'access-denied'],
      [aws('InvalidClientTokenId', 'invalid'), 'credentials-rejected'],
      [new ExpiredTokenException({ message: 'expired', $metadata: { httpStatusCode: 400 } }), 'expired-token'],
      [aws('ValidationError', 'DurationSeconds exceeds', 400), 'request-invalid'],
      [aws('RegionDisabledException', 'not activated'), 'region-disabled'],
      [refused, 'unreachable'],
      [aws('InternalFailure', 'oops', 503), 'unreachable'],
      [aws('UnknownError', 'Deserialization error', 200), 'not-sts'],
      [aws('SomethingNew', 'new', 400), 'other'],
    ];
    for (const [error, reason] of cases)
      expect({ reason: translateStsError(error, ctx).sts?.reason, error: String(error) }).toEqual({
        reason,
        error: String(error),
      });
  });

  it('ExpiredToken → exit 4 with the code the use case refreshes on', () => {
    const out = translateStsError(
      new ExpiredTokenException({
        message: 'The security token included in the request is expired',
        $metadata: { httpStatusCode: 400 },
      }),
      ctx,
    );
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
    const out = translateStsError(
      aws('SignatureDoesNotMatch', 'Signature expired: 20250102T030405Z is now earlier than …', 403, { date }),
      ctx,
    );
    expect(out).toMatchObject({ exitCode: 4, code: 'CLOCK_SKEW' });
    expect(out.message).toMatch(/local clock is 120 minutes behind STS time/);
  });

  it('describes skew only beyond four minutes', () => {
    expect(describeSkew(60_000)).toBeUndefined();
    expect(describeSkew(-10 * 60_000)?.text).toBe('the local clock is 10 minutes ahead of STS time');
  });
});
