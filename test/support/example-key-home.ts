// A throwaway HOME (home.ts) per test with the golden vector's example key in the environment and no AWS
// files, for process tests of `eks-login token` that must not touch the network or the real home.
import { afterEach, beforeEach } from 'vitest';
import { createHome, type Home } from './home.js';

export interface ExampleKeyHome {
  home: string;
  env: Record<string, string>;
}

/** Registers beforeEach/afterEach hooks; read `.home` and `.env` inside tests. */
export function useExampleKeyHome(prefix: string): ExampleKeyHome {
  const current: ExampleKeyHome = { home: '', env: {} };
  let made: Home | undefined;
  beforeEach(() => {
    made = createHome({ prefix, xdg: true, noAwsFiles: true });
    current.home = made.dir;
    current.env = {
      ...made.env,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterEach(() => made?.remove());
  return current;
}
