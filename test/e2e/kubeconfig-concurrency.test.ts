// Real processes on one kubeconfig: concurrent setups lose nothing (client-go lock), and a writer
// killed at any moment never leaves a damaged file (atomic rename): it is always the old or new text.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/kubeconfig/yaml-codec.node.js';
import { sampleBundle } from '../support/bundles.js';
import { bundleForChild } from '../support/keyring-session.js';
import { startMoto, type Moto } from '../support/moto.js';
import { runCli } from '../support/run-process.js';
import { largeForeignKubeconfig } from '../support/foreign-kubeconfig.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();

describe.skipIf(!hasMoto())('concurrent setups into one kubeconfig', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('four setups of different bundles at once: every context arrives, the foreign ones stay', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    const kubeconfig = join(home, '.kube', 'config');
    writeFileSync(kubeconfig, largeForeignKubeconfig(200));
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    const runs = names.map((name) => {
      const bundle = sampleBundle({ name, contextNameTemplate: '{bundle}-{cluster}' });
      bundle.groups = [{ name: 'developers', roleArn: moto.roles.developers! }];
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(bundle));
      const env = { HOME: home, EKS_LOGIN_KEYRING: 'file', ...moto.userEnv('developer-mike') };
      return runCli(['setup', join(dir, `${name}.json`), '--from-env', '--yes'], { env });
    });
    const results = await Promise.all(runs);
    for (const result of results) expect(result.stderr).toContain('can assume role/developers');
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    const doc = parseYaml(readFileSync(kubeconfig, 'utf8'), kubeconfig) as Record<string, Array<{ name: string }>>;
    const contexts = doc.contexts!.map((c) => c.name);
    expect(contexts.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => `context-${i}`));
    expect(contexts.slice(200).sort()).toEqual(names.flatMap((n) => [`${n}-demo`, `${n}-prod`]).sort());
    expect(existsSync(`${kubeconfig}.lock`)).toBe(false);
  });
});

describe('a kubeconfig writer killed mid-write', () => {
  it('leaves the file equal to the old or the new version, every time', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    const a = largeForeignKubeconfig(2000);
    const b = a.replace('current-context: context-0', 'current-context: context-1999');
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    writeFileSync(path, a);
    const child = await bundleForChild(join(import.meta.dirname, '..', 'support', 'kubeconfig-writer-child.ts'));
    /** Starts a writer and resolves once it has completed `writes` writes. */
    const startWriter = (writes: number) => {
      const writer = spawn(process.execPath, [child, path, join(dir, 'a'), join(dir, 'b')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const progressed = new Promise<void>((resolve) => {
        let done = 0;
        writer.stdout.on('data', (chunk: Buffer) => {
          done += chunk.toString().split('w').length - 1;
          if (done >= writes) resolve();
        });
      });
      return { writer, progressed };
    };
    // The writer writes in a tight loop, so the kill lands somewhere in a later write: wherever it lands, the
    // file must be one whole version. Which one is chance, so no round requires a particular version.
    for (let round = 0; round < 12; round++) {
      const { writer, progressed } = startWriter(1 + (round % 3));
      await progressed;
      const exited = new Promise<NodeJS.Signals | null>((r) => writer.once('exit', (_code, signal) => r(signal)));
      writer.kill('SIGKILL');
      expect(await exited, `round ${round}: the writer was still writing when killed`).toBe('SIGKILL');
      const text = readFileSync(path, 'utf8');
      expect(text === a || text === b, `round ${round}: file is neither version (${text.length} bytes)`).toBe(true);
      parseYaml(text, path);
    }
    // Orphans of killed writers are cleaned up by the next write; stale locks of dead writers are taken over.
    const { writer, progressed } = startWriter(2);
    await progressed;
    const exited = new Promise((r) => writer.once('exit', r));
    writer.kill('SIGTERM');
    await exited;
    const leftovers = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(
      leftovers.every((n) => n.includes(`-${writer.pid}-`)),
      leftovers.join(' '),
    ).toBe(true); // only the last writer's
  }, 60_000);
});
