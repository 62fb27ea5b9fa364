// What `eks-login login` says on stdout, per target: an sso group's sign-in status (unless it signed in just now:
// that said its "signed in to …" line on stderr already) and the role session with its end and contexts.
import { formatTimestamp } from '../kernel/format/timestamp.js';
import { ssoStatusLine } from '../credentials/sso/status.js';
import type { Write } from '../kernel/write.js';
import type { LoginResult } from './login.js';

export function renderLogin(results: readonly LoginResult[]): Write[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.signIn && r.signIn.how !== 'signed-in') lines.push(ssoStatusLine(r.signIn));
    const until = r.expiration ? ` until ${formatTimestamp(r.expiration)}` : '';
    const contexts = r.contexts.length ? ` (contexts: ${r.contexts.join(', ')})` : '';
    lines.push(`logged in: ${r.description}${until}${contexts}`);
  }
  return lines.map((line) => ({ to: 'stdout', text: `${line}\n` }));
}
