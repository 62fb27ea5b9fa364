// Composition of setup's dependencies for a real process (or a test context with overrides). Heavy
// adapters (AWS SDK, keychain) load only when setup reaches the step that needs them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createKubeconfigFileStore } from '../../adapters/kubeconfig-file-store.js';
import { writePrivateFile } from '../../adapters/private-file.js';
import { resolvePaths } from '../../core/paths.js';
import type { SetupDeps } from '../../core/setup/run-setup.js';
import type { CliContext } from '../context.js';

export function createSetupDeps(ctx: CliContext, region: string): SetupDeps {
  const paths = resolvePaths(ctx.env, homedir());
  const prompter = ctx.isInteractiveTerminal ? ctx.overrides?.prompter : undefined;
  return {
    env: ctx.env,
    clock: ctx.clock,
    ...(prompter ? { prompter } : {}),
    kubeconfig: createKubeconfigFileStore(),
    sts: async () => ctx.overrides?.stsGateway ?? (await import('../../adapters/sts-gateway.js')).createStsGateway(),
    secrets: async () => {
      if (ctx.overrides?.secretStore) return ctx.overrides.secretStore;
      const { createSecretStore } = await import('../../adapters/secrets/create-secret-store.js');
      return createSecretStore({ env: ctx.env, secretsFile: paths.secretsFile, logger: ctx.logger });
    },
    fromProfile: async (profile) => (await import('../../adapters/aws-credential-chain.js')).fromProfileChain(profile, true, region, ctx.logger),
    writeRecord: async (record) => {
      const file = join(paths.setupsDir, `${record.bundle.name}.json`);
      await writePrivateFile(file, `${JSON.stringify(record, null, 2)}\n`);
      return file;
    },
    say: (line) => ctx.stderr.write(`${line}\n`),
  };
}
