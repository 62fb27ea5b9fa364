// The setup record: what `eks-login setup` remembers about a bundle, so token, whoami, login and
// logout know the source identity and group. Stored as <setupsDir>/<bundle name>.json (no secrets).
import type { Bundle } from '../bundle/types.js';

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
  | { kind: 'profile'; profile: string; arn?: string };

export interface SetupRecord {
  version: 1;
  bundle: Bundle;
  /** The group chosen at setup. */
  group: string;
  source: SourceIdentity;
  /** The kubeconfig file setup wrote. */
  kubeconfigPath: string;
  /** Context names setup wrote into it. */
  contexts: string[];
  /** ISO time of the setup. */
  setupAt: string;
}

/** Keychain service name for every secret eks-login stores. */
export const KEYCHAIN_SERVICE = 'eks-login';
/** Keychain account for a bundle's stored access key; the secret is JSON {accessKeyId, secretAccessKey}. */
export const accessKeyAccount = (bundleName: string): string => `access-key/${bundleName}`;
