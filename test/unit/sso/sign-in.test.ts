// The IAM Identity Center sign-in with fakes and an injected clock/sleep: device flow timing (interval,
// slow_down, expiry), registration reuse, the PKCE authorize URL, the aws-cli cache format, and
// ensureSsoToken's order (cached → refreshed → sign-in allowed → exit 4 with the login hint).
import type { CallbackPage } from '../../../src/kernel/sso-ports.js';
import { describe, expect, it } from 'vitest';
import { CredentialsError } from '../../../src/kernel/errors.js';
import {
  SsoOAuthError,
  type CreateTokenInput,
  type LoopbackRedirect,
  type SsoOidc,
  type SsoRegistration,
  type SsoToken,
  type SsoTokenCache,
} from '../../../src/kernel/sso-ports.js';
import { signIn, type SignInDeps } from '../../../src/credentials/sso/sign-in.js';
import { ensureSsoToken } from '../../../src/credentials/sso/sso-credentials.js';
import { parseSsoToken, serializeSsoToken } from '../../../src/credentials/sso/token-file.js';
import { buildUnmappedFix, renderUnmappedFix } from '../../../src/diagnose/unmapped-fix.js';
import { FixedClock, MemoryLocker, MemoryLogger } from '../../support/fakes.js';

const START = 'https://acme.awsapps.com/start';
const T0 = '2026-11-30T08:00:00.000Z';

class FakeOidc implements SsoOidc {
  readonly endpoint = 'https://oidc.eu-west-1.amazonaws.com';
  registrations = 0;
  calls: CreateTokenInput[] = [];
  /** Answers of CreateToken, in order; a string is an OAuth error. */
  answers: Array<string | { accessToken: string; expiresInSeconds: number; refreshToken?: string }> = [];
  async registerClient(): Promise<SsoRegistration> {
    this.registrations += 1;
    return {
      clientId: `client-${this.registrations}`,
      clientSecret: 'secret',
      expiresAt: new Date('2027-02-28T00:00:00Z'),
    };
  }
  async startDeviceAuthorization() {
    return {
      deviceCode: 'dev',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso/',
      verificationUriComplete: 'https://device.sso/?user_code=ABCD-EFGH',
      expiresInSeconds: 30,
      intervalSeconds: 1,
    };
  }
  async createToken(_client: SsoRegistration, input: CreateTokenInput) {
    this.calls.push(input);
    const next = this.answers.shift() ?? 'authorization_pending';
    if (typeof next === 'string') throw new SsoOAuthError(next as SsoOAuthError['error'], next);
    return next;
  }
}

function deps(clock: FixedClock, oidc: FakeOidc, registrations = new Map<string, SsoRegistration>()) {
  const said: string[] = [];
  const opened: string[] = [];
  const sleeps: number[] = [];
  const pages: CallbackPage[] = [];
  const loopback: LoopbackRedirect = {
    redirectUri: 'http://127.0.0.1:49152/oauth/callback',
    timeoutMs: 600_000,
    waitForCode: async (state) => ({
      code: state === 'the-state' ? 'the-code' : 'wrong',
      answer: async (page) => void pages.push(page),
    }),
    close: async () => undefined,
  };
  const d: SignInDeps = {
    clock,
    logger: new MemoryLogger(),
    oidc,
    registrations: { read: async (k) => registrations.get(k), write: async (k, r) => void registrations.set(k, r) },
    pkce: { verifier: () => 'v'.repeat(43), challenge: (v) => `challenge-of-${v.length}`, state: () => 'the-state' },
    loopback: async () => loopback,
    openUrl: (url) => opened.push(url),
    say: (line) => said.push(line),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  };
  return { d, said, opened, sleeps, pages };
}

describe('device authorization flow', () => {
  it('polls at the interval, adds 5 s on slow_down, and prints URL and code', async () => {
    const clock = new FixedClock(T0);
    const oidc = new FakeOidc();
    oidc.answers = [
      'authorization_pending',
      'slow_down',
      'authorization_pending',
      { accessToken: 'at', expiresInSeconds: 3600, refreshToken: 'rt' },
    ];
    const { d, said, opened, sleeps } = deps(clock, oidc);
    const token = await signIn({ startUrl: START, region: 'eu-west-1', flow: 'device', openBrowser: false }, d);
    expect(sleeps).toEqual([1000, 1000, 6000, 6000]);
    expect(said.join('\n')).toContain('https://device.sso/?user_code=ABCD-EFGH');
    expect(said.join('\n')).toContain('ABCD-EFGH');
    expect(opened).toEqual([]); // --no-browser
    expect(token).toMatchObject({
      startUrl: START,
      accessToken: 'at',
      refreshToken: 'rt',
      clientId: 'client-1',
      clientSecret: 'secret',
    });
    expect(token.expiresAt.toISOString()).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
  });

  it('stops when the code expires (exit 4), and on expired_token', async () => {
    const clock = new FixedClock(T0);
    const { d } = deps(clock, new FakeOidc());
    await expect(
      signIn({ startUrl: START, region: 'eu-west-1', flow: 'device', openBrowser: true }, d),
    ).rejects.toMatchObject({ code: 'SSO_SIGN_IN_TIMEOUT', exitCode: 4 });
    const oidc = new FakeOidc();
    oidc.answers = ['expired_token'];
    await expect(
      signIn({ startUrl: START, region: 'eu-west-1', flow: 'device', openBrowser: true }, deps(clock, oidc).d),
    ).rejects.toMatchObject({ code: 'SSO_SIGN_IN_TIMEOUT' });
  });

  it('reuses a client registration until 15 minutes before it expires', async () => {
    const clock = new FixedClock(T0);
    const oidc = new FakeOidc();
    const registrations = new Map<string, SsoRegistration>();
    for (let i = 0; i < 2; i++) {
      oidc.answers = [{ accessToken: `at${i}`, expiresInSeconds: 3600 }];
      await signIn(
        { startUrl: START, region: 'eu-west-1', flow: 'device', openBrowser: false },
        deps(clock, oidc, registrations).d,
      );
    }
    expect(oidc.registrations).toBe(1);
    clock.set('2027-02-27T23:50:00Z');
    oidc.answers = [{ accessToken: 'at', expiresInSeconds: 3600 }];
    await signIn(
      { startUrl: START, region: 'eu-west-1', flow: 'device', openBrowser: false },
      deps(clock, oidc, registrations).d,
    );
    expect(oidc.registrations).toBe(2);
  });
});

describe('authorization code flow with PKCE', () => {
  it('builds the authorize URL on the OIDC endpoint and trades the code with the verifier', async () => {
    const clock = new FixedClock(T0);
    const oidc = new FakeOidc();
    oidc.answers = [{ accessToken: 'at', expiresInSeconds: 28800, refreshToken: 'rt' }];
    const { d, said, opened } = deps(clock, oidc);
    await signIn({ startUrl: START, region: 'eu-west-1', flow: 'pkce', openBrowser: true }, d);
    const url = new URL(opened[0]!);
    expect(`${url.origin}${url.pathname}`).toBe('https://oidc.eu-west-1.amazonaws.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'http://127.0.0.1:49152/oauth/callback',
      state: 'the-state',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
      code_challenge: 'challenge-of-43',
    });
    expect(said.join('\n')).toContain(opened[0]);
    expect(oidc.calls).toEqual([
      {
        grantType: 'authorization_code',
        code: 'the-code',
        redirectUri: 'http://127.0.0.1:49152/oauth/callback',
        codeVerifier: 'v'.repeat(43),
      },
    ]);
  });

  it('after the URL it says it waits, for how long and how to cancel; the browser hears "signed in" after CreateToken', async () => {
    const oidc = new FakeOidc();
    oidc.answers = [{ accessToken: 'at', expiresInSeconds: 28800, refreshToken: 'rt' }];
    const { d, said, pages } = deps(new FixedClock(T0), oidc);
    await signIn(
      { startUrl: START, account: '123456789012', region: 'eu-west-1', flow: 'pkce', openBrowser: false },
      d,
    );
    expect(said[2]).toBe('waiting for the browser… (Ctrl-C cancels; gives up in 10 min)');
    expect(pages).toEqual([{ kind: 'signed-in', startUrl: START, account: '123456789012' }]);
  });

  it('a code CreateToken refuses gets the failure page, and the sign-in fails (exit 4)', async () => {
    const oidc = new FakeOidc();
    oidc.answers = ['invalid_grant'];
    const { d, pages } = deps(new FixedClock(T0), oidc);
    await expect(
      signIn({ startUrl: START, account: '123456789012', region: 'eu-west-1', flow: 'pkce', openBrowser: false }, d),
    ).rejects.toMatchObject({ code: 'SSO_SIGN_IN_REFUSED', exitCode: 4 });
    expect(pages).toEqual([
      { kind: 'failed', startUrl: START, account: '123456789012', reason: expect.stringContaining('invalid_grant') },
    ]);
  });
});

describe('the aws-cli cache file', () => {
  it('round-trips and uses aws-cli timestamps', () => {
    const token: SsoToken = {
      startUrl: START,
      region: 'eu-west-1',
      accessToken: 'at',
      expiresAt: new Date('2026-11-30T09:00:00.123Z'),
      refreshToken: 'rt',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: new Date('2027-02-28T00:00:00Z'),
    };
    const text = serializeSsoToken(token);
    expect(JSON.parse(text)).toEqual({
      startUrl: START,
      region: 'eu-west-1',
      accessToken: 'at',
      expiresAt: '2026-11-30T09:00:00Z',
      refreshToken: 'rt',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: '2027-02-28T00:00:00Z',
    });
    expect(parseSsoToken(text)?.accessToken).toBe('at');
    // aws-cli also writes "+00:00" offsets and files without a refresh token (legacy device flow).
    expect(
      parseSsoToken(
        JSON.stringify({
          startUrl: START,
          accessToken: 'x',
          expiresAt: '2026-11-30T09:00:00+00:00',
          region: 'eu-west-1',
        }),
      )?.expiresAt.toISOString(),
    ).toBe('2026-11-30T09:00:00.000Z');
    expect(parseSsoToken('{"accessToken": "x"}')).toBeUndefined();
    // Rewriting an existing file keeps every field eks-login does not own; a file of another start URL is not merged.
    const existing = JSON.stringify({
      startUrl: START,
      accessToken: 'old',
      expiresAt: '2020-01-01T00:00:00Z',
      refreshToken: 'old-rt',
      scopes: ['x'],
      other: { a: 1 },
    });
    expect(JSON.parse(serializeSsoToken({ ...token, refreshToken: undefined }, existing))).toEqual({
      startUrl: START,
      region: 'eu-west-1',
      accessToken: 'at',
      expiresAt: '2026-11-30T09:00:00Z',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: '2027-02-28T00:00:00Z',
      scopes: ['x'],
      other: { a: 1 },
    });
    expect(
      JSON.parse(serializeSsoToken(token, JSON.stringify({ startUrl: 'https://other/start', scopes: ['x'] }))),
    ).not.toHaveProperty('scopes');
  });
});

describe(ensureSsoToken.name, () => {
  const sso = { startUrl: START, region: 'eu-west-1', accountId: '123456789012', roleName: 'EKSDevelopers' };
  function cache(initial?: SsoToken): SsoTokenCache & { token?: SsoToken } {
    const c: SsoTokenCache & { token?: SsoToken } = {
      ...(initial ? { token: initial } : {}),
      pathOf: () => '/home/me/.aws/sso/cache/x.json',
      read: async () => c.token,
      write: async (t) => void (c.token = t),
      remove: async () => true,
    };
    return c;
  }
  const expired: SsoToken = {
    startUrl: START,
    region: 'eu-west-1',
    accessToken: 'old',
    expiresAt: new Date('2026-11-30T07:00:00Z'),
    refreshToken: 'rt',
    clientId: 'c',
    clientSecret: 's',
    registrationExpiresAt: new Date('2027-01-01T00:00:00Z'),
  };

  it('refreshes an expired token silently and writes it back', async () => {
    const clock = new FixedClock(T0);
    const oidc = new FakeOidc();
    oidc.answers = [{ accessToken: 'new', expiresInSeconds: 3600 }];
    const tokens = cache(expired);
    const got = await ensureSsoToken(
      { sso, loginCommand: 'eks-login login x' },
      {
        clock,
        logger: new MemoryLogger(),
        locker: async () => new MemoryLocker(),
        ssoTokens: async () => tokens,
        ssoOidc: async () => oidc,
        signInDeps: async () => {
          throw new Error('no sign-in expected');
        },
      },
    );
    expect(got.how).toBe('refreshed');
    expect(oidc.calls).toEqual([{ grantType: 'refresh_token', refreshToken: 'rt' }]);
    expect(tokens.token).toMatchObject({ accessToken: 'new', refreshToken: 'rt' });
  });

  it('without a usable sign-in and no permission to sign in: exit 4 naming eks-login login, no flow', async () => {
    const clock = new FixedClock(T0);
    const oidc = new FakeOidc();
    oidc.answers = ['invalid_grant'];
    const error = await ensureSsoToken(
      { sso, loginCommand: 'eks-login login sso-developers@demo' },
      {
        clock,
        logger: new MemoryLogger(),
        locker: async () => new MemoryLocker(),
        ssoTokens: async () => cache(expired),
        ssoOidc: async () => oidc,
        signInDeps: async () => {
          throw new Error('no sign-in expected');
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'SSO_SIGN_IN_NEEDED', hint: 'run: eks-login login sso-developers@demo' });
    expect((error as Error).message).toContain('expired at 2026-11-30T07:00:00.000Z and could not be refreshed');
    expect(oidc.registrations).toBe(0);
  });
});

describe('401 fix for a permission-set role', () => {
  it('names the path-less ARN for aws-auth and the full ARN for the access entry', () => {
    const fix = buildUnmappedFix({
      roleArn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_EKSDevelopers_4f8e2a1c9b7d3e65/sara',
      cluster: 'demo',
      region: 'eu-west-1',
      kubernetesGroup: 'sso-developers',
    });
    expect(fix.awsAuth).toContain(
      'rolearn: arn:aws:iam::123456789012:role/AWSReservedSSO_EKSDevelopers_4f8e2a1c9b7d3e65\n',
    );
    expect(fix.accessEntry).toContain(
      '--principal-arn arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_EKSDevelopers_4f8e2a1c9b7d3e65 ',
    );
    expect(renderUnmappedFix(fix, null, 'demo')).toContain(
      'aws-auth must name it without the path /aws-reserved/sso.amazonaws.com/',
    );
  });
});
