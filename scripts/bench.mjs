// `npm run bench`: whole-process wall time (median) and peak memory (max RSS) of eks-login against
// `node -e 0` and `aws eks get-token`, measured in one run on this machine, printed as a table with ratios.
// Add a case: push { name, command, args, env?, prepare? } onto `cases` (prepare runs before each
// iteration and may return extra env). Options: --runs N (default 15), --json (machine-readable output).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { applyPatch } from 'diff';
import { cpus, loadavg, tmpdir } from 'node:os';
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
  {
    name: 'eks-login token (warm: cache hit)',
    command: process.execPath,
    args: tokenArgs,
    env: { XDG_CACHE_HOME: join(work, 'warm-cache') },
  },
  {
    name: 'eks-login token (cold: env keys, sign, write cache)',
    command: process.execPath,
    args: tokenArgs,
    prepare: () => ({ XDG_CACHE_HOME: join(work, `cold-cache-${coldRun++}`) }),
  },
];
// The warm path of an IAM Identity Center context (bundle group with `sso`): its cache hit must cost what an
// IAM-user context's does. The token file is written for the key the token path itself computes.
{
  const bundle = JSON.parse(readFileSync(join(root, 'examples', 'bundle.json'), 'utf8'));
  const record = {
    version: 1,
    bundle,
    group: 'sso-developers',
    groups: ['sso-developers'],
    source: { kind: 'sso', startUrl: 'https://acme.awsapps.com/start' },
    kubeconfigPath: join(work, 'kubeconfig'),
    contexts: ['sso-developers@demo'],
    setupAt: new Date().toISOString(),
  };
  mkdirSync(join(baseEnv.XDG_CONFIG_HOME, 'eks-login', 'bundles'), { recursive: true });
  writeFileSync(join(baseEnv.XDG_CONFIG_HOME, 'eks-login', 'bundles', 'acme.json'), JSON.stringify(record));
  const { outputFiles } = buildSync({
    stdin: {
      contents:
        "export { planTokenRequestWithoutFiles } from './src/token/token-request.ts'; export { tokenCacheFileName, serializeCacheEntry } from './src/token/cache/cache-entry.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const core = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  const flags = { cluster: 'demo', region: 'eu-west-1', bundle: 'acme', group: 'sso-developers' };
  const plan = await core.planTokenRequestWithoutFiles({ flags, env: baseEnv, record });
  const cacheDir = join(work, 'sso-warm-cache', 'eks-login');
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const token = `k8s-aws-v1.${Buffer.from('https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity').toString('base64url')}`;
  writeFileSync(
    join(cacheDir, core.tokenCacheFileName(plan.cacheKey)),
    core.serializeCacheEntry(plan.cacheKey, { token, expiration: new Date(Date.now() + 14 * 60_000) }),
    { mode: 0o600 },
  );
  cases.push({
    name: 'eks-login token (warm: IAM Identity Center context)',
    command: process.execPath,
    args: [...tokenArgs, '--bundle', 'acme', '--group', 'sso-developers'],
    env: { XDG_CACHE_HOME: join(work, 'sso-warm-cache') },
  });
}
// setup's kubeconfig merge: a kubeconfig with 2,000 foreign clusters, users and contexts (kubectl's layout).
const bigKubeconfig = join(work, 'kubeconfig-2000');
{
  const n = 2000;
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (let i = 0; i < n; i++)
    lines.push(
      `- cluster:\n    certificate-authority-data: QUJD\n    server: https://10.0.${i >> 8}.${i & 255}:6443\n  name: cluster-${i}`,
    );
  lines.push('contexts:');
  for (let i = 0; i < n; i++)
    lines.push(
      `- context:\n    cluster: cluster-${i}\n    namespace: ns-${i}\n    user: user-${i}\n  name: context-${i}`,
    );
  lines.push('current-context: context-0', 'preferences: {}', 'users:');
  for (let i = 0; i < n; i++) lines.push(`- name: user-${i}\n  user:\n    token: token-${i}`);
  writeFileSync(bigKubeconfig, `${lines.join('\n')}\n`);
}
cases.push({
  name: 'eks-login setup --dry-run (2,000 contexts)',
  command: process.execPath,
  args: [
    bin,
    'setup',
    join(root, 'examples', 'bundle.json'),
    '--group',
    'developers',
    '--dry-run',
    '--kubeconfig',
    bigKubeconfig,
  ],
});
// The same kubeconfig plus what setup adds (setup's own --dry-run diff, applied): logout --remove-contexts
// then merges and writes it for real (lock, backup, atomic rename) on every run.
const setupDiff = spawnSync(process.execPath, cases.at(-1).args, { env: baseEnv, encoding: 'utf8' }).stdout;
const mergedText = applyPatch(readFileSync(bigKubeconfig, 'utf8'), setupDiff);
if (typeof mergedText !== 'string') throw new Error('bench: could not apply the setup diff');
let removeRun = 0;
cases.push({
  name: 'eks-login logout --remove-contexts (2,000, writes)',
  command: process.execPath,
  args: [bin, 'logout', '--all', '--remove-contexts'],
  prepare: () => {
    const file = join(work, `merged-${removeRun++}`);
    writeFileSync(file, mergedText);
    return { KUBECONFIG: file };
  },
});
if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0) {
  cases.push({
    name: 'aws eks get-token',
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', 'demo', '--region', 'eu-west-1', '--output', 'json'],
  });
}

// kubectl on a context written by `aws eks update-kubeconfig` (exec: aws eks get-token) against the same
// context after `eks-login adopt`: one `kubectl get --raw /version` per run against a loopback API server
// (https, a child process, since the runs block this one; it answers 401 without an EKS token). The adopted entry's first run mints and caches the token.
let apiServer;
if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0) {
  // kubectl runs an exec plugin only for an https server: a throwaway self-signed certificate for 127.0.0.1.
  const key = join(work, 'api.key');
  const cert = join(work, 'api.crt');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`bench: openssl could not make the API server's certificate: ${made.stderr}`);
  const server = `const fs = require('node:fs'); require('node:https').createServer({ key: fs.readFileSync(${JSON.stringify(key)}), cert: fs.readFileSync(${JSON.stringify(cert)}) }, (q, s) => { s.statusCode = /^Bearer k8s-aws-v1\\./.test(q.headers.authorization ?? '') ? 200 : 401; s.setHeader('content-type', 'application/json'); s.end('{"major":"1","minor":"30","gitVersion":"v1.30.0"}'); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  apiServer = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    apiServer.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    apiServer.once('exit', () => reject(new Error('bench: the loopback API server did not start')));
  });
  const caData = readFileSync(cert).toString('base64');
  const awsCliKubeconfig = (file) =>
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- cluster: {server: 'https://127.0.0.1:${port}', certificate-authority-data: ${caData}}`,
        '  name: arn:aws:eks:eu-west-1:123456789012:cluster/demo',
        'contexts:',
        '- context: {cluster: arn:aws:eks:eu-west-1:123456789012:cluster/demo, user: arn:aws:eks:eu-west-1:123456789012:cluster/demo}',
        '  name: arn:aws:eks:eu-west-1:123456789012:cluster/demo',
        'current-context: arn:aws:eks:eu-west-1:123456789012:cluster/demo',
        'preferences: {}',
        'users:',
        '- name: arn:aws:eks:eu-west-1:123456789012:cluster/demo',
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        '      command: aws',
        '      args: [--region, eu-west-1, eks, get-token, --cluster-name, demo, --output, json]',
        '',
      ].join('\n'),
    );
  const kubectlArgs = (file) => ['--kubeconfig', file, 'get', '--raw', '/version'];
  const adopted = join(work, 'kubeconfig-adopted');
  awsCliKubeconfig(adopted);
  const adopt = spawnSync(process.execPath, [bin, 'adopt', '--all', '--yes', '--kubeconfig', adopted], {
    env: baseEnv,
    encoding: 'utf8',
  });
  if (adopt.status !== 0) throw new Error(`bench: eks-login adopt failed (exit ${adopt.status}): ${adopt.stderr}`);
  if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0) {
    const awsCli = join(work, 'kubeconfig-aws-cli');
    awsCliKubeconfig(awsCli);
    cases.push({ name: 'kubectl get --raw (aws-cli exec entry)', command: 'kubectl', args: kubectlArgs(awsCli) });
  } else {
    console.error("bench: aws is not installed, so the kubectl case with aws-cli's exec entry is skipped");
  }
  cases.push({
    name: 'kubectl get --raw (adopted: eks-login token)',
    command: 'kubectl',
    args: kubectlArgs(adopted),
    env: { XDG_CACHE_HOME: join(work, 'adopted-cache') },
  });
} else {
  console.error('bench: kubectl is not installed, so the kubectl cases are skipped');
}

// /usr/bin/time (GNU) reports each child's CPU time and peak RSS; without it only wall time is shown.
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runOnce(c) {
  const env = { ...baseEnv, ...c.env, ...(c.prepare?.() ?? {}) };
  const [command, args] = timeBin ? [timeBin, ['-f', '@@ %U %S %M', c.command, ...c.args]] : [c.command, c.args];
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} failed (exit ${r.status}): ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@ '));
  const [user, sys, kb] = line ? line.slice(3).split(' ').map(Number) : [];
  return { ms, cpuMs: line ? (user + sys) * 1000 : undefined, kb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

try {
  for (const c of cases) runOnce(c); // warm-up: page cache, and the warm case's cache file
  // Interleaved (case 1, case 2, …, case 1, …) so background load hits every case alike.
  const samples = cases.map(() => []);
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(runOnce(c)));
  const results = cases.map((c, j) => ({
    name: c.name,
    baseline: Boolean(c.baseline),
    medianMs: median(samples[j].map((x) => x.ms)),
    cpuMs: timeBin ? mean(samples[j].map((x) => x.cpuMs)) : undefined,
    peakRssMb: timeBin ? Math.max(...samples[j].map((x) => x.kb)) / 1024 : undefined,
  }));
  const base = results.find((r) => r.baseline);
  for (const r of results) {
    r.ratio = r.medianMs / base.medianMs;
    if (r.cpuMs !== undefined) r.cpuRatio = r.cpuMs / base.cpuMs;
  }
  if (argv.includes('--json')) {
    console.log(
      JSON.stringify({ runs, node: process.version, cpus: cpus().length, loadavg: loadavg()[0], results }, null, 2),
    );
  } else {
    const fmt = (v, unit, digits = 1) => (v === undefined ? 'n/a' : `${v.toFixed(digits)}${unit}`);
    console.log(
      `${runs} interleaved runs each, ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`,
    );
    console.log(
      `${'case'.padEnd(52)} ${'wall median'.padStart(11)} ${'× node'.padStart(7)} ${'CPU mean'.padStart(9)} ${'× node'.padStart(7)} ${'peak RSS'.padStart(9)}`,
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(52)} ${fmt(r.medianMs, ' ms').padStart(11)} ${fmt(r.ratio, '', 2).padStart(7)} ${fmt(r.cpuMs, ' ms').padStart(9)} ${fmt(r.cpuRatio, '', 2).padStart(7)} ${fmt(r.peakRssMb, ' MB').padStart(9)}`,
      );
    }
    console.log('targets (wall): warm ≤ 1.30 × node -e 0, cold ≤ 2.50 × node -e 0');
  }
} finally {
  apiServer?.kill();
  rmSync(work, { recursive: true, force: true });
}
