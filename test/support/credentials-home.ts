// A throwaway HOME (home.ts) for process tests of the credential path: a setup record for a bundle, the access key
// in the 0600 file store (EKS_LOGIN_KEYRING=file), and the environment a spawned eks-login needs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, BundleGroup } from '../../src/record/bundle-types.js';
import type { SetupRecord } from '../../src/record/setup-record.js';
import { createHome } from './home.js';

export interface CredentialsHome {
  dir: string;
  env: Record<string, string>;
  configDir: string;
  cacheDir: string;
  secretsFile: string;
  /** Writes the setup record of `bundle` (keychain source = the given IAM user) and stores the key. */
  setUp(
    bundle: Bundle,
    user: { name: string; arn: string; accessKeyId: string; secretAccessKey: string },
    group: string,
  ): void;
  secrets(): Record<string, string>;
  remove(): void;
}

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

export function testBundle(groups: BundleGroup[], name = 'acme'): Bundle {
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Bundle',
    name,
    clusters: [
      { name: 'demo', region: 'us-east-1', endpoint: 'https://127.0.0.1:6443', certificateAuthorityData: CA },
      { name: 'prod', region: 'eu-west-1', endpoint: 'https://127.0.0.1:6444', certificateAuthorityData: CA },
    ],
    groups,
  };
}

export function createCredentialsHome(extraEnv: Record<string, string> = {}): CredentialsHome {
  const home = createHome({ xdg: true });
  const { dir, configDir, cacheDir } = home;
  const secretsFile = join(configDir, 'secrets.json');
  const env = {
    ...home.env,
    KUBECONFIG: join(dir, 'kubeconfig'),
    EKS_LOGIN_KEYRING: 'file',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extraEnv,
  };
  return {
    dir,
    env,
    configDir,
    cacheDir,
    secretsFile,
    setUp(bundle, user, group) {
      mkdirSync(join(configDir, 'bundles'), { recursive: true, mode: 0o700 });
      const record: SetupRecord = {
        version: 1,
        bundle,
        group,
        groups: [group],
        source: { kind: 'keychain', accessKeyId: user.accessKeyId, userArn: user.arn, userName: user.name },
        kubeconfigPath: env.KUBECONFIG,
        contexts: bundle.clusters.map((c) => `${group}@${c.name}`),
        setupAt: '2025-01-02T03:04:05Z',
      };
      writeFileSync(join(configDir, 'bundles', `${bundle.name}.json`), JSON.stringify(record));
      const all = this.secrets();
      all[`access-key/${bundle.name}`] = JSON.stringify({
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
      });
      writeFileSync(secretsFile, JSON.stringify(all), { mode: 0o600 });
    },
    secrets() {
      try {
        return JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
      } catch {
        return {};
      }
    },
    remove: home.remove,
  };
}
