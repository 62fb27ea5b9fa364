// SsoOidc over @aws-sdk/client-sso-oidc (RegisterClient, StartDeviceAuthorization, CreateToken). The
// endpoint is passed explicitly (credentials/sso/endpoints.ts), so AWS_ENDPOINT_URL_SSO_OIDC moves these calls
// and the browser's authorize URL together. These operations are unsigned: no AWS credentials involved.
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { InternalError } from '../../kernel/errors.js';
import type { CreatedToken, DeviceAuthorization, SsoOidc, SsoRegistration } from '../../kernel/sso-ports.js';
import type { SdkClients } from '../../infra/aws/sdk-client.js';
import { translateOidcError } from './sso-errors.node.js';

/** `sdk`: the client factory over the composition root's HTTP settings. */
export function createSsoOidc(region: string, endpoint: string, sdk: SdkClients): SsoOidc {
  const client = new SSOOIDCClient(sdk.config(region, { endpoint }));
  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw translateOidcError(error, operation, endpoint);
    }
  };
  return {
    endpoint,
    async registerClient(input): Promise<SsoRegistration> {
      const out = await call('RegisterClient', () =>
        client.send(new RegisterClientCommand({ clientType: 'public', ...input })),
      );
      if (!out.clientId || !out.clientSecret)
        throw new InternalError(`RegisterClient at ${endpoint} returned no client`);
      return {
        clientId: out.clientId,
        clientSecret: out.clientSecret,
        expiresAt: new Date((out.clientSecretExpiresAt ?? 0) * 1000),
      };
    },
    async startDeviceAuthorization(reg, startUrl): Promise<DeviceAuthorization> {
      const out = await call('StartDeviceAuthorization', () =>
        client.send(
          new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl }),
        ),
      );
      if (!out.deviceCode || !out.userCode || !out.verificationUri)
        throw new InternalError(`StartDeviceAuthorization at ${endpoint} returned no device code`);
      return {
        deviceCode: out.deviceCode,
        userCode: out.userCode,
        verificationUri: out.verificationUri,
        ...(out.verificationUriComplete ? { verificationUriComplete: out.verificationUriComplete } : {}),
        expiresInSeconds: out.expiresIn ?? 600,
        intervalSeconds: out.interval ?? 5,
      };
    },
    async createToken(reg, input): Promise<CreatedToken> {
      const out = await call('CreateToken', () =>
        client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, ...input })),
      );
      if (!out.accessToken) throw new InternalError(`CreateToken at ${endpoint} returned no access token`);
      return {
        accessToken: out.accessToken,
        expiresInSeconds: out.expiresIn ?? 3600,
        ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
      };
    },
  };
}
