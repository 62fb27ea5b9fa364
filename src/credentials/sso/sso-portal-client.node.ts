// SsoPortal over @aws-sdk/client-sso: GetRoleCredentials (the permission set's role session) and Logout,
// both authenticated by the access token alone (x-amz-sso_bearer_token), at the endpoint core chose.
import { GetRoleCredentialsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { InternalError } from '../../kernel/errors.js';
import type { SsoPortal } from '../../kernel/sso-ports.js';
import type { SdkClients } from '../../infra/aws/sdk-client.js';
import { translatePortalError } from './sso-errors.node.js';

/** `sdk`: the client factory over the composition root's HTTP settings; unsigned calls (the access token authenticates). */
export function createSsoPortal(region: string, endpoint: string, sdk: SdkClients): SsoPortal {
  const client = new SSOClient(sdk.config(region, { endpoint }));
  return {
    async getRoleCredentials(accessToken, accountId, roleName) {
      const what = `permission set ${roleName} in account ${accountId}`;
      try {
        const out = await client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
        const c = out.roleCredentials;
        if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration)
          throw new InternalError(`GetRoleCredentials ${what} at ${endpoint} returned no credentials`);
        return {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expiration: new Date(c.expiration),
        };
      } catch (error) {
        throw translatePortalError(error, 'GetRoleCredentials', endpoint, what);
      }
    },
    async logout(accessToken) {
      try {
        await client.send(new LogoutCommand({ accessToken }));
      } catch (error) {
        throw translatePortalError(error, 'Logout', endpoint, 'the sign-in');
      }
    },
  };
}
