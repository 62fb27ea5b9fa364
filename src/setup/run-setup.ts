// Use case `eks-login setup <bundle>`: groups (added to those set up before) → kubeconfig plan (collisions
// fail first) → source identity (the stored key on a re-run) → key check (GetCallerIdentity + trial
// AssumeRole) → confirmation → under the kubeconfig lock: the file, its backup and the record proven
// writable, the secret stored, the kubeconfig written → setup record. A failure after the secret was stored
// puts the previous secret back. A dry run stops after the plan and needs no credentials.
import { ConfigError, EksLoginError, UsageError } from '../kernel/errors.js';
import type {
  AwsCredentials,
  Clock,
  Env,
  KubeconfigLocation,
  KubeconfigStore,
  Prompter,
  SecretStore,
  StsGateway,
} from '../kernel/ports.js';
import type { Bundle, BundleGroup, BundleSso } from '../record/bundle-types.js';
import { buildDesiredContexts } from '../kubeconfig/desired.js';
import type { ExecLauncher } from '../kubeconfig/exec-launcher.js';
import { previewKubeconfigUpdate, updateKubeconfig, type UpdateKubeconfigResult } from '../kubeconfig/update.js';
import { resolveStsEndpoint, stsTargetOf } from '../aws/sts-endpoint.js';
import type { ProfileStsSettings } from '../aws/config-file.js';
import { checkKey, describeKeyCheck, type KeyCheck } from './check-key.js';
import { chooseGroups, confirm } from './choose.js';
import { accessKeyAccount, type SetupRecord, type SourceIdentity } from '../record/setup-record.js';
import { describeChanges } from './report.js';
import { accountOfArn, chooseSource, sourceCredentials, type SourceCredentials } from './source.js';
import { activeProfile } from '../aws/active-profile.js';

export interface SetupInput {
  bundle: Bundle;
  /** --group values (repeatable); added to the groups set up before. */
  groups?: string[];
  fromEnv?: boolean;
  sourceProfile?: string;
  /** --reuse-key BUNDLE: the key stored for another bundle. */
  reuseKey?: string;
  /** Where the bundle came from (absolute path or https URL) and its pin, for the record. */
  bundleSource?: string;
  bundleSha256?: string;
  location: KubeconfigLocation;
  /** How kubectl starts eks-login: exec command, args before `token`, env (kubeconfig/exec-launcher.ts). */
  command: ExecLauncher;
  use?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
}

export interface SetupDeps {
  /** The STS settings of a profile in ~/.aws/config (they count like the environment variables). */
  profileSts?: (profile: string) => ProfileStsSettings | undefined;
  env: Env;
  clock: Clock;
  /** Present only when a person can answer (stdin and stderr are terminals). */
  prompter?: Prompter;
  kubeconfig: KubeconfigStore;
  sts(): Promise<StsGateway>;
  secrets(): Promise<SecretStore>;
  fromProfile(profile: string): Promise<AwsCredentials>;
  /** Every setup record (this bundle's included). */
  records(): Promise<SetupRecord[]>;
  /** Fails (ConfigError) when the record of `bundle` could not be written; writes nothing. */
  checkRecordWritable(bundle: string): Promise<void>;
  /**
   * The permission-set credentials of an sso group: the cached sign-in, else a sign-in now (URL on
   * stderr). `loginCommand` is the hint when no sign-in can happen.
   */
  ssoCredentials(
    bundle: string,
    group: BundleGroup & { sso: BundleSso },
    loginCommand: string,
  ): Promise<AwsCredentials>;
  /** Writes `<setupsDir>/<bundle>.json`; returns its path. */
  writeRecord(record: SetupRecord): Promise<string>;
  /** A line for the person, on stderr. */
  say(line: string): void;
}

export interface SetupResult {
  /** Every group set up for the bundle now (earlier ones included), in bundle order. */
  groups: BundleGroup[];
  /** The context names of those groups, in bundle order. */
  contexts: string[];
  kubeconfig: UpdateKubeconfigResult;
  check?: KeyCheck;
  recordPath?: string;
}

/** A thrown value that is not ours (an I/O failure) as a ConfigError saying what was being written. */
function asWriteError(error: unknown, what: string): EksLoginError {
  if (error instanceof EksLoginError) return error;
  return new ConfigError(`cannot write ${what}: ${(error as Error).message}`, {
    code: 'SETUP_WRITE_FAILED',
    cause: error,
  });
}

export async function runSetup(input: SetupInput, deps: SetupDeps): Promise<SetupResult> {
  const { bundle } = input;
  const records = await deps.records();
  const previous = records.find((r) => r.bundle.name === bundle.name);
  const others = records.filter((r) => r.bundle.name !== bundle.name);
  const groups = await chooseGroups(bundle, input.groups ?? [], previous?.groups ?? [], deps.prompter);
  const desired = groups.flatMap((group) => buildDesiredContexts(bundle, group, input.command));
  const contexts = desired.map((d) => d.name);
  const request = { location: input.location, bundle: bundle.name, desired, force: input.force, use: input.use };
  if (input.dryRun) {
    return { groups, contexts, kubeconfig: await updateKubeconfig(deps.kubeconfig, { ...request, dryRun: true }) };
  }
  // Collisions and a malformed file fail here, before any key is asked for.
  const preview = await previewKubeconfigUpdate(deps.kubeconfig, request);

  const region = bundle.clusters.find((c) => desired[0]?.mark.cluster === c.name)?.region ?? bundle.clusters[0]!.region;
  const endpoint = resolveStsEndpoint(
    region,
    deps.env,
    deps.profileSts?.(activeProfile(deps.env, input.sourceProfile)),
  );
  const target = stsTargetOf(endpoint);
  // sso groups sign in (unless a valid sign-in is cached) instead of handing over an access key: each is
  // checked with its permission set's credentials (and a trial AssumeRole of its roleArn, if it has one).
  for (const group of groups.filter((g) => g.sso)) {
    const context = desired.find((d) => d.mark.group === group.name)?.name;
    const credentials = await deps.ssoCredentials(
      bundle.name,
      { ...group, sso: group.sso! },
      context ? `eks-login login ${context}` : 'eks-login login --all',
    );
    deps.say(
      describeKeyCheck(await checkKey(await deps.sts(), target, credentials, group)).replace(
        /^signed in as/,
        `group ${group.name}: signed in as`,
      ),
    );
  }
  const keyGroups = groups.filter((g) => !g.sso);
  let source: SourceCredentials | undefined;
  let check: KeyCheck | undefined;
  if (keyGroups.length > 0) {
    const account = accountOfArn(keyGroups[0]!.roleArn!);
    const choice = chooseSource(input, deps.prompter !== undefined, previous, others, account);
    source = await sourceCredentials(choice, deps);
    check = await checkKey(await deps.sts(), target, source.credentials, keyGroups);
    deps.say(describeKeyCheck(check));
  }

  const storeKey = source?.kind === 'keychain' && source.storedFor !== bundle.name;
  // The store is asked once before the confirmation: an automatic store that falls back to the file says so
  // (its warning) before the question whether to store the key, not after the answer.
  if (storeKey) await (await deps.secrets()).get(accessKeyAccount(bundle.name));
  if (!input.yes) {
    if (!deps.prompter)
      throw new UsageError('setup needs a confirmation and there is no terminal to ask', { hint: 'pass --yes' });
    for (const line of describeChanges(preview, 'plan')) deps.say(line);
    if (
      !(await confirm(
        deps.prompter,
        storeKey ? 'Store the key and write these kubeconfig changes?' : 'Write these kubeconfig changes?',
      ))
    ) {
      throw new UsageError('setup cancelled: nothing was stored or written', { code: 'CANCELLED' });
    }
  }

  // Only sso groups: no key identity; an earlier key identity of the bundle stays for its groups.
  let identity: SourceIdentity;
  if (!source || !check)
    identity = previous?.source ?? { kind: 'sso', startUrl: groups.find((g) => g.sso)!.sso!.startUrl };
  else if (source.kind === 'profile') identity = { kind: 'profile', profile: source.profile!, arn: check.identity.arn };
  else
    identity = {
      kind: 'keychain',
      accessKeyId: source.credentials.accessKeyId,
      userArn: check.identity.arn,
      userName: check.userName ?? check.identity.arn.split('/').at(-1)!,
    };

  const account_ = accessKeyAccount(bundle.name);
  let restore: (() => Promise<void>) | undefined;
  try {
    const kubeconfig = await updateKubeconfig(deps.kubeconfig, {
      ...request,
      beforeWrite: async () => {
        await deps.checkRecordWritable(bundle.name);
        if (!storeKey) return;
        const store = await deps.secrets();
        const before = await store.get(account_);
        const { accessKeyId, secretAccessKey } = source!.credentials;
        await store.set(account_, JSON.stringify({ accessKeyId, secretAccessKey }));
        restore = async () => {
          if (before === null) await store.delete(account_);
          else await store.set(account_, before);
        };
        const replaced = before !== null && !before.includes(`"${accessKeyId}"`);
        deps.say(
          `access key …${accessKeyId.slice(-4)} stored in ${store.location} (account ${account_})${replaced ? ', replacing the previous key' : ''}`,
        );
      },
    });
    const recordPath = await deps
      .writeRecord({
        version: 1,
        bundle,
        group: groups[0]!.name,
        groups: groups.map((g) => g.name),
        source: identity,
        // A URL's secrets in input.bundleSource go to the secret store when the record is written (setup/wire.ts).
        ...(input.bundleSource
          ? { bundleSource: input.bundleSource }
          : previous?.bundleSource
            ? {
                bundleSource: previous.bundleSource,
                ...(previous.bundleSourceSecret ? { bundleSourceSecret: true } : {}),
              }
            : {}),
        ...(input.bundleSha256 ? { bundleSha256: input.bundleSha256 } : {}),
        kubeconfigPath: kubeconfig.path,
        contexts,
        setupAt: deps.clock.now().toISOString(),
        ...(input.command.env.length ? { execEnv: input.command.env.map((e) => ({ ...e })) } : {}),
      })
      .catch((error: unknown) => {
        throw asWriteError(error, `the setup record of bundle ${bundle.name}`);
      });
    return { groups, contexts, kubeconfig, ...(check ? { check } : {}), recordPath };
  } catch (error) {
    if (!restore) throw error;
    const failure = error instanceof EksLoginError ? error : asWriteError(error, 'kubeconfig');
    const restored = await restore().then(
      () => true,
      () => false,
    );
    const Type = failure.constructor as new (message: string, options: object) => EksLoginError;
    throw new Type(
      `${failure.message}; ${restored ? 'the previous access key was put back' : `the previous access key could NOT be put back (account ${account_})`}`,
      {
        code: failure.code,
        ...(failure.hint ? { hint: failure.hint } : {}),
        cause: failure,
      },
    );
  }
}
