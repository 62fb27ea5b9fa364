// Prompts reach the person through the controlling terminal (/dev/tty) when the client captures the
// plugin's stderr, as python's kubernetes client does (stdout and stderr piped, stdin its own, stderr shown
// only after a failure). On a pty (test/support/pty-session.py) the MFA prompt of an MFA group appears on
// the terminal and the typed code is read there; the sandbox's STS checks it as TOTP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { totp } from '../../packages/sandbox/src/totp.js';
import { runCli, runProcess } from '../support/run-process.js';
import { useSandboxAndMachine } from '../support/sandbox-for-file.js';
import { requireTool } from '../support/tools.js';

const hasPython = requireTool('python3', 'python3', ['--version']);
const PTY_SESSION = join(import.meta.dirname, '..', 'support', 'pty-session.py');

/** What kubernetes/config/exec_provider.py does with an exec plugin: both outputs captured, stdin passed when interactive. */
const PYTHON_CLIENT = `
import json, os, subprocess, sys
interactive = sys.stdout.isatty()
env = dict(os.environ, KUBERNETES_EXEC_INFO=json.dumps({"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential", "spec": {"interactive": interactive}}))
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=sys.stdin if interactive else None, env=env, universal_newlines=True)
try:
    out, err = p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
    print("TIMEOUT " + json.dumps(err))
    sys.exit(3)
token = json.loads(out)["status"]["token"] if p.returncode == 0 else ""
print("CLIENT " + json.dumps({"code": p.returncode, "tokenPrefix": token[:11], "stderr": err}))
`;

const w = useSandboxAndMachine();

describe.skipIf(!hasPython)('MFA prompt on the controlling terminal', () => {
  it('a client that captures stderr still shows the prompt and gets the token', async () => {
    expect(
      await runCli(
        ['setup', w.sb.bundlePath, '--group', 'oncall', '--from-env', '--kubeconfig', w.m.kubeconfig, '--yes'],
        { env: w.m.envWithKeys('developer-mike') },
      ),
    ).toMatchObject({ status: 0 });
    const doc = load(readFileSync(w.m.kubeconfig, 'utf8')) as {
      users: Array<{
        name: string;
        user: { exec: { command: string; args: string[]; env: Array<{ name: string; value: string }> | null } };
      }>;
    };
    const exec = doc.users.find((u) => u.name === 'oncall@demo')!.user.exec;
    const code = totp(w.sb.users['developer-mike']!.mfaSecret!, new Date());
    // Asynchronously: the sandbox answers from this process.
    const run = await runProcess(
      'python3',
      [
        PTY_SESSION,
        JSON.stringify([['MFA code for', `${code}\r`]]),
        'python3',
        '-c',
        PYTHON_CLIENT,
        exec.command,
        ...exec.args,
      ],
      { env: w.m.env, timeoutMs: 60_000 },
    );
    const session = JSON.parse(run.stdout) as { status: number; transcript: string };
    expect(session.transcript).toMatch(/MFA code for arn:aws:iam::123456789012:mfa\/developer-mike/);
    const client = JSON.parse(/CLIENT (\{.*\})/.exec(session.transcript)![1]!) as {
      code: number;
      tokenPrefix: string;
      stderr: string;
    };
    expect(client).toMatchObject({ code: 0, tokenPrefix: 'k8s-aws-v1.' });
    expect(client.stderr).not.toContain('MFA code'); // the prompt went to the terminal, not into the captured stderr
    expect(session.status).toBe(0);
  }, 60_000);
});
