// Loads the sandbox (packages/sandbox) for `eks-login sandbox`. The sandbox is test infrastructure built
// apart from the CLI (packages/sandbox/dist/sandbox.js, made by `npm run build`) and left out of the
// published package, so only a repo checkout has it; anywhere else this is a UsageError (exit 2, as for a
// command that is not there) saying how to get it. See docs/sandbox.md, "Where the sandbox lives".
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, UsageError } from '../kernel/errors.js';
import type * as SandboxModule from '../../packages/sandbox/src/index.js';

export type SandboxBuild = Pick<typeof SandboxModule, 'startSandbox' | 'userEnvFile' | 'usageText'>;

/** Where the build sits from the built CLI (dist/*.js) and from this source file (src/sandbox/), both below the repo root. */
const CANDIDATES = ['../packages/sandbox/dist/sandbox.js', '../../packages/sandbox/dist/sandbox.js'];

export function findSandboxBuild(from: string = import.meta.url): string | undefined {
  return CANDIDATES.map((relative) => fileURLToPath(new URL(relative, from))).find((path) => existsSync(path));
}

export async function loadSandboxBuild(from: string = import.meta.url): Promise<SandboxBuild> {
  const path = findSandboxBuild(from);
  if (!path) {
    throw new UsageError(
      'the sandbox is not part of this installation: the published package leaves it out, it runs from a repo checkout',
      {
        code: 'SANDBOX_NOT_INSTALLED',
        hint: 'run it from a clone of the eks-login repository: `npm ci && npm run sandbox` (docs/sandbox.md)',
      },
    );
  }
  const sandbox = (await import(pathToFileURL(path).href)) as typeof SandboxModule;
  return {
    // A bad world file is the sandbox's WorldError; the CLI reports it as the ConfigError it always was (exit 3).
    startSandbox: (options) =>
      sandbox.startSandbox(options).catch((error: unknown) => {
        throw error instanceof sandbox.WorldError
          ? new ConfigError(error.message, { hint: error.hint, cause: error })
          : error;
      }),
    userEnvFile: sandbox.userEnvFile,
    usageText: sandbox.usageText,
  };
}
