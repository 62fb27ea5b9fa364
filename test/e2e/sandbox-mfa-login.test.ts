// MFA on the sandbox for real: `eks-login login` on a terminal (a pty from script(1)) asks for the code,
// the STS emulator checks it as TOTP against the world's secret, and kubectl then works without a prompt.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { totp } from '../../packages/sandbox/src/totp.js';
import { BIN, runCli, runProcess } from '../support/run-process.js';
import { useSandboxAndMachine } from '../support/sandbox-for-file.js';
import { hasKubectl, requireTool } from '../support/tools.js';

const hasScript = requireTool('script (util-linux)', 'script', ['--version']);

const w = useSandboxAndMachine();

/** Runs `eks-login login <context>` on a pty and types `code` when the MFA prompt appears. */
function loginOnTerminal(context: string, code: () => string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} login ${context}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: w.m.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    const onData = (d: Buffer) => {
      output += d.toString();
      if (!typed && /MFA/i.test(output) && /:\s*$/.test(output)) {
        typed = true;
        child.stdin.write(`${code()}\r`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (exit) => {
      clearTimeout(timer);
      done({ code: exit, output });
    });
  });
}

describe.skipIf(!hasKubectl() || !hasScript)('MFA with eks-login login on the sandbox', () => {
  it('a wrong code is refused by STS; the right one logs in and kubectl works without a prompt', async () => {
    const setup = await runCli(
      ['setup', w.sb.bundlePath, '--group', 'oncall', '--from-env', '--kubeconfig', w.m.kubeconfig, '--yes'],
      { env: w.m.envWithKeys('developer-mike') },
    );
    expect(setup.status).toBe(0);
    const secret = w.sb.users['developer-mike']!.mfaSecret!;
    const wrong = await loginOnTerminal('oncall@demo', () =>
      String((Number(totp(secret, new Date())) + 1) % 1_000_000).padStart(6, '0'),
    );
    expect(wrong.code).toBe(5);
    expect(wrong.output).toContain('refused the MFA code');
    expect(wrong.output).toContain('fresh code');
    expect(w.sb.decisions.some((d) => !d.allowed && d.reason.includes('MultiFactorAuthentication failed'))).toBe(true);
    const right = await loginOnTerminal('oncall@demo', () => totp(secret, new Date()));
    expect(right.output).toContain('logged in');
    expect(right.code).toBe(0);
    const pods = await runProcess('kubectl', ['--context', 'oncall@demo', 'auth', 'whoami', '-o', 'json'], {
      env: w.m.env,
    });
    expect(pods.status).toBe(0);
    expect(JSON.parse(pods.stdout).status.userInfo).toMatchObject({
      username: 'oncall:developer-mike',
      groups: ['oncall', 'system:authenticated'],
    });
  });
});
