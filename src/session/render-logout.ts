// The summary line of `eks-login logout` (stdout). Pure.
import type { LogoutResult } from './logout.js';
import type { SessionTarget } from './targets.js';

/** `targets` undefined: everything was logged out (--all). */
export function renderLogout(
  targets: readonly SessionTarget[] | undefined,
  result: LogoutResult,
  forgetKeys: boolean,
): string {
  const scope = targets ? targets.map((t) => `${t.record.bundle.name}/${t.group.name}`).join(', ') : 'everything';
  const keys = result.forgottenKeys.length
    ? `, the access key of ${result.forgottenKeys.join(', ')}`
    : forgetKeys
      ? ', no stored access key found'
      : '';
  const temps = result.tempFiles
    ? `, ${result.tempFiles} leftover temp file(s) of an interrupted write`
    : forgetKeys
      ? ', no leftover temp files'
      : '';
  const sso = result.signedOut ? `; signed out of IAM Identity Center at ${result.signedOut.join(', ')}` : '';
  return `logged out (${scope}): removed ${result.roleSessions} role session(s), ${result.tokens} cached token(s)${keys}${temps}${sso}\n`;
}
