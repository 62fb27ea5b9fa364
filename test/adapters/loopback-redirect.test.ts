// The PKCE loopback server for real (node:http on 127.0.0.1): a wrong state is refused and ignored, the
// right one ends the wait with the code while its browser waits for the page the sign-in answers with
// (after CreateToken); an error callback and the timeout end it with exit-4 errors; the server is gone
// afterwards.
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startLoopbackRedirect } from '../../src/credentials/sso/loopback-redirect.node.js';

function open(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('loopback redirect', () => {
  it('listens on 127.0.0.1 only; a wrong state is refused, the right one returns the code and closes the server', async () => {
    const server = await startLoopbackRedirect();
    const uri = new URL(server.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(uri.pathname).toBe('/oauth/callback');
    const waiting = server.waitForCode('expected-state');
    const forged = await open(`${server.redirectUri}?code=evil&state=other`);
    expect(forged.status).toBe(400);
    const page = open(`${server.redirectUri}?code=the-code&state=expected-state`);
    const callback = await waiting;
    expect(callback.code).toBe('the-code');
    // The browser has no answer until the sign-in gives it one.
    expect(
      await Promise.race([page.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 100))]),
    ).toBe('waiting');
    await callback.answer({ kind: 'signed-in', startUrl: 'https://acme.awsapps.com/start', account: '123456789012' });
    const ok = await page;
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('You can close this window');
    expect(ok.body).toContain('<dd>https://acme.awsapps.com/start</dd>');
    await expect(open(`${server.redirectUri}?code=again&state=expected-state`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a refused code gets the failure page; closing with a browser still waiting answers it with failure too', async () => {
    const server = await startLoopbackRedirect();
    const waiting = server.waitForCode('s', 'https://acme.awsapps.com/start');
    const page = open(`${server.redirectUri}?code=bad&state=s`);
    await (
      await waiting
    ).answer({ kind: 'failed', startUrl: 'https://acme.awsapps.com/start', reason: 'invalid_grant: <bad> code' });
    const failed = await page;
    expect(failed.status).toBe(400);
    expect(failed.body).toContain('Sign-in failed');
    expect(failed.body).toContain('invalid_grant: &#60;bad&#62; code');
    expect(failed.body).not.toContain('Signed in');

    const other = await startLoopbackRedirect();
    const held = other.waitForCode('t', 'https://acme.awsapps.com/start');
    const abandoned = open(`${other.redirectUri}?code=c&state=t`);
    await held;
    await other.close();
    expect((await abandoned).body).toContain('eks-login stopped before the sign-in finished');
  });

  it('an error callback (access denied in the browser) ends the wait with exit 4', async () => {
    const server = await startLoopbackRedirect();
    const waiting = server.waitForCode('s');
    void open(`${server.redirectUri}?error=access_denied&state=s`);
    await expect(waiting).rejects.toMatchObject({ code: 'SSO_SIGN_IN_REFUSED', exitCode: 4 });
  });

  it('stops waiting after the timeout', async () => {
    const server = await startLoopbackRedirect({ timeoutMs: 200 });
    await expect(server.waitForCode('s')).rejects.toMatchObject({ code: 'SSO_SIGN_IN_TIMEOUT', exitCode: 4 });
    await expect(open(server.redirectUri)).rejects.toThrow(/ECONNREFUSED/);
  });
});
