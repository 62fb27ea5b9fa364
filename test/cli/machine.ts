// A machine that ran `eks-login setup` in-process (test/support/setup-world.ts: temp HOME, fake STS, secrets
// in memory), for the in-process tests of the commands that come after setup.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CallerIdentity, KubeApi, KubeEndpoint, StsProbe } from '../../src/kernel/ports.js';
import type { FakeUser } from '../support/fake-kube-api.js';
import type { FakeStsGateway } from '../support/fakes.js';
import { memoryKubeApi } from '../support/memory-kube.js';
import { setupWorld, type SetupWorld } from '../support/setup-world.js';

export const DEVELOPERS_ROLE = 'arn:aws:iam::123456789012:role/developers';

/** setup of bundle acme, group developers (contexts developers@demo and developers@prod), key from the environment. */
export async function setUpMachine(dir: string, options: Parameters<typeof setupWorld>[1] = {}): Promise<SetupWorld> {
  const w = setupWorld(dir, options);
  // The CLI script setup writes into the exec (doctor checks that kubectl could run it).
  const script = join(dir, 'eks-login');
  writeFileSync(script, '#!/bin/sh\n', { mode: 0o755 });
  w.ctx = w.ctx.with({ script });
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

/** STS's answer to a replayed token, from what the fake STS knows: the signing key id → its identity. */
export function stsProbeOf(
  sts: FakeStsGateway,
  serverTime: Date,
): StsProbe & { replays: string[]; identityOf(token: string): CallerIdentity | undefined } {
  const replays: string[] = [];
  const identityOf = (token: string): CallerIdentity | undefined => {
    if (!token.startsWith('k8s-aws-v1.')) return undefined;
    const url = new URL(Buffer.from(token.slice(token.indexOf('.') + 1), 'base64url').toString('utf8'));
    return sts.identities.get(url.searchParams.get('X-Amz-Credential')?.split('/')[0] ?? '');
  };
  return {
    replays,
    identityOf,
    async replayToken(token) {
      replays.push(token);
      const identity = identityOf(token);
      if (!identity)
        return {
          status: 403,
          serverDate: serverTime,
          errorCode: 'InvalidClientTokenId',
          errorMessage: 'The security token included in the request is invalid',
        };
      return { status: 200, serverDate: serverTime, identity };
    },
    serverDate: async () => serverTime,
  };
}

/** A cluster that maps every token STS accepts to `user` (as the EKS authenticator maps the assumed role). */
export function clusterMapping(
  accepts: (token: string) => unknown,
  user: FakeUser,
): (endpoint: KubeEndpoint, options: { token?: string }) => KubeApi {
  return (_endpoint, { token = '' }) => memoryKubeApi(accepts(token) ? { [token]: user } : {}, token);
}
