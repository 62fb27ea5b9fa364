// Signing out of IAM Identity Center (logout --forget-keys): the portal's Logout API ends the session
// server-side, then the cached sign-in file is removed (aws-cli's `aws sso logout` does the same). A
// token the portal no longer knows (or an unreachable portal) still gets its file removed. Pure.
import type { Logger } from '../../kernel/ports.js';
import type { BundleSso } from '../../record/bundle-types.js';
import type { SsoPortal, SsoTokenCache } from '../../kernel/sso-ports.js';

export interface SignOutDeps {
  tokens: SsoTokenCache;
  portal(region: string): Promise<SsoPortal>;
  logger: Logger;
}

/** Returns whether a sign-in was cached (and is now gone). */
export async function signOut(sso: Pick<BundleSso, 'startUrl' | 'region'>, deps: SignOutDeps): Promise<boolean> {
  const token = await deps.tokens.read(sso.startUrl);
  if (token) {
    try {
      await (await deps.portal(token.region || sso.region)).logout(token.accessToken);
    } catch (error) {
      deps.logger.debug(
        `IAM Identity Center Logout for ${sso.startUrl} failed (${(error as Error).message}); removing the cached sign-in anyway`,
      );
    }
  }
  return deps.tokens.remove(sso.startUrl);
}
