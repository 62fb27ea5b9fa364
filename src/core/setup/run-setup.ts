// Use case `eks-login setup <bundle>`: group → kubeconfig plan (collisions fail first) → source identity →
// key check (GetCallerIdentity + trial AssumeRole) → confirmation → secret stored and kubeconfig written
// under the kubeconfig lock → setup record. A dry run stops after the plan and needs no credentials.
import { UsageError } from '../../errors.js';
import type { AwsCredentials, Clock, Env, KubeconfigStore, Prompter, SecretStore, StsGateway } from '../../ports.js';
import type { Bundle, BundleGroup } from '../bundle/types.js';
import { buildDesiredContexts } from '../kubeconfig/desired.js';
import type { KubeconfigLocation } from '../kubeconfig/locate.js';
import { previewKubeconfigUpdate, updateKubeconfig, type UpdateKubeconfigResult } from '../kubeconfig/update.js';
import { resolveStsEndpoint } from '../token/sts-endpoint.js';
import { checkKey, type KeyCheck } from './check-key.js';
import { chooseGroup, confirm } from './choose.js';
import { accessKeyAccount, type SetupRecord, type SourceIdentity } from './record.js';
import { describeChanges } from './report.js';
import { chooseSource, sourceCredentials } from './source.js';

export interface SetupInput {
  bundle: Bundle;
  group?: string;
  fromEnv?: boolean;
  sourceProfile?: string;
  location: KubeconfigLocation;
  /** The exec command written into kubeconfig (`eks-login` or an absolute path). */
  command: string;
  use?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
}

export interface SetupDeps {
  env: Env;
  clock: Clock;
  /** Present only when a person can answer (stdin and stderr are terminals). */
  prompter?: Prompter;
  kubeconfig: KubeconfigStore;
  sts(): Promise<StsGateway>;
  secrets(): Promise<SecretStore>;
  fromProfile(profile: string): Promise<AwsCredentials>;
  /** Writes `<setupsDir>/<bundle>.json`; returns its path. */
  writeRecord(record: SetupRecord): Promise<string>;
  /** A line for the person, on stderr. */
  say(line: string): void;
}

export interface SetupResult {
  group: BundleGroup;
  /** The context names of the group, in bundle order. */
  contexts: string[];
  kubeconfig: UpdateKubeconfigResult;
  check?: KeyCheck;
  recordPath?: string;
}

export async function runSetup(input: SetupInput, deps: SetupDeps): Promise<SetupResult> {
  const { bundle } = input;
  const group = await chooseGroup(bundle, input.group, deps.prompter);
  const desired = buildDesiredContexts(bundle, group, input.command);
  const request = { location: input.location, bundle: bundle.name, desired, force: input.force, use: input.use };
  if (input.dryRun) {
    return { group, contexts: desired.map((d) => d.name), kubeconfig: await updateKubeconfig(deps.kubeconfig, { ...request, dryRun: true }) };
  }
  // Collisions and a malformed file fail here, before any key is asked for.
  const preview = await previewKubeconfigUpdate(deps.kubeconfig, request);

  const source = await sourceCredentials(chooseSource(input, deps.prompter !== undefined), deps);
  const region = bundle.clusters.find((c) => desired[0]?.mark.cluster === c.name)?.region ?? bundle.clusters[0]!.region;
  const endpoint = resolveStsEndpoint(region, deps.env);
  const check = await checkKey(await deps.sts(), { region: endpoint.signingRegion, endpoint: endpoint.url }, source.credentials, group);
  deps.say(`signed in as ${check.identity.arn}${check.roleTried ? `, can assume ${group.roleArn.split(':').slice(5).join(':')}` : ` (group ${group.name} needs MFA: the role is tried at first use, or run \`eks-login login\`)`}`);

  if (!input.yes) {
    if (!deps.prompter) throw new UsageError('setup needs a confirmation and there is no terminal to ask', { hint: 'pass --yes' });
    for (const line of describeChanges(preview, 'plan')) deps.say(line);
    if (!(await confirm(deps.prompter, 'Store the key and write these kubeconfig changes?'))) {
      throw new UsageError('setup cancelled: nothing was stored or written', { code: 'CANCELLED' });
    }
  }

  let identity: SourceIdentity;
  if (source.kind === 'profile') identity = { kind: 'profile', profile: source.profile!, arn: check.identity.arn };
  else identity = { kind: 'keychain', accessKeyId: source.credentials.accessKeyId, userArn: check.identity.arn, userName: check.userName ?? check.identity.arn.split('/').at(-1)! };
  const kubeconfig = await updateKubeconfig(deps.kubeconfig, {
    ...request,
    beforeWrite: async () => {
      if (source.kind !== 'keychain') return;
      const store = await deps.secrets();
      const { accessKeyId, secretAccessKey } = source.credentials;
      await store.set(accessKeyAccount(bundle.name), JSON.stringify({ accessKeyId, secretAccessKey }));
      deps.say(`access key …${accessKeyId.slice(-4)} stored in ${store.location} (account ${accessKeyAccount(bundle.name)})`);
    },
  });
  const recordPath = await deps.writeRecord({
    version: 1,
    bundle,
    group: group.name,
    source: identity,
    kubeconfigPath: kubeconfig.path,
    contexts: desired.map((d) => d.name),
    setupAt: deps.clock.now().toISOString(),
  });
  return { group, contexts: desired.map((d) => d.name), kubeconfig, check, recordPath };
}
