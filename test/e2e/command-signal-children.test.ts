// The command's one signal reaches the child processes it starts: whoami of a context whose exec plugin is not
// eks-login runs that plugin as kubectl would; Ctrl-C then ends eks-login with 130 within a bound, and the plugin
// (here one that never answers) is gone with it instead of being left running.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHome, type Home } from '../support/home.js';
import { startCli } from '../support/run-process.js';
import { until } from '../support/wait-for.js';

let home: Home | undefined;
afterEach(() => home?.remove());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('children of a command (built CLI)', () => {
  it('Ctrl-C during whoami kills the exec plugin it runs and exits 130 within the bound', async () => {
    home = createHome();
    const pidFile = join(home.dir, 'plugin.pid');
    const plugin = join(home.dir, 'silent-plugin');
    writeFileSync(plugin, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 300\n`);
    chmodSync(plugin, 0o755);
    const kubeconfig = join(home.dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: demo',
        '  cluster: {server: "https://127.0.0.1:9"}',
        'users:',
        '- name: u',
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        `      command: ${plugin}`,
        '      args: [token]',
        '      interactiveMode: Never',
        'contexts:',
        '- name: other@demo',
        '  context: {cluster: demo, user: u}',
        'current-context: other@demo',
        '',
      ].join('\n'),
    );
    const whoami = startCli(['whoami'], { env: { ...home.env, KUBECONFIG: kubeconfig }, timeoutMs: 30_000 });
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 15_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(pid)).toBe(true);
    const interrupted = Date.now();
    whoami.child.kill('SIGINT');
    const run = await whoami.done;
    expect(run.signal).toBeNull();
    expect(run.status).toBe(130);
    expect(Date.now() - interrupted).toBeLessThan(5_000);
    await until(() => !alive(pid), 2_000);
    expect(alive(pid)).toBe(false);
  });
});
