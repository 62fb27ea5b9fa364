// Every translator of AWS SDK errors (STS, IAM for key rotate, the admin's IAM and EKS, IAM Identity
// Center) reads "no HTTP answer came" the same way (infra/aws/sdk-error.ts): a socket or TLS code on the
// error or on the error it wraps is exit 6, an AWS answer is not.
import { describe, expect, it } from 'vitest';
import { translateAdminError } from '../../src/admin/aws-errors.node.js';
import { translateIamError } from '../../src/key/iam-gateway.node.js';
import { failedBeforeAnswer, socketCodeOf } from '../../src/infra/aws/sdk-error.js';
import { translatePortalError } from '../../src/credentials/sso/sso-errors.node.js';
import { translateStsError } from '../../src/infra/aws/sts-errors.js';

const socket = (code: string): Error => Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
/** How the SDK hands on a socket failure it caught: its own error with the Node error as the cause. */
const wrapped = (code: string): Error =>
  Object.assign(new Error('request failed'), { name: 'Error', cause: socket(code) });
const denied = Object.assign(new Error('User is not authorized'), {
  name: 'AccessDenied',
  Code: 'AccessDenied',
  $metadata: { httpStatusCode: 403 },
});

const translators: Array<[string, (error: unknown) => { exitCode: number }]> = [
  [
    'sts',
    (error) =>
      translateStsError(error, {
        operation: 'GetCallerIdentity',
        endpoint: 'https://sts.eu-west-1.amazonaws.com',
        caller: 'access key …0001',
      }),
  ],
  [
    'iam (key rotate)',
    (error) => translateIamError(error, 'CreateAccessKey', 'https://iam.amazonaws.com', 'developer-mike'),
  ],
  ['admin (IAM/EKS)', (error) => translateAdminError(error, 'IAM GetRole developers', 'https://iam.amazonaws.com')],
  [
    'sso portal',
    (error) =>
      translatePortalError(error, 'GetRoleCredentials', 'https://portal.sso.eu-west-1.amazonaws.com', 'EksDevelopers'),
  ],
];

describe('SDK errors: no HTTP answer is exit 6 for every AWS API', () => {
  it('finds the socket or TLS code on the error or on the error it wraps, and nothing on an AWS answer', () => {
    expect(socketCodeOf(wrapped('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(socketCodeOf(socket('CERT_HAS_EXPIRED'))).toBe('CERT_HAS_EXPIRED');
    expect(failedBeforeAnswer(denied)).toBe(false);
    expect(failedBeforeAnswer(Object.assign(new Error('x'), { code: 'ERR_SOMETHING_ELSE' }))).toBe(false);
  });

  for (const [name, translate] of translators) {
    it(`${name}: a refused connection inside the SDK's error and an expired certificate are exit 6; AccessDenied is exit 5`, () => {
      expect(translate(wrapped('ECONNREFUSED')).exitCode).toBe(6);
      expect(translate(socket('CERT_HAS_EXPIRED')).exitCode).toBe(6);
      expect(translate(denied).exitCode).toBe(5);
    });
  }
});
