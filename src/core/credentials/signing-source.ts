// Which identity signs the token, decided before any credential is fetched, so the token cache can be
// consulted first. The `key` is stable and non-secret: it names the identity, never holds a secret.
import type { BundleSso } from '../bundle/types.js';
import { loginHint } from '../role-session/login-hint.js';
import type { SetupRecord } from '../setup/record.js';
import type { Env } from '../../ports.js';

export type SigningSource =
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN] from the environment. */
  | { kind: 'env'; accessKeyId: string }
  /** The AWS SDK's default chain for a profile: shared config/credentials, SSO, credential_process, web identity, container, IMDS. */
  | { kind: 'profile'; profile: string; explicit: boolean }
  /** The access key `eks-login setup` stored in the keychain for a bundle (see core/setup/record.ts). */
  | { kind: 'keychain'; bundle: string; accessKeyId: string; userName: string }
  /** IAM Identity Center: the bundle group's permission set (GetRoleCredentials with the cached sign-in). */
  | { kind: 'sso'; sso: BundleSso; bundle: string; group: string; loginCommand: string };

export interface SigningSourcePlan {
  source: SigningSource;
  /** Stable, non-secret identity key for cache keys, e.g. `env:AKIA…`, `profile:dev`, `keychain:acme:AKIA…`. */
  key: string;
  /** The profile whose `region` setting applies (the SDK's rule), for region resolution. */
  regionProfile: string;
  /** For --debug: why this source. */
  reason: string;
  /** For --debug: the other sources present and why they were skipped. */
  skipped: string[];
}

export interface SigningSourceInputs {
  /** --source-profile */
  sourceProfile?: string | undefined;
  /** The setup record of --bundle, when one exists. */
  record?: SetupRecord | undefined;
  env: Env;
  /** --group: a group of the record's bundle with an `sso` block signs in with IAM Identity Center. */
  group?: string | undefined;
  /** --cluster: names the context in the `eks-login login <context>` hint. */
  cluster?: string | undefined;
}

/**
 * Precedence (first match wins; design: issue 3 §1, issue 10):
 * 0. the --group of the record's bundle has `sso` → IAM Identity Center (that group has no other identity).
 * 1. the setup record of --bundle with an access key stored by `eks-login setup` (keychain, else the 0600 file).
 * 2. --source-profile P → profile P.
 * 3. the setup record of --bundle naming a profile (`setup --source-profile P`).
 * 4. AWS_PROFILE → that profile (the SDK then skips environment keys).
 * 5. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY → the environment keys.
 * 6. otherwise the rest of the default chain under profile `default`.
 * `skipped` says, for --debug, which other sources were present and why they were not used.
 */
export function planSigningSource(inputs: SigningSourceInputs): SigningSourcePlan {
  const plan = choose(inputs);
  return { ...plan, skipped: skippedSources(inputs, plan) };
}

function choose(inputs: SigningSourceInputs): Omit<SigningSourcePlan, 'skipped'> {
  const { env } = inputs;
  const fileSuffix = profileFilesSuffix(env);
  const envProfile = env.AWS_PROFILE?.trim();
  const recorded = inputs.record?.source;
  const group = inputs.group ? inputs.record?.bundle.groups.find((g) => g.name === inputs.group) : undefined;
  if (group?.sso) {
    const bundle = inputs.record!.bundle.name;
    const { sso } = group;
    return {
      source: { kind: 'sso', sso, bundle, group: group.name, loginCommand: loginHint(inputs.record, group, inputs.cluster) },
      key: `sso:${sso.startUrl}|${sso.accountId}|${sso.roleName}`,
      regionProfile: envProfile || 'default',
      reason: `IAM Identity Center sign-in to ${sso.startUrl} (permission set ${sso.roleName} in ${sso.accountId}) of bundle ${bundle} group ${group.name}`,
    };
  }
  if (recorded?.kind === 'keychain') {
    const bundle = inputs.record!.bundle.name;
    return {
      source: { kind: 'keychain', bundle, accessKeyId: recorded.accessKeyId, userName: recorded.userName },
      key: `keychain:${bundle}:${recorded.accessKeyId}`,
      regionProfile: envProfile || 'default',
      reason: `setup record of bundle ${bundle}: access key stored by setup (keychain, else the 0600 file)`,
    };
  }
  if (inputs.sourceProfile?.trim()) {
    const profile = inputs.sourceProfile.trim();
    return { source: { kind: 'profile', profile, explicit: true }, key: `profile:${profile}${fileSuffix}`, regionProfile: profile, reason: `--source-profile ${profile}` };
  }
  if (recorded?.kind === 'profile') {
    return {
      source: { kind: 'profile', profile: recorded.profile, explicit: true },
      key: `profile:${recorded.profile}${fileSuffix}`,
      regionProfile: recorded.profile,
      reason: `setup record of bundle ${inputs.record!.bundle.name}: profile ${recorded.profile}`,
    };
  }
  if (envProfile) {
    return { source: { kind: 'profile', profile: envProfile, explicit: true }, key: `profile:${envProfile}${fileSuffix}`, regionProfile: envProfile, reason: `AWS_PROFILE=${envProfile}` };
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  if (accessKeyId && env.AWS_SECRET_ACCESS_KEY?.trim()) {
    return { source: { kind: 'env', accessKeyId }, key: `env:${accessKeyId}`, regionProfile: 'default', reason: 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment' };
  }
  return { source: { kind: 'profile', profile: 'default', explicit: false }, key: `profile:default${fileSuffix}`, regionProfile: 'default', reason: 'the default AWS credential chain' };
}

/** What else could have signed, and why it did not (for --debug). */
function skippedSources(inputs: SigningSourceInputs, chosen: Omit<SigningSourcePlan, 'skipped'>): string[] {
  const { env, record } = inputs;
  const used = ` (${chosen.reason} comes first)`;
  const skipped: string[] = [];
  if (chosen.source.kind === 'sso') return skipped;
  if (record?.source.kind !== 'keychain') {
    skipped.push(record ? `no access key stored by setup for bundle ${record.bundle.name}` : 'no setup record (--bundle absent or never set up): no stored access key');
  }
  // In precedence order, as choose() tries them: when the stored key did not win, the first present one did.
  const candidates: Array<[boolean, string]> = [
    [Boolean(inputs.sourceProfile?.trim()), `--source-profile ${inputs.sourceProfile?.trim()}`],
    [record?.source.kind === 'profile', `setup record profile ${record?.source.kind === 'profile' ? record.source.profile : ''}`],
    [Boolean(env.AWS_PROFILE?.trim()), `AWS_PROFILE=${env.AWS_PROFILE?.trim()}`],
    [Boolean(env.AWS_ACCESS_KEY_ID?.trim() && env.AWS_SECRET_ACCESS_KEY?.trim()), 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment'],
  ];
  const present = candidates.filter(([isPresent]) => isPresent).map(([, name]) => name);
  const notUsed = chosen.source.kind === 'keychain' ? present : present.slice(1);
  return [...skipped, ...notUsed.map((name) => `${name} not used${used}`)];
}

/** Different config files can give one profile name different identities. */
function profileFilesSuffix(env: Env): string {
  const files = [env.AWS_CONFIG_FILE?.trim(), env.AWS_SHARED_CREDENTIALS_FILE?.trim()];
  return files.some(Boolean) ? `@${files.map((f) => f ?? '').join('|')}` : '';
}
