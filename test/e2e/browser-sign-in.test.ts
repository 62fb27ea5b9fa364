// The IAM Identity Center sign-in in a real browser: Debian's chromium, headless, against the sandbox. The
// authorize page opens, its redirect reaches eks-login's loopback callback, and the page the callback renders
// is read from chromium's DOM: "Signed in" with the start URL and account once CreateToken succeeded; a callback
// with the right state but a bad code renders the failure page, and the CLI fails (exit 4). Without chromium:
// skipped visibly on a laptop, a failure in CI (.ci/run installs it).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/run-process.js';
import { dumpDom, hasChromium, spkiHashesOf } from '../support/chromium.js';
import { useSandboxAndMachine } from '../support/sandbox-for-file.js';
import { AUTHORIZE_URL } from '../support/sso-browser.js';
import { usageText } from '../../packages/sandbox/src/index.js';

const START_URL = 'https://d-9067c2b1f0.awsapps.com/start';
const ACCOUNT = '123456789012';
const GROUP = 'sso-developers';

const w = useSandboxAndMachine();
let spki: string[];
beforeAll(async () => {
  if (hasChromium()) spki = await spkiHashesOf(w.sb.ssoEndpoint!, readFileSync(w.sb.caFile, 'utf8'));
});

describe('the sandbox warns up front about its certificate', () => {
  it('`eks-login sandbox` says, before the IAM Identity Center commands, that a browser will warn and why', () => {
    const text = usageText({
      world: w.sb.world,
      worldName: 'built-in',
      dir: w.sb.dir,
      stsEndpoint: w.sb.stsEndpoint,
      ssoEndpoint: w.sb.ssoEndpoint,
      clusters: w.sb.clusters,
      bundlePath: w.sb.bundlePath,
      caFile: w.sb.caFile,
      envFile: 'sandbox.env',
      userEnvFile: (u) => `${u}.env`,
      command: 'eks-login',
    });
    const warning = text.indexOf('Your browser will warn about its certificate: the sandbox signs it with its own CA');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(text.indexOf(`--group ${GROUP} --no-browser`));
    expect(text).toContain(w.sb.caFile);
  });
});

describe.skipIf(!hasChromium())('PKCE sign-in in headless chromium', () => {
  it('the authorize page redirects to the loopback callback, which renders "Signed in" with the start URL and account', async () => {
    const setup = startCli(['setup', w.sb.bundlePath, '--group', GROUP, '--no-browser', '--yes'], {
      env: w.m.env,
      timeoutMs: 120_000,
    });
    const [url] = await setup.waitFor('stderr', AUTHORIZE_URL);
    await setup.waitFor('stderr', /waiting for the browser… \(Ctrl-C cancels; gives up in 10 min\)/);
    const page = await dumpDom(url, { spkiHashes: spki });
    expect(page.dom, page.stderr.slice(-2000)).toContain('<h1 class="ok">Signed in</h1>');
    expect(page.dom).toContain(`<dd>${START_URL}</dd>`);
    expect(page.dom).toContain(`<dd>${ACCOUNT}</dd>`);
    expect(page.dom).toContain('You can close this window');
    const done = await setup.done;
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr.split(`signed in to ${START_URL} until`).length - 1).toBe(1);
    expect(w.sb.ssoStats()).toMatchObject({ authorize: 1 });
  }, 180_000);

  it('a callback with the right state and a bad code renders the failure page; the CLI exits 4', async () => {
    expect(
      (await startCli(['logout', '--context', `${GROUP}@demo`, '--forget-keys'], { env: w.m.env }).done).status,
    ).toBe(0);
    const login = startCli(['login', `${GROUP}@demo`, '--no-browser'], { env: w.m.env, timeoutMs: 120_000 });
    const [url] = await login.waitFor('stderr', AUTHORIZE_URL);
    const authorize = new URL(url);
    const callback = new URL(authorize.searchParams.get('redirect_uri')!);
    callback.search = new URLSearchParams({
      code: 'not-a-code-the-sandbox-issued',
      state: authorize.searchParams.get('state')!,
    }).toString();
    const page = await dumpDom(callback.href);
    expect(page.dom, page.stderr.slice(-2000)).toContain('<h1 class="bad">Sign-in failed</h1>');
    expect(page.dom).toContain('invalid_grant');
    expect(page.dom).not.toContain('Signed in');
    const done = await login.done;
    expect(done.status).toBe(4);
    expect(done.stderr).toContain('was refused: invalid_grant');
  }, 180_000);
});
