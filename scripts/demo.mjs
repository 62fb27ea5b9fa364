#!/usr/bin/env node
// `npm run demo`: the story of docs/sandbox.md, end to end on one machine. Starts `eks-login sandbox` on an
// account without roles or mappings; the admin (eks-admin) runs `eks-login admin plan | apply | bundle` on
// examples/access/article.yaml; then two new machines (developer-mike, admin-oliver) set up from that bundle
// (mike also tries to assume the role under oliver's name with a plain SDK call: STS refuses it),
// and developer-sara signs in with IAM Identity Center (the demo plays her browser) from the sandbox's bundle.
// Every machine is a throwaway HOME with EKS_LOGIN_KEYRING=file, so your real kubeconfig, AWS config and
// keychain are never touched.
// Prints a short transcript; exits 0 only if every step behaved as expected.
import { spawn, spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'eks-login');
/** AssumeRole with the AWS SDK for JavaScript, printing what `aws sts assume-role` would (the CLI is not needed). */
const stsModule = pathToFileURL(createRequire(import.meta.url).resolve('@aws-sdk/client-sts')).href;
const ASSUME_ROLE_SCRIPT = `
const [moduleFile, roleArn, name, sourceIdentity] = process.argv.slice(1);
const { STSClient, AssumeRoleCommand } = (await import(moduleFile)).default;
const sts = new STSClient({ region: process.env.AWS_REGION, endpoint: process.env.AWS_ENDPOINT_URL_STS, maxAttempts: 1 });
try {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: name, ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}) }));
  console.log(JSON.stringify({ AssumedRoleUser: { Arn: out.AssumedRoleUser?.Arn }, SourceIdentity: out.SourceIdentity }, null, 2));
} catch (error) {
  console.error('An error occurred (' + error.name + ') when calling the AssumeRole operation: ' + error.message);
  process.exit(254);
}`;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const ok = (text) => paint('32', `✔ ${text}`);
const bad = (text) => paint('31', `✘ ${text}`);
const dim = (text) => paint('2', text);

if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) {
  console.error(
    [
      'The demo needs kubectl on PATH, and it is not there.',
      'Install it (any recent version), then run `npm run demo` again:',
      '  macOS:   brew install kubectl',
      '  Linux:   see https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ (or `sudo snap install kubectl --classic`)',
      '  Windows: winget install -e --id Kubernetes.kubectl',
    ].join('\n'),
  );
  process.exit(1);
}
// bin/eks-login and dist/ are the build's, `eks-login sandbox` runs the sandbox's own build (packages/sandbox/dist);
// build when any is not there (a fresh clone without `npm run build`).
if (![bin, join(root, 'dist', 'hit.cjs'), join(root, 'packages', 'sandbox', 'dist', 'sandbox.js')].every(existsSync)) {
  console.log(dim('building eks-login and its sandbox (dist/ is missing)…'));
  if (spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0)
    process.exit(1);
}
const commands = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
const has = (name) => new RegExp(`eks-login ${name}\\b`).test(commands);

const work = mkdtempSync(join(tmpdir(), 'eks-login-demo-'));
const sandboxDir = join(work, 'sandbox');
const world = join(root, 'packages', 'sandbox', 'src', 'worlds', 'empty-account.yaml');
const accessFile = join(root, 'examples', 'access', 'article.yaml');
const adminBundle = join(work, 'bundle.json');
const ssoBundle = join(work, 'sso-bundle.json');
const sandbox = spawn(process.execPath, [bin, 'sandbox', '--world', world, '--dir', sandboxDir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let sandboxLog = '';
sandbox.stderr.on('data', (d) => (sandboxLog += d));
const stopSandbox = () =>
  new Promise((done) => (sandbox.exitCode !== null ? done() : (sandbox.once('exit', done), sandbox.kill('SIGTERM'))));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopSandbox().then(() => process.exit(130)));

let failures = 0;
try {
  const banner = await new Promise((ready, fail) => {
    let out = '';
    sandbox.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl-C stops the sandbox')) ready(out);
    });
    sandbox.once('exit', (code) => fail(new Error(`eks-login sandbox exited with ${code}:\n${sandboxLog}`)));
  });
  const sts = /STS\s+(\S+)/.exec(banner)[1];
  const cluster = /cluster\s+(\S+) \((\S+)\)\s+(\S+)/.exec(banner);
  const sandboxEnv = readEnvFile(join(sandboxDir, 'sandbox.env'));
  const bundleUrl = /bundle URL\s+(\S+)/.exec(banner)?.[1];
  // The sandbox's own bundle (with the IAM Identity Center group) before the admin's bundle is published over it.
  copyFileSync(join(sandboxDir, 'bundle.json'), ssoBundle);

  console.log(paint('1', "eks-login demo: the article's story on a local EKS sandbox"));
  console.log(dim(`sandbox: STS ${sts}, cluster ${cluster[1]} (${cluster[2]}) at ${cluster[3]}`));
  console.log(
    dim(
      `each user gets a throwaway HOME under ${work} with EKS_LOGIN_KEYRING=file: your keychain, kubeconfig and AWS config are untouched`,
    ),
  );

  const machine = (user, withKeys = true) => {
    const home = join(work, user);
    const keys = withKeys ? readEnvFile(join(sandboxDir, 'users', `${user}.env`)) : {};
    const env = {
      PATH: `${join(root, 'bin')}:${process.env.PATH}`,
      HOME: home,
      EKS_LOGIN_KEYRING: 'file',
      NO_COLOR: '1',
      ...sandboxEnv,
    };
    return { user, home, env, keys, kubeconfig: join(home, '.kube', 'config') };
  };

  const admin = machine('eks-admin');
  const mike = machine('developer-mike');
  const oliver = machine('admin-oliver');
  const adminStep = (args, shown, expect, keep, says) => ({
    who: admin,
    show: ['eks-login', 'admin', ...shown],
    run: () => run(bin, ['admin', ...args], { ...admin.env, ...admin.keys }),
    expect,
    keep,
    says,
  });
  const sara = machine('developer-sara', false);
  const ssoWorld = /IAM Identity Center/.test(banner);
  const steps = [
    { who: admin, title: "the admin's machine (eks-admin created the cluster; the account has no roles yet)" },
    adminStep(
      ['plan', accessFile],
      ['plan', 'examples/access/article.yaml'],
      (r) =>
        r.code === 0 &&
        r.stdout.includes('+ IAM role developers') &&
        r.stdout.includes('+ ClusterRoleBinding eks-login:developers'),
      /^\s+[+~-] |to add/,
      'plan: IAM roles and groups, access entries, RBAC to create',
    ),
    adminStep(
      ['apply', accessFile, '--yes'],
      ['apply', 'examples/access/article.yaml', '--yes'],
      (r) => r.code === 0 && /applied \d+ step/.test(r.stdout),
      /applied/,
      'apply: made it so (IAM → EKS access entries → RBAC)',
    ),
    adminStep(
      ['apply', accessFile, '--yes'],
      ['apply', 'examples/access/article.yaml', '--yes'],
      (r) => r.code === 0 && r.stdout === 'no changes\n',
      /no changes/,
      'a second apply changes nothing',
    ),
    adminStep(
      ['bundle', accessFile, '--out', adminBundle],
      ['bundle', 'examples/access/article.yaml', '--out', 'bundle.json'],
      (r) => r.code === 0,
      /wrote/,
      'bundle.json for the developers: endpoint, CA and role ARNs from the cluster',
    ),
    ...(bundleUrl
      ? [
          {
            who: admin,
            show: ['cp', 'bundle.json', '<bundle host>/bundle.json'],
            run: async () => (
              copyFileSync(adminBundle, join(sandboxDir, 'bundle.json')),
              { code: 0, stdout: '', stderr: '' }
            ),
            expect: (r) => r.code === 0,
            says: `published at ${bundleUrl}`,
          },
        ]
      : []),
    { who: mike, title: "developer-mike's machine" },
    setupStep(mike, 'developers', bundleUrl),
    kubectlStep(
      mike,
      'developers',
      ['get', 'pods'],
      (r) => r.code === 0 && /web-\S+\s+1\/1\s+Running/.test(r.stdout),
      'lists the pods',
    ),
    kubectlStep(
      mike,
      'developers',
      ['logs', 'web-6d8f7b9c5-x2x9k'],
      (r) => r.code === 0 && r.stdout.includes('nginx'),
      'reads the logs',
    ),
    kubectlStep(
      mike,
      'developers',
      ['create', 'deployment', 'nginx', '--image=nginx'],
      (r) =>
        r.code !== 0 &&
        /forbidden: User "eks-login:developer-mike" cannot create resource "deployments"/.test(r.stderr),
      'Forbidden: developers may only read pods and logs',
    ),
    has('whoami')
      ? {
          who: mike,
          show: ['eks-login', 'whoami', '--context', `developers@${cluster[1]}`],
          run: () => run(bin, ['whoami', '--context', `developers@${cluster[1]}`], mike.env),
          expect: (r) =>
            r.code === 0 &&
            /username\s+eks-login:developer-mike\b/.test(r.stdout) &&
            r.stdout.includes('eks-login:developers'),
          keep: /assumed role|SourceIdentity|username|groups|^\s+pods/,
          says: 'AWS role developers → Kubernetes user eks-login:developer-mike in group eks-login:developers',
        }
      : { skip: 'eks-login whoami: not in this build yet' },
    ...forgerySteps(mike),
    { who: oliver, title: "admin-oliver's machine" },
    setupStep(oliver, 'admins'),
    kubectlStep(
      oliver,
      'admins',
      ['create', 'deployment', 'nginx', '--image=nginx'],
      (r) => r.code === 0 && r.stdout.includes('deployment.apps/nginx created'),
      'admins may do everything',
    ),
    kubectlStep(
      oliver,
      'admins',
      ['get', 'deployments'],
      (r) => r.code === 0 && /nginx\s+1\/1/.test(r.stdout),
      'the deployment is there',
    ),
    ...(ssoWorld
      ? [
          { who: sara, title: "developer-sara's machine (IAM Identity Center: no access key)" },
          ssoSetupStep(sara, 'sso-developers'),
          kubectlStep(
            sara,
            'sso-developers',
            ['get', 'pods'],
            (r) => r.code === 0 && /web-\S+\s+1\/1\s+Running/.test(r.stdout),
            "lists the pods with the permission set's role",
          ),
          {
            who: sara,
            show: ['eks-login', 'whoami', '--context', 'sso-developers@demo'],
            run: () => run(bin, ['whoami', '--context', 'sso-developers@demo'], sara.env),
            expect: (r) =>
              r.code === 0 &&
              /signed in to \S+ until \S+ \(refresh available\)/.test(r.stdout) &&
              /username\s+sso:developer-sara\b/.test(r.stdout),
            keep: /IAM Identity Center|assumed role|username/,
            says: 'signed in with IAM Identity Center → Kubernetes user sso:developer-sara',
          },
        ]
      : [{ skip: 'IAM Identity Center: not in this sandbox world' }]),
    ...(bundleUrl ? syncSteps(mike) : [{ skip: 'bundle versions and eks-login sync: not in this build yet' }]),
  ];

  for (const step of steps) {
    if (step.title) {
      console.log(`\n${paint('1', step.title)}`);
      continue;
    }
    if (step.skip) {
      console.log(`  ${dim(`– skipped: ${step.skip}`)}`);
      continue;
    }
    console.log(`  ${paint('36', '$')} ${step.show.join(' ')}`);
    const result = await step.run();
    const output = clip(
      `${result.stdout}${result.stderr}`
        .trimEnd()
        .split('\n')
        .filter((l) => l && (!step.keep || step.keep.test(l))),
    );
    for (const line of output) console.log(dim(`    ${line}`));
    if (step.expect(result)) console.log(`  ${ok(step.says)}`);
    else {
      failures += 1;
      console.log(`  ${bad(`expected: ${step.says} (exit ${result.code})`)}`);
    }
  }

  const decisions = sandboxLog.split('\n').filter((l) => / \[(sts|eks|sso)\] /.test(l));
  const denied = decisions.filter((l) => l.includes('DENY'));
  console.log(dim(`\nsandbox: ${decisions.length} authentication/authorization decisions, ${denied.length} denied:`));
  for (const line of denied.slice(0, 5)) console.log(dim(`  ${line.replace(/^\S+ /, '')}`));
} catch (error) {
  failures += 1;
  console.error(bad(error.message));
} finally {
  await stopSandbox();
}

if (failures === 0) {
  rmSync(work, { recursive: true, force: true });
  console.log(`\n${ok('every step behaved as expected')}`);
} else {
  console.log(`\n${bad(`${failures} step(s) did not behave as expected`)}; files kept in ${work}`);
}
process.exit(failures === 0 ? 0 : 1);

/**
 * A step's output, at most `max` lines, except that a line giving a URL is never cut; where lines are left out
 * it says how many ("… 3 more lines"), so the transcript never looks complete when it is not.
 */
function clip(lines, max = 8) {
  const shown = [];
  let left = 0;
  const flush = () => {
    if (left > 0) shown.push(`… ${left} more line${left === 1 ? '' : 's'}`);
    left = 0;
  };
  lines.forEach((line, i) => {
    if (i < max || /https?:\/\/\S/.test(line)) {
      flush();
      shown.push(line);
    } else left += 1;
  });
  flush();
  return shown;
}

function setupStep(m, group, url) {
  const source = url ?? adminBundle;
  const args = [
    'setup',
    url ?? join('…', 'bundle.json'),
    '--group',
    group,
    '--from-env',
    '--kubeconfig',
    '~/.kube/config',
    '--yes',
  ];
  return {
    who: m,
    show: ['eks-login', ...args],
    run: () =>
      run(bin, ['setup', source, '--group', group, '--from-env', '--kubeconfig', m.kubeconfig, '--yes'], {
        ...m.env,
        ...m.keys,
      }),
    expect: (r) => r.code === 0,
    keep: /signed in as|stored in|context \S+ added|^eks-login:|hint:/,
    says: `${m.user} is set up as ${group}${url ? ' from the bundle URL' : ''}: access key stored, context ${group}@demo written`,
  };
}

/** setup of an IAM Identity Center group: eks-login prints the sign-in URL; the demo plays the browser. */
function ssoSetupStep(m, group) {
  return {
    who: m,
    show: [
      'eks-login',
      'setup',
      join('…', 'bundle.json'),
      '--group',
      group,
      '--no-browser',
      '--kubeconfig',
      '~/.kube/config',
      '--yes',
    ],
    run: () =>
      run(
        bin,
        ['setup', ssoBundle, '--group', group, '--no-browser', '--kubeconfig', m.kubeconfig, '--yes'],
        m.env,
        async (stderr) => {
          const url = /https:\/\/\S+\/authorize\?\S+/.exec(stderr)?.[0];
          if (!url) return false;
          console.log(dim(`    (the browser opens the printed URL and is sent back to eks-login's loopback address)`));
          const ca = readFileSync(join(sandboxDir, 'ca.pem'), 'utf8');
          const authorize = await fetchPage(url, ca);
          if (authorize.location) await fetchPage(authorize.location, ca);
          return true;
        },
      ),
    expect: (r) => r.code === 0 && /signed in to \S+ until/.test(r.stderr),
    keep: /^Sign in|^\s+https:\/\/\S+\/authorize\?|^waiting for the browser|signed in|context \S+ added|^eks-login:|hint:/,
    says: `${m.user} signed in with IAM Identity Center (PKCE, no access key stored), context ${group}@demo written`,
  };
}

function fetchPage(url, ca) {
  return new Promise((done, fail) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { ca, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode, location: res.headers.location }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', fail);
  });
}

// The identity binding admin apply wrote: with his own keys and a plain AWS SDK (as `aws sts assume-role` would),
// mike cannot call his session admin-oliver; under his own name, with SourceIdentity, STS lets him in.
function forgerySteps(m) {
  const roleArn = () =>
    JSON.parse(readFileSync(adminBundle, 'utf8')).groups.find((g) => g.name === 'developers').roleArn;
  const step = (name, sourceIdentity, expect, says) => ({
    who: m,
    show: [
      'aws',
      'sts',
      'assume-role',
      '--role-arn',
      'arn:aws:iam::123456789012:role/developers',
      '--role-session-name',
      name,
      ...(sourceIdentity ? ['--source-identity', sourceIdentity] : []),
    ],
    run: () =>
      run(
        process.execPath,
        ['--input-type=module', '-e', ASSUME_ROLE_SCRIPT, stsModule, roleArn(), name, sourceIdentity ?? ''],
        { ...m.env, ...m.keys },
      ),
    expect,
    keep: /AccessDenied|"Arn"|"SourceIdentity"/,
    says,
  });
  return [
    step(
      'admin-oliver',
      undefined,
      (r) => r.code !== 0 && /\(AccessDenied\)/.test(r.stderr),
      'a forged session name is refused: AccessDenied (the group policy binds it to the IAM user name)',
    ),
    step(
      'developer-mike',
      'developer-mike',
      (r) =>
        r.code === 0 &&
        r.stdout.includes('assumed-role/developers/developer-mike') &&
        r.stdout.includes('"SourceIdentity": "developer-mike"'),
      "mike's own name passes, with SourceIdentity developer-mike",
    ),
  ];
}

function kubectlStep(m, group, args, expect, says) {
  const full = ['--context', `${group}@demo`, ...args];
  return { who: m, show: ['kubectl', ...full], run: () => run('kubectl', full, m.env), expect, says };
}

// The admin publishes version 2 of the bundle: a new cluster (staging, the sandbox's second API server) and
// the CA rotated the safe way (old and new certificate side by side, from the sandbox's bundle-v2.json); the
// developer's `eks-login sync` picks it up, and kubectl still trusts the cluster.
function syncSteps(m) {
  return [
    { who: m, title: 'the admin publishes bundle version 2 (cluster staging added, CA rotated)' },
    {
      who: m,
      show: ['cp', 'bundle-v2.json', '<bundle host>/bundle.json'],
      run: async () => {
        const v1 = JSON.parse(readFileSync(adminBundle, 'utf8'));
        const sandboxV2 = JSON.parse(readFileSync(join(sandboxDir, 'bundle-v2.json'), 'utf8'));
        const staging = sandboxV2.clusters.find((c) => c.name === 'staging');
        const v2 = {
          ...v1,
          clusters: [
            ...v1.clusters.map((c, i) =>
              i === 0 ? { ...c, certificateAuthorityData: sandboxV2.clusters[0].certificateAuthorityData } : c,
            ),
            { ...staging, region: v1.clusters[0].region },
          ],
          groups: v1.groups.map((g) => (g.clusters ? { ...g, clusters: [...g.clusters, 'staging'] } : g)),
        };
        writeFileSync(join(sandboxDir, 'bundle.json'), `${JSON.stringify(v2, null, 2)}\n`);
        return { code: 0, stdout: '', stderr: '' };
      },
      expect: (r) => r.code === 0,
      says: 'version 2 is served at the bundle URL',
    },
    { who: m, title: "developer-mike's machine, later" },
    {
      who: m,
      show: ['eks-login', 'sync'],
      run: () => run(bin, ['sync'], m.env),
      expect: (r) =>
        r.code === 0 &&
        r.stderr.includes('context developers@demo updated: CA rotated') &&
        r.stderr.includes('context developers@staging added'),
      keep: /bundle |context |^eks-login:|hint:/,
      says: 'sync applied version 2: the CA rotation and the new cluster, the stored key untouched',
    },
    kubectlStep(
      m,
      'developers',
      ['get', 'pods'],
      (r) => r.code === 0 && /web-\S+\s+1\/1\s+Running/.test(r.stdout),
      'the rotated CA (old and new certificate) still trusts the cluster',
    ),
    {
      who: m,
      show: ['eks-login', 'sync'],
      run: () => run(bin, ['sync'], m.env),
      expect: (r) => r.code === 0 && r.stderr.includes('unchanged'),
      keep: /bundle /,
      says: 'a second sync finds nothing to do (the kubeconfig is not rewritten)',
    },
  ];
}

/** `onStderr` (optional) sees stderr as it grows until it returns true (e.g. to play a browser step). */
function run(command, args, env, onStderr) {
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let handled = !onStderr;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (handled) return;
      handled = true;
      onStderr(stderr).then(
        (done_) => (handled = done_),
        (e) => (stderr += `\n${e.message}`),
      );
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (e) => done({ code: -1, stdout, stderr: `${stderr}${e.message}` }));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

function readEnvFile(path) {
  const env = {};
  for (const m of readFileSync(path, 'utf8').matchAll(/^export (\w+)='((?:[^']|'\\'')*)'$/gm))
    env[m[1]] = m[2].replace(/'\\''/g, "'");
  return env;
}
