// The setup record: what `eks-login setup` remembers about a bundle, so token, whoami, login, logout and
// sync know the source identity, the groups and where the bundle came from. Stored as
// <setupsDir>/<bundle name>.json (no secrets). Every path in it is absolute.
import type { Bundle } from './bundle-types.js';

export type SourceIdentity =
  /** An access key stored by setup in the keychain (account `access-key/<bundle name>`). */
  | {
      kind: 'keychain';
      accessKeyId: string;
      userArn: string;
      userName: string;
      /** The user's MFA device when it is not the default `arn:<partition>:iam::<account>:mfa/<user name>`. */
      mfaSerial?: string;
    }
  /** An existing AWS profile (`setup --source-profile P`); nothing secret stored by eks-login. */
  | { kind: 'profile'; profile: string; arn?: string }
  /** IAM Identity Center (an sso group): the sign-in lives in ~/.aws/sso/cache; no access key is stored. */
  | { kind: 'sso'; startUrl: string; arn?: string };

export interface SetupRecord {
  version: 1;
  bundle: Bundle;
  /** The first set-up group (kept for readers of records written before `groups`). */
  group: string;
  /** Every group set up for the bundle, in bundle order (setup adds, `logout --remove-contexts` removes). */
  groups: string[];
  source: SourceIdentity;
  /**
   * Where the bundle came from: an absolute file path or an https URL (what `sync` re-reads). A URL's
   * secrets (userinfo, query values) are never here: they are shown as `****` and kept in the secret store
   * (account `bundle-url/<bundle>`, see `bundleSourceSecret`).
   */
  bundleSource?: string;
  /** True when the secret part of `bundleSource` is in the secret store (bundle/source-url.ts joins it back). */
  bundleSourceSecret?: boolean;
  /** The pinned sha256 (hex) of the bundle's bytes (`--sha256`), when pinned. */
  bundleSha256?: string;
  /** The kubeconfig file setup wrote (absolute). */
  kubeconfigPath: string;
  /** Context names setup wrote into it, for every group. */
  contexts: string[];
  /** ISO time of the setup. */
  setupAt: string;
  /**
   * The exec `env` setup wrote (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE / AWS_PROFILE as setup ran
   * with them; names and paths only), so `sync` writes the same from any shell. Absent: none.
   */
  execEnv?: Array<{ name: string; value: string }>;
}

/** A record as read from disk: records written before `groups` existed name one group. Cheap (warm path). */
export function normalizeRecord(record: SetupRecord): SetupRecord {
  if (Array.isArray(record.groups)) return record;
  return { ...record, groups: typeof record.group === 'string' ? [record.group] : [] };
}

/** Keychain account for a bundle's stored access key; the secret is JSON {accessKeyId, secretAccessKey}. */
export const accessKeyAccount = (bundleName: string): string => `access-key/${bundleName}`;
/** Keychain account for the secret part of a bundle's source URL; JSON {userinfo, query} (bundle/source-url.ts). */
export const bundleUrlAccount = (bundleName: string): string => `bundle-url/${bundleName}`;
