// `npm run demo` is the README's main job: it must run the whole story and exit 0.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../support/run-process.js';
import { hasKubectl } from '../support/tools.js';

const DEMO = join(import.meta.dirname, '..', '..', 'scripts', 'demo.mjs');

describe.skipIf(!hasKubectl())('npm run demo', () => {
  it('plays every step as expected and exits 0, with a readable transcript', async () => {
    const { status, stdout, stderr } = await runProcess(process.execPath, [DEMO], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      timeoutMs: 230_000,
    });
    expect(stdout).toContain('$ kubectl --context developers@demo create deployment nginx --image=nginx');
    expect(stdout).toContain('✔ Forbidden');
    expect(stdout).toContain('$ eks-login admin apply examples/access/article.yaml --yes');
    expect(stdout).toContain('✔ a second apply changes nothing');
    expect(stdout).toContain(
      '✔ AWS role developers → Kubernetes user eks-login:developer-mike in group eks-login:developers',
    );
    // The identity binding: a forged session name is AccessDenied at STS, mike's own name passes with SourceIdentity.
    expect(stdout).toContain(
      '$ aws sts assume-role --role-arn arn:aws:iam::123456789012:role/developers --role-session-name admin-oliver\n',
    );
    expect(stdout).toMatch(
      /An error occurred \(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user\/developer-mike is not authorized to perform: sts:AssumeRole/,
    );
    expect(stdout).toContain(
      '✔ a forged session name is refused: AccessDenied (the group policy binds it to the IAM user name)',
    );
    expect(stdout).toContain(
      '$ aws sts assume-role --role-arn arn:aws:iam::123456789012:role/developers --role-session-name developer-mike --source-identity developer-mike',
    );
    expect(stdout).toContain("✔ mike's own name passes, with SourceIdentity developer-mike");
    expect(stdout).toContain('$ eks-login setup …/bundle.json --group sso-developers --no-browser');
    expect(stdout).toContain('✔ developer-sara signed in with IAM Identity Center');
    // The sign-in step shows the URL it asks to open (never cut), and a cut step says how much it left out.
    expect(stdout).toMatch(
      /in a browser:\n {4} {2}https:\/\/127\.0\.0\.1:\d+\/authorize\?\S+\n {4}waiting for the browser…/,
    );
    expect(stdout).toMatch(/\n {4}… \d+ more lines?\n/);
    expect(stdout).toContain('✔ signed in with IAM Identity Center → Kubernetes user sso:developer-sara');
    expect(stdout).toContain('$ eks-login sync');
    expect(stdout).toContain('context developers@demo updated: CA rotated');
    expect(stdout).toContain('✔ the rotated CA (old and new certificate) still trusts the cluster');
    expect(stdout).toContain('✔ every step behaved as expected');
    expect(stdout).not.toContain('✘');
    expect(status, stderr).toBe(0);
  }, 240_000);
});
