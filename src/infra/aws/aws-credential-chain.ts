// The AWS SDK's default credential chain (env, shared files with a profile, SSO, credential_process, web
// identity, container, IMDS) behind the `profile` source of CredentialsDeps. Loaded lazily: only when a profile signs.
import { CredentialsError, isEksLoginError, NetworkError } from '../../kernel/errors.js';
import { findHttpDeadlineError } from '../http/deadline-error.js';
import { certificateProblem } from '../http/network-error.js';
import { homeDir } from '../fs/home-dir.js';
import type { AwsCredentials, Env, Logger } from '../../kernel/ports.js';
import type { HttpSettings } from '../http/settings.js';
import { sdkClients } from './sdk-client.js';

/** The shared files the SDK reads for `env` (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/…). */
export function sharedFiles(env: Env, home: () => string = homeDir): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE?.trim() || `${env.HOME || home()}/.aws/config`,
    credentials: env.AWS_SHARED_CREDENTIALS_FILE?.trim() || `${env.HOME || home()}/.aws/credentials`,
  };
}

/**
 * `http`: the HTTP layer's settings; the SSO, STS and other clients the chain builds get its request handler
 * (clientConfig), so they honour the proxy, the CA bundle and the hard deadline too.
 * `mfaCodeProvider` answers the SDK when an assume-role profile has `mfa_serial` (the SDK assumes that
 * profile's own role itself; eks-login's group role is assumed on top of it). The shared files come from
 * `env` explicitly (not process.env), so whoami/doctor read the files a context's exec env names.
 */
export async function fromProfileChain(
  profile: string,
  explicit: boolean,
  region: string,
  logger: Logger,
  mfaCodeProvider: ((mfaSerial: string) => Promise<string>) | undefined,
  http: HttpSettings,
  env: Env,
  home: () => string = homeDir,
): Promise<AwsCredentials> {
  const files = sharedFiles(env, home);
  const clientConfig = sdkClients(http, logger).chainConfig(region);
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const sdkLogger = {
    debug: (m: unknown) => logger.debug(`aws-sdk: ${String(m)}`),
    info: () => undefined,
    warn: (m: unknown) => logger.debug(`aws-sdk: ${String(m)}`),
    error: () => undefined,
  };
  const provider = fromNodeProviderChain({
    ...(explicit ? { profile } : {}),
    filepath: files.credentials,
    configFilepath: files.config,
    clientConfig,
    logger: sdkLogger,
    ...(mfaCodeProvider ? { mfaCodeProvider } : {}),
  });
  try {
    const creds = await provider();
    return {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
      ...(creds.expiration ? { expiration: creds.expiration } : {}),
    };
  } catch (error) {
    if (isEksLoginError(error)) throw error; // ours, e.g. the MFA code provider's "no terminal": keep its hint
    const certificate = certificateProblem(error, `AWS (the credential chain of profile ${profile})`);
    if (certificate) throw certificate;
    const why = (error as Error).message?.split('\n')[0] ?? String(error);
    const netCode = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? '';
    if (
      findHttpDeadlineError(error) ||
      /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)$/.test(netCode)
    ) {
      // The chain could not reach its own endpoint (SSO, STS of an assume-role profile): a network failure, not missing credentials.
      throw new NetworkError(`the AWS credential chain for profile ${profile} could not reach AWS: ${why}`, {
        cause: error,
        code: 'STS_UNREACHABLE',
        hint: 'check the network, proxy (HTTPS_PROXY, NO_PROXY) and endpoint settings (AWS_ENDPOINT_URL_STS, AWS_CA_BUNDLE)',
      });
    }
    throw new CredentialsError(`no AWS credentials for profile ${profile}: ${why}`, {
      cause: error,
      hint: explicit
        ? `check profile ${profile} in ${files.config} and ${files.credentials} (for SSO run \`aws sso login --profile ${profile}\`)`
        : 'export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, set AWS_PROFILE, or pass --source-profile <profile>',
    });
  }
}
