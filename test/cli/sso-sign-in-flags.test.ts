// The sso sign-in flags setup and login share (cli/options.ts): what each combination asks of the sign-in.
import { describe, expect, it } from 'vitest';
import { ssoSignInOf } from '../../src/cli/options.js';

describe('ssoSignInOf', () => {
  it('no flag: the browser flow (PKCE) with the browser opened', () => {
    expect(ssoSignInOf({})).toEqual({ flow: 'pkce', openBrowser: true });
  });

  it('--no-browser (yargs: browser=false): the same flow, the URL printed only', () => {
    expect(ssoSignInOf({ browser: false })).toEqual({ flow: 'pkce', openBrowser: false });
  });

  it('--use-device-code, with or without --no-browser: the device flow', () => {
    expect(ssoSignInOf({ useDeviceCode: true })).toEqual({ flow: 'device', openBrowser: true });
    expect(ssoSignInOf({ useDeviceCode: true, browser: false })).toEqual({ flow: 'device', openBrowser: false });
  });
});
