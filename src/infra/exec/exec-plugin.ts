// Runs a kubeconfig exec credential plugin the way kubectl does (docs/token.md, "Output and `KUBERNETES_EXEC_INFO`"): the command found like
// kubectl finds it, the exec env on top of ours, KUBERNETES_EXEC_INFO, our terminal only when interactive,
// its stderr passed through, exactly one ExecCredential expected on stdout.
import { spawn } from 'node:child_process';
import { ConfigError, CredentialsError } from '../../kernel/errors.js';
import type { TextSink } from '../../kernel/ports.js';
import { findExecutable } from './find-executable.js';

export interface ExecPluginRun {
  command: string;
  args: string[];
  /** The full environment for the plugin (ours + exec env + KUBERNETES_EXEC_INFO). */
  env: Record<string, string | undefined>;
  interactive: boolean;
  kubeconfigFile: string;
  stderr: TextSink;
  timeoutMs?: number;
  /** The command's signal: Ctrl-C or the command's end kills the plugin (it never outlives the command). */
  signal?: AbortSignal;
}

export interface ExecPluginResult {
  token: string;
  expiration?: Date;
}

export async function runExecPlugin(run: ExecPluginRun): Promise<ExecPluginResult> {
  const path = await findExecutable(run.command, run.kubeconfigFile, run.env.PATH);
  if (!path) {
    throw new ConfigError(
      `the exec plugin "${run.command}" of the context was not found${run.command.includes('/') ? '' : ' on PATH'}`,
      {
        code: 'EXEC_PLUGIN_NOT_FOUND',
        hint: 'install it, or fix the command in the kubeconfig user entry',
      },
    );
  }
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(path, run.args, {
      env: run.env as NodeJS.ProcessEnv,
      stdio: [run.interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => run.stderr.write(d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs ?? 120_000);
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(run.signal!.reason);
    };
    if (run.signal?.aborted) onAbort();
    run.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      reject(
        new ConfigError(`cannot run the exec plugin ${path}: ${error.message}`, {
          code: 'EXEC_PLUGIN_NOT_FOUND',
          cause: error,
        }),
      );
    });
    child.on('close', (exit) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      resolve({ code: exit, stdout: out });
    });
  });
  if (code !== 0) {
    throw new CredentialsError(`the exec plugin ${run.command} failed with exit code ${code ?? 'signal'}`, {
      code: 'EXEC_PLUGIN_FAILED',
      hint: 'its own message is above; kubectl would fail the same way',
    });
  }
  let doc: { status?: { token?: unknown; expirationTimestamp?: unknown } };
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    throw new ConfigError(`the exec plugin ${run.command} did not print one ExecCredential JSON document on stdout`, {
      code: 'EXEC_PLUGIN_OUTPUT',
    });
  }
  const token = doc.status?.token;
  if (typeof token !== 'string' || !token) {
    throw new ConfigError(
      `the exec plugin ${run.command} printed no status.token (client certificates are not supported here)`,
      { code: 'EXEC_PLUGIN_OUTPUT' },
    );
  }
  const expiration =
    typeof doc.status?.expirationTimestamp === 'string' ? new Date(doc.status.expirationTimestamp) : undefined;
  return { token, ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}) };
}
