// setup's dependencies from the composition root (services/services.ts). Heavy adapters (AWS SDK, keychain)
// load only when setup reaches the step that needs them.
import { join } from 'node:path';
import { ensurePrivateDir } from '../infra/fs/private-file.js';
import { listSetupRecords } from '../record/setup-record-list.node.js';
import { open, unlink } from 'node:fs/promises';
import { ConfigError } from '../kernel/errors.js';
import type { SetupDeps } from './run-setup.js';
import type { SignInChoice } from '../credentials/sso/sso-credentials.js';
import type { Services } from '../services/services.js';
import { ssoCredentialSource } from '../credentials/wire.js';
import { recordWriter } from './record-writer.node.js';

/** `sso`: how an sso group signs in (--use-device-code, --no-browser). */
export async function createSetupDeps(
  s: Services,
  region: string,
  sso: SignInChoice = { flow: 'pkce', openBrowser: true },
): Promise<SetupDeps> {
  const { paths } = s;
  const prompter = s.isInteractiveTerminal ? await s.prompter() : undefined;
  return {
    env: s.env,
    clock: s.clock,
    ...(prompter ? { prompter } : {}),
    kubeconfig: await s.kubeconfigStore((m) => s.logger.warn(m)),
    sts: () => s.stsGateway(s.awsHttpForProfile()),
    secrets: () => s.secretStore(),
    fromProfile: (profile) =>
      s.profileCredentials({ profile, explicit: true, region, http: s.awsHttpForProfile(profile) }),
    profileSts: (profile) => s.profileSts(profile),
    records: () => listSetupRecords(paths.setupsDir),
    checkRecordWritable: async (bundle) => {
      const probe = join(paths.setupsDir, `.${bundle}.json.probe-${s.pid}.tmp`);
      try {
        await ensurePrivateDir(paths.setupsDir);
        await (await open(probe, 'wx', 0o600)).close();
      } catch (error) {
        throw new ConfigError(`cannot write the setup record in ${paths.setupsDir}: ${(error as Error).message}`, {
          code: 'SETUP_RECORD_UNWRITABLE',
          hint: `make ${paths.setupsDir} writable, or point XDG_CONFIG_HOME at a writable directory`,
          cause: error,
        });
      } finally {
        await unlink(probe).catch(() => undefined);
      }
    },
    ssoCredentials: (bundle, group, loginCommand) =>
      ssoCredentialSource(s, sso)(
        { kind: 'sso', sso: group.sso, bundle, group: group.name, loginCommand },
        { refresh: false },
      ),
    writeRecord: recordWriter(s),
    say: (line) => s.stderr.write(`${line}\n`),
  };
}
