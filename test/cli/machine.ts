// A machine that ran `eks-login setup` in-process (test/support/setup-world.ts: temp HOME, fake STS, secrets
// in memory), for the in-process tests of the commands that come after setup.
import { run } from '../../src/cli/run.js';
import { setupWorld, type SetupWorld } from '../support/setup-world.js';

export const DEVELOPERS_ROLE = 'arn:aws:iam::123456789012:role/developers';

/** setup of bundle acme, group developers (contexts developers@demo and developers@prod), key from the environment. */
export async function setUpMachine(dir: string, options: Parameters<typeof setupWorld>[1] = {}): Promise<SetupWorld> {
  const w = setupWorld(dir, options);
  const code = await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
  if (code !== 0) throw new Error(`setup failed (${code}): ${w.ctx.stderr.text}`);
  // Later commands run without the keys in the environment: the stored key signs.
  w.ctx = w.ctx.with({ env: { ...w.ctx.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } });
  w.sts.calls.length = 0;
  w.sts.assumeRoleRequests.length = 0;
  w.ctx.stderr.text = '';
  w.ctx.stdout.text = '';
  return w;
}
