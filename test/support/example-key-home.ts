// A throwaway HOME per test with the token-spec example key in the environment and no AWS files, for
// process tests of `eks-login token` that must not touch the network or the real home.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface ExampleKeyHome {
  home: string;
  env: Record<string, string>;
}

/** Registers beforeEach/afterEach hooks; read `.home` and `.env` inside tests. */
export function useExampleKeyHome(prefix: string): ExampleKeyHome {
  const current: ExampleKeyHome = { home: '', env: {} };
  beforeEach(() => {
    current.home = mkdtempSync(join(tmpdir(), prefix));
    current.env = {
      HOME: current.home,
      XDG_CACHE_HOME: join(current.home, 'cache'),
      XDG_CONFIG_HOME: join(current.home, 'config'),
      AWS_CONFIG_FILE: join(current.home, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(current.home, 'no-aws-credentials'),
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterEach(() => rmSync(current.home, { recursive: true, force: true }));
  return current;
}
