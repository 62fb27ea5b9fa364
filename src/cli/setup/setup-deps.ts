// Composition of setup's dependencies for a real process (or a test context with overrides). Heavy
// adapters (AWS SDK, keychain) load only when setup reaches the step that needs them.
import { homeDir } from '../../adapters/home-dir.js';
import { join } from 'node:path';
import { readProfileStsSettings } from '../../adapters/aws-config-file.js';
import { awsHttpSettings } from '../../adapters/http/aws-settings.js';
import { createKubeconfigFileStore } from '../../adapters/kubeconfig-file-store.js';
import { ensurePrivateDir, writePrivateFile } from '../../adapters/private-file.js';
import { listSetupRecords } from '../../adapters/session-files.js';
import { open, unlink } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';
import { resolvePaths } from '../../core/paths.js';
import type { SetupDeps } from '../../core/setup/run-setup.js';
import type { SignInChoice } from '../../core/sso/sso-credentials.js';
import type { CliContext } from '../context.js';
import { createCredentialServices } from '../credential-services.js';

/** `sso`: how an sso group signs in (--use-device-code, --no-browser). */
export function createSetupDeps(ctx: CliContext, region: string, sso: SignInChoice = { flow: 'pkce', openBrowser: true }): SetupDeps {
  const paths = resolvePaths(ctx.env, homeDir);
  const prompter = ctx.isInteractiveTerminal ? ctx.overrides?.prompter : undefined;
  return {
    env: ctx.env,
    clock: ctx.clock,
    ...(prompter ? { prompter } : {}),
    kubeconfig: createKubeconfigFileStore({ warn: (m) => ctx.logger.warn(m) }),
    sts: async () => ctx.overrides?.stsGateway ?? (await import('../../adapters/sts-gateway.js')).createStsGateway({ logger: ctx.logger, http: awsHttpSettings(ctx.env) }),
    secrets: async () => {
      if (ctx.overrides?.secretStore) return ctx.overrides.secretStore;
      const { createSecretStore } = await import('../../adapters/secrets/create-secret-store.js');
      return createSecretStore({ env: ctx.env, secretsFile: paths.secretsFile, logger: ctx.logger });
    },
    fromProfile: async (profile) => (await import('../../adapters/aws-credential-chain.js')).fromProfileChain(profile, true, region, ctx.logger, undefined, awsHttpSettings(ctx.env, profile), ctx.env),
    profileSts: (profile) => readProfileStsSettings(ctx.env, profile),
    records: () => listSetupRecords(paths.setupsDir),
    checkRecordWritable: async (bundle) => {
      const probe = join(paths.setupsDir, `.${bundle}.json.probe-${process.pid}.tmp`);
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
    ssoCredentials: (bundle, group, loginCommand) => {
      const say = (line: string): void => ctx.stderr.write(`${line}\n`);
      const services = createCredentialServices({ env: ctx.env, clock: ctx.clock, logger: ctx.logger, canPrompt: false, paths, ssoSignIn: sso, say });
      return services.fromSso({ kind: 'sso', sso: group.sso, bundle, group: group.name, loginCommand }, {});
    },
    writeRecord: async (record) => {
      const file = join(paths.setupsDir, `${record.bundle.name}.json`);
      await writePrivateFile(file, `${JSON.stringify(record, null, 2)}\n`);
      return file;
    },
    say: (line) => ctx.stderr.write(`${line}\n`),
  };
}
