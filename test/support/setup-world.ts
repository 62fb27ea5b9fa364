// A setup test world: a temp HOME with a bundle file, fakes for STS, the secret store and the terminal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prompter } from '../../src/kernel/ports.js';
import type { Bundle } from '../../src/record/bundle-types.js';
import { AccessDeniedError } from '../../src/kernel/errors.js';
import { createTestContext, FakeStsGateway, FixedClock, MemorySecretStore, type TestContext } from './fakes.js';
import { sampleBundle } from './bundles.js';

export const MIKE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::123456789012:user/developer-mike',
};

/** Answers questions in order and records them; throws when a question has no answer left. */
export class ScriptedPrompter implements Prompter {
  readonly questions: Array<{ question: string; secret: boolean }> = [];
  constructor(private readonly answers: string[]) {}
  async ask(question: string, options: { secret?: boolean } = {}): Promise<string> {
    this.questions.push({ question, secret: options.secret === true });
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`ScriptedPrompter: no answer for ${JSON.stringify(question)}`);
    return answer;
  }
}

export interface SetupWorld {
  home: string;
  bundlePath: string;
  kubeconfig: string;
  sts: FakeStsGateway;
  secrets: MemorySecretStore;
  ctx: TestContext;
}

/** `deniedRoles`: role ARNs whose AssumeRole is refused (AccessDenied). */
export function setupWorld(
  dir: string,
  options: { bundle?: Bundle; prompter?: Prompter; env?: Record<string, string>; deniedRoles?: string[] } = {},
): SetupWorld {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const bundlePath = join(dir, 'acme.json');
  writeFileSync(bundlePath, JSON.stringify(options.bundle ?? sampleBundle()));
  const clock = new FixedClock('2026-01-02T03:04:05Z');
  const sts = new FakeStsGateway(clock);
  sts.identities.set(MIKE.accessKeyId, { arn: MIKE.arn, account: '123456789012', userId: 'AIDAMIKE' });
  const assume = sts.assumeRole.bind(sts);
  sts.assumeRole = async (credentials, target, request) => {
    if (options.deniedRoles?.includes(request.roleArn)) {
      sts.calls.push(`AssumeRole ${credentials.accessKeyId} ${request.roleArn} denied`);
      throw new AccessDeniedError(
        `assuming role ${request.roleArn} at ${target.endpoint}: access denied (not authorized)`,
      );
    }
    return assume(credentials, target, request);
  };
  const secrets = new MemorySecretStore();
  const ctx = createTestContext({
    env: {
      HOME: home,
      PATH: '',
      AWS_ACCESS_KEY_ID: MIKE.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MIKE.secretAccessKey,
      ...options.env,
    },
    clock,
    cwd: dir,
    isInteractiveTerminal: options.prompter !== undefined,
    stsGateway: async () => sts,
    secretStore: async () => secrets,
    ...(options.prompter ? { prompter: async () => options.prompter! } : {}),
  });
  return { home, bundlePath, kubeconfig: join(home, '.kube', 'config'), sts, secrets, ctx };
}
