// `npm run bench`: whole-process wall time (median) and peak memory (max RSS) of eks-login against
// `node -e 0` and `aws eks get-token`, measured in one run on this machine, printed as a table with ratios.
// Add a case: push { name, command, args, env?, prepare? } onto `cases` (prepare runs before each
// iteration and may return extra env). Options: --runs N (default 15), --json (machine-readable output).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'eks-login');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 15;
const work = mkdtempSync(join(tmpdir(), 'eks-login-bench-'));

// Offline credentials and an isolated HOME: nothing on this machine leaks into the measurement.
const baseEnv = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_CONFIG_HOME: join(work, 'config'),
  AWS_CONFIG_FILE: join(work, 'aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(work, 'aws-credentials'),
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const tokenArgs = [bin, 'token', '--cluster', 'demo', '--region', 'eu-west-1'];
let coldRun = 0;

export const cases = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], baseline: true },
  { name: 'eks-login token (warm: cache hit)', command: process.execPath, args: tokenArgs, env: { XDG_CACHE_HOME: join(work, 'warm-cache') } },
  {
    name: 'eks-login token (cold: env keys, sign, write cache)',
    command: process.execPath,
    args: tokenArgs,
    prepare: () => ({ XDG_CACHE_HOME: join(work, `cold-cache-${coldRun++}`) }),
  },
];
if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0) {
  cases.push({ name: 'aws eks get-token', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'demo', '--region', 'eu-west-1', '--output', 'json'] });
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runOnce(c, withTime) {
  const env = { ...baseEnv, ...c.env, ...(c.prepare?.() ?? {}) };
  const [command, args] = withTime ? [timeBin, ['-f', '%M', c.command, ...c.args]] : [c.command, c.args];
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} failed (exit ${r.status}): ${r.stderr}`);
  const kb = withTime ? Number(r.stderr.trim().split('\n').at(-1)) : undefined;
  return { ms, kb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const results = [];
  for (const c of cases) {
    runOnce(c, false); // warm-up: file cache, and the warm case's cache file
    runOnce(c, false);
    const times = Array.from({ length: runs }, () => runOnce(c, false).ms);
    const mems = timeBin ? Array.from({ length: 3 }, () => runOnce(c, true).kb) : [];
    results.push({ name: c.name, medianMs: median(times), minMs: Math.min(...times), peakRssMb: mems.length ? Math.max(...mems) / 1024 : undefined, baseline: Boolean(c.baseline) });
  }
  const base = results.find((r) => r.baseline);
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ runs, node: process.version, results: results.map((r) => ({ ...r, ratio: r.medianMs / base.medianMs })) }, null, 2));
  } else {
    console.log(`${runs} runs each, ${process.version}, ${new Date().toISOString()}`);
    console.log(`${'case'.padEnd(52)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'× node'.padStart(7)} ${'peak RSS'.padStart(9)}`);
    for (const r of results) {
      const mem = r.peakRssMb === undefined ? 'n/a' : `${r.peakRssMb.toFixed(1)} MB`;
      console.log(`${r.name.padEnd(52)} ${`${r.medianMs.toFixed(1)} ms`.padStart(9)} ${`${r.minMs.toFixed(1)} ms`.padStart(9)} ${(r.medianMs / base.medianMs).toFixed(2).padStart(7)} ${mem.padStart(9)}`);
    }
    console.log('targets: warm ≤ 1.30 × node -e 0, cold ≤ 2.50 × node -e 0');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
