// Which identity signs the token, decided before any credential is fetched, so the token cache can be
// consulted first. The `key` is stable and non-secret: it names the identity, never holds a secret.
import { InternalError } from '../kernel/errors.js';
import type { BundleSso } from '../record/bundle-types.js';
import { loginHint } from './role-session/login-hint.js';
import type { SetupRecord } from '../record/setup-record.js';
import type { Env } from '../kernel/ports.js';
import { activeProfile } from '../aws/active-profile.js';

export type SigningSource =
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN] from the environment. */
  | { kind: 'env'; accessKeyId: string }
  /** The AWS SDK's default chain for a profile: shared config/credentials, SSO, credential_process, web identity, container, IMDS. */
  | { kind: 'profile'; profile: string; explicit: boolean }
  /** The access key `eks-login setup` stored in the keychain for a bundle (see record/setup-record.ts). */
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

/** What a row decides when its source applies: everything of the plan but `skipped`. */
type ChosenSource = Omit<SigningSourcePlan, 'skipped'>;

/** One credential source in the precedence table. */
export interface SigningSourceRow {
  /** The kind of the source this row plans (its credentials come from the adapter of that kind). */
  kind: SigningSource['kind'];
  /** The plan when the source is present in these inputs, else undefined. */
  plan(inputs: SigningSourceInputs): ChosenSource | undefined;
  /** For --debug, when present but a row above won: how to name it ("… not used"). Absent: never named. */
  skippedAs?(inputs: SigningSourceInputs): string;
  /** For --debug, when absent: why (e.g. "no access key stored by setup …"). Absent: not worth saying. */
  absentBecause?(inputs: SigningSourceInputs): string;
  /** When this row wins, the other sources are not candidates at all (nothing is listed as skipped). */
  alone?: boolean;
}

const envProfile = (inputs: SigningSourceInputs): string | undefined => inputs.env.AWS_PROFILE?.trim() || undefined;
const recordedProfile = (inputs: SigningSourceInputs): string | undefined =>
  inputs.record?.source.kind === 'profile' ? inputs.record.source.profile : undefined;
const profilePlan = (inputs: SigningSourceInputs, profile: string, reason: string): ChosenSource => ({
  source: { kind: 'profile', profile, explicit: true },
  key: `profile:${profile}${profileFilesSuffix(inputs.env)}`,
  regionProfile: profile,
  reason,
});

/**
 * The precedence of the signing sources, first match wins (design: issue 3 §1, issue 10, issue 12). Read by
 * planSigningSource (the chooser) and by its --debug explanation (`skipped`). Add a source: one row here (a
 * new `SigningSource` kind above) and one provider of that kind (`CredentialsDeps.sources`, wired in
 * token/wire.ts).
 */
export const SIGNING_SOURCES: readonly SigningSourceRow[] = [
  {
    // 0. the --group of the record's bundle has `sso`: IAM Identity Center (that group has no other identity).
    kind: 'sso',
    alone: true,
    plan: (inputs) => {
      const group = inputs.group ? inputs.record?.bundle.groups.find((g) => g.name === inputs.group) : undefined;
      if (!group?.sso) return undefined;
      const bundle = inputs.record!.bundle.name;
      const { sso } = group;
      return {
        source: {
          kind: 'sso',
          sso,
          bundle,
          group: group.name,
          loginCommand: loginHint(inputs.record, group, inputs.cluster),
        },
        key: `sso:${sso.startUrl}|${sso.accountId}|${sso.roleName}`,
        regionProfile: envProfile(inputs) || 'default',
        reason: `IAM Identity Center sign-in to ${sso.startUrl} (permission set ${sso.roleName} in ${sso.accountId}) of bundle ${bundle} group ${group.name}`,
      };
    },
  },
  {
    // 1. the setup record of --bundle with an access key stored by `eks-login setup` (keychain, else the 0600 file).
    kind: 'keychain',
    plan: ({ record, env }) => {
      if (record?.source.kind !== 'keychain') return undefined;
      const bundle = record.bundle.name;
      return {
        source: { kind: 'keychain', bundle, accessKeyId: record.source.accessKeyId, userName: record.source.userName },
        key: `keychain:${bundle}:${record.source.accessKeyId}`,
        regionProfile: activeProfile(env),
        reason: `setup record of bundle ${bundle}: access key stored by setup (keychain, else the 0600 file)`,
      };
    },
    absentBecause: ({ record }) =>
      record
        ? `no access key stored by setup for bundle ${record.bundle.name}`
        : 'no setup record (--bundle absent or never set up): no stored access key',
  },
  {
    // 2. --source-profile P.
    kind: 'profile',
    plan: (inputs) => {
      const profile = inputs.sourceProfile?.trim();
      return profile ? profilePlan(inputs, profile, `--source-profile ${profile}`) : undefined;
    },
    skippedAs: (inputs) => `--source-profile ${inputs.sourceProfile?.trim()}`,
  },
  {
    // 3. the setup record of --bundle naming a profile (`setup --source-profile P`).
    kind: 'profile',
    plan: (inputs) => {
      const profile = recordedProfile(inputs);
      return profile
        ? profilePlan(inputs, profile, `setup record of bundle ${inputs.record!.bundle.name}: profile ${profile}`)
        : undefined;
    },
    skippedAs: (inputs) => `setup record profile ${recordedProfile(inputs)}`,
  },
  {
    // 4. AWS_PROFILE (the SDK then skips environment keys).
    kind: 'profile',
    plan: (inputs) => {
      const profile = envProfile(inputs);
      return profile ? profilePlan(inputs, profile, `AWS_PROFILE=${profile}`) : undefined;
    },
    skippedAs: (inputs) => `AWS_PROFILE=${envProfile(inputs)}`,
  },
  {
    // 5. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY.
    kind: 'env',
    plan: ({ env }) => {
      const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
      if (!accessKeyId || !env.AWS_SECRET_ACCESS_KEY?.trim()) return undefined;
      return {
        source: { kind: 'env', accessKeyId },
        key: `env:${accessKeyId}`,
        regionProfile: 'default',
        reason: 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment',
      };
    },
    skippedAs: () => 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment',
  },
  {
    // 6. otherwise the rest of the SDK's default chain under profile `default`.
    kind: 'profile',
    plan: ({ env }) => ({
      source: { kind: 'profile', profile: 'default', explicit: false },
      key: `profile:default${profileFilesSuffix(env)}`,
      regionProfile: 'default',
      reason: 'the default AWS credential chain',
    }),
  },
];

/** The first row of SIGNING_SOURCES that applies; `skipped` says for --debug what else was there and why it lost. */
export function planSigningSource(
  inputs: SigningSourceInputs,
  table: readonly SigningSourceRow[] = SIGNING_SOURCES,
): SigningSourcePlan {
  const skipped: string[] = [];
  let chosen: { row: SigningSourceRow; plan: ChosenSource } | undefined;
  for (const row of table) {
    const plan = row.plan(inputs);
    if (!chosen) {
      if (plan) chosen = { row, plan };
      else if (row.absentBecause) skipped.push(row.absentBecause(inputs));
    } else if (plan && row.skippedAs) {
      skipped.push(`${row.skippedAs(inputs)} not used (${chosen.plan.reason} comes first)`);
    }
  }
  if (!chosen) throw new InternalError('the signing-source table has no catch-all row');
  return { ...chosen.plan, skipped: chosen.row.alone ? [] : skipped };
}

/** Different config files can give one profile name different identities. */
function profileFilesSuffix(env: Env): string {
  const files = [env.AWS_CONFIG_FILE?.trim(), env.AWS_SHARED_CREDENTIALS_FILE?.trim()];
  return files.some(Boolean) ? `@${files.map((f) => f ?? '').join('|')}` : '';
}
