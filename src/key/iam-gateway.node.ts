// IamGateway over @aws-sdk/client-iam (loaded only by `eks-login key rotate`), through the one HTTP layer
// (proxies, extra CA roots, hard deadlines). IAM is global: region us-east-1 unless AWS_REGION says otherwise
// for another partition; AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL move the calls.
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import {
  AccessDeniedError,
  CredentialsError,
  isEksLoginError,
  NetworkError,
  type EksLoginError,
} from '../kernel/errors.js';
import type { AwsCredentials, Env, IamGateway } from '../kernel/ports.js';
import { certificateProblem } from '../infra/http/network-error.js';
import { sdkClients } from '../infra/aws/sdk-client.js';
import { failedBeforeAnswer } from '../infra/aws/sdk-error.js';
import type { HttpSettings } from '../infra/http/settings.js';

const PERMISSION_HINT =
  'ask your AWS admin to allow iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys on your own user (Resource arn:aws:iam::<account>:user/${aws:username}), or rotate the key in the IAM console and run `eks-login setup <bundle> --from-env`';

export function iamEndpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_IAM?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
}

/** `settings`: the HTTP layer's, with the active profile's ca_bundle and the command's signal (services/services.ts). */
export function createIamGateway(env: Env, settings: HttpSettings): IamGateway {
  const sdk = sdkClients(settings);
  const endpoint = iamEndpoint(env);
  const client = (credentials: AwsCredentials) => new IAMClient(sdk.config('us-east-1', { credentials, endpoint }));
  const where = endpoint ?? 'https://iam.amazonaws.com';
  return {
    async createAccessKey(credentials, userName) {
      const iam = client(credentials);
      try {
        const out = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
        const key = out.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey)
          throw new CredentialsError(`IAM CreateAccessKey at ${where} returned no key`);
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      } catch (error) {
        throw translateIamError(error, 'CreateAccessKey', where, userName);
      } finally {
        iam.destroy();
      }
    },
    async deleteAccessKey(credentials, userName, accessKeyId) {
      const iam = client(credentials);
      try {
        await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
      } catch (error) {
        throw translateIamError(error, `DeleteAccessKey …${accessKeyId.slice(-4)}`, where, userName);
      } finally {
        iam.destroy();
      }
    },
    async listAccessKeys(credentials, userName) {
      const iam = client(credentials);
      try {
        const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
        return (out.AccessKeyMetadata ?? []).flatMap((k) =>
          k.AccessKeyId ? [{ accessKeyId: k.AccessKeyId, ...(k.CreateDate ? { createdAt: k.CreateDate } : {}) }] : [],
        );
      } catch (error) {
        throw translateIamError(error, 'ListAccessKeys', where, userName);
      } finally {
        iam.destroy();
      }
    },
  };
}

export function translateIamError(
  error: unknown,
  operation: string,
  endpoint: string,
  userName: string,
): EksLoginError {
  if (isEksLoginError(error)) return error;
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; cause?: unknown };
  const code = e.name ?? e.code ?? '';
  const what = `IAM ${operation} for user ${userName} at ${endpoint}`;
  const certificate = certificateProblem(error, `IAM at ${endpoint}`);
  if (certificate) return certificate;
  if (failedBeforeAnswer(error)) {
    return new NetworkError(`${what}: IAM could not be reached (${e.message ?? code})`, {
      code: 'IAM_UNREACHABLE',
      hint: 'check the network, proxy (HTTPS_PROXY, NO_PROXY) and AWS_ENDPOINT_URL_IAM',
      cause: error,
    });
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return new AccessDeniedError(`${what} was denied: ${e.message ?? code}`, {
      code: 'IAM_PERMISSION_MISSING',
      hint: PERMISSION_HINT,
      cause: error,
    });
  }
  if (code === 'LimitExceeded' || code === 'LimitExceededException') {
    return new AccessDeniedError(
      `${what}: the user already has two access keys, the most IAM allows (${e.message ?? code})`,
      {
        code: 'ACCESS_KEY_LIMIT',
        hint: 'delete the access key you no longer use (IAM console → Users → Security credentials), then run `eks-login key rotate` again',
        cause: error,
      },
    );
  }
  if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
    return new CredentialsError(`${what}: no such entity (${e.message ?? code})`, {
      code: 'IAM_NO_SUCH_ENTITY',
      cause: error,
    });
  }
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch') {
    return new CredentialsError(`${what}: the key was not accepted (${code}: ${e.message ?? ''})`, {
      code: 'IAM_KEY_REJECTED',
      cause: error,
    });
  }
  return new CredentialsError(`${what} failed: ${code}${e.message ? `: ${e.message}` : ''}`, {
    code: 'IAM_FAILED',
    cause: error,
  });
}
