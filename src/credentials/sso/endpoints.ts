// Where IAM Identity Center calls go. Pure. AWS_ENDPOINT_URL_SSO_OIDC (else AWS_ENDPOINT_URL) moves the
// OIDC service and with it the browser's authorize URL; AWS_ENDPOINT_URL_SSO (else AWS_ENDPOINT_URL) the portal.
import type { Env } from '../../kernel/ports.js';

const dnsSuffix = (region: string): string => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');
const trimmed = (value: string | undefined): string | undefined => value?.trim().replace(/\/+$/, '') || undefined;

export function ssoOidcEndpoint(region: string, env: Env): string {
  return (
    trimmed(env.AWS_ENDPOINT_URL_SSO_OIDC) ??
    trimmed(env.AWS_ENDPOINT_URL) ??
    `https://oidc.${region}.${dnsSuffix(region)}`
  );
}

export function ssoPortalEndpoint(region: string, env: Env): string {
  return (
    trimmed(env.AWS_ENDPOINT_URL_SSO) ??
    trimmed(env.AWS_ENDPOINT_URL) ??
    `https://portal.sso.${region}.${dnsSuffix(region)}`
  );
}
