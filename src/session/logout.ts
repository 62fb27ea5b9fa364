// `eks-login logout`: forget cached role sessions and tokens of the chosen targets (or of everything),
// and with forgetKeys the access keys setup stored. Never touches kubeconfig or setup records.
import { StoreError } from '../kernel/errors.js';
import type { SecretStore } from '../kernel/ports.js';
import type { BundleSso } from '../record/bundle-types.js';
import { accessKeyAccount } from '../record/setup-record.js';
import type { IndexedRoleSession } from '../credentials/role-session/cache-entry.js';
import { ssoRoleId } from '../credentials/sso/sso-credentials.js';
import type { CachedTokenFile } from '../token/cache/cache-entry.js';
import type { SessionTarget } from './targets.js';

export interface LogoutDeps {
  store(): Promise<SecretStore>;
  roleSessions: { list(): Promise<IndexedRoleSession[]>; remove(accounts: string[]): Promise<void> };
  tokens: { list(): Promise<CachedTokenFile[]>; remove(file: string): Promise<void> };
  /** Names of the bundles whose setup record uses an access key eks-login stored (for --all --forget-keys). */
  setupBundles(): Promise<string[]>;
  /** The sso blocks of every set-up bundle's groups (for --all --forget-keys). */
  setupSsoGroups?(): Promise<BundleSso[]>;
  /** Signs out of IAM Identity Center (Logout API, then the cached sign-in removed); true when one was cached. */
  ssoSignOut?(sso: BundleSso): Promise<boolean>;
  /** Marks that a logout runs, before anything is deleted: a refresh in flight then discards what it writes. */
  beginLogout?(): Promise<void>;
  /** Removes temp files of ours that a killed writer left in our private directories; how many. */
  scrubTemps?(): Promise<number>;
}

export interface LogoutResult {
  roleSessions: number;
  tokens: number;
  /** Bundles whose stored access key was deleted. */
  forgottenKeys: string[];
  /** Start URLs signed out of (forgetKeys only; absent when none). */
  signedOut?: string[];
  /** Leftover temp files removed (a killed writer's; they may have held secrets). */
  tempFiles: number;
}

/** `targets` undefined means everything. */
export async function logout(
  targets: SessionTarget[] | undefined,
  forgetKeys: boolean,
  ports: LogoutDeps,
): Promise<LogoutResult> {
  const matchesSession = (s: IndexedRoleSession): boolean =>
    !targets ||
    targets.some(
      (t) =>
        (s.roleArn === t.group.roleArn || (t.group.sso !== undefined && s.roleArn === ssoRoleId(t.group.sso))) &&
        (s.bundle === undefined || s.bundle === t.record.bundle.name) &&
        (s.group === undefined || s.group === t.group.name),
    );
  const matchesToken = (t: CachedTokenFile): boolean =>
    !targets ||
    targets.some(
      (x) => t.roleArn === x.group.roleArn && x.clusters.some((c) => (c.clusterId ?? c.name) === t.clusterId),
    );

  await ports.beginLogout?.();
  const tempFiles = (await ports.scrubTemps?.()) ?? 0;
  const sessions = (await ports.roleSessions.list()).filter(matchesSession);
  const tokens = (await ports.tokens.list()).filter(matchesToken);
  // Only bundles setup stored a key for: an IAM Identity Center or profile bundle has none to forget, and
  // forgetting nothing is not a failure, also when no keychain is reachable.
  const keyBundles = !forgetKeys
    ? []
    : targets
      ? [...new Set(targets.filter((t) => t.record.source.kind === 'keychain').map((t) => t.record.bundle.name))]
      : await ports.setupBundles();
  const needStore = sessions.length > 0 || keyBundles.length > 0;
  const store = needStore ? await ports.store() : undefined;
  let removedSessions = 0;
  // A store that fell back to the file (keychain locked or unreachable) cannot delete what is in the
  // keychain: such sessions stay in the index, so a later logout still finds them, and logout fails.
  const left: string[] = [];
  for (const session of sessions) {
    if (await store!.delete(session.account)) removedSessions++;
    else if (store!.note) left.push(session.account);
  }
  await ports.roleSessions.remove(sessions.map((s) => s.account).filter((a) => !left.includes(a)));
  for (const token of tokens) await ports.tokens.remove(token.file);
  const forgottenKeys: string[] = [];
  const keysLeft: string[] = [];
  if (store) {
    for (const bundle of keyBundles) {
      if (await store.delete(accessKeyAccount(bundle))) forgottenKeys.push(bundle);
      else if (store.note) keysLeft.push(bundle);
    }
  }
  // Plain logout keeps the IAM Identity Center sign-in (it is shared with aws-cli); --forget-keys ends it.
  const signedOut: string[] = [];
  if (forgetKeys && ports.ssoSignOut) {
    const groups = targets
      ? targets.flatMap((t) => (t.group.sso ? [t.group.sso] : []))
      : ((await ports.setupSsoGroups?.()) ?? []);
    for (const startUrl of new Set(groups.map((g) => g.startUrl))) {
      if (await ports.ssoSignOut(groups.find((g) => g.startUrl === startUrl)!)) signedOut.push(startUrl);
    }
  }
  if (left.length || keysLeft.length)
    throw keychainNotCleared(store!.note!, left.length, keysLeft, { removedSessions, tokens: tokens.length });
  return {
    roleSessions: removedSessions,
    tokens: tokens.length,
    forgottenKeys,
    tempFiles,
    ...(signedOut.length ? { signedOut } : {}),
  };
}

function keychainNotCleared(
  why: string,
  sessions: number,
  bundles: string[],
  done: { removedSessions: number; tokens: number },
): StoreError {
  const what = [
    ...(sessions ? [`${sessions} role session(s)`] : []),
    ...(bundles.length ? [`any access key stored for bundle ${bundles.join(', ')}`] : []),
  ].join(' and ');
  return new StoreError(
    `logout could not remove ${what} from the keychain (${why}); removed ${done.removedSessions} role session(s) and ${done.tokens} cached token(s) elsewhere`,
    {
      code: 'LOGOUT_INCOMPLETE',
      hint: 'unlock the keychain (or run in the session where it is reachable) and run the same logout again; without any keychain, set EKS_LOGIN_KEYRING=file',
    },
  );
}
