// MFA_NEEDS_TERMINAL is built in one place: the group role session (core) and the AWS profile's
// mfa_serial question (the CLI's credential services) fail with the same code, exit and hint form.
import { describe, expect, it } from 'vitest';
import { mfaNeedsTerminal } from '../../../src/credentials/role-session/mfa-needs-terminal.js';
import { createTokenDeps } from '../../../src/token/wire.js';
import { httpSettingsFromEnv } from '../../../src/infra/http/settings.js';
import { CredentialsError } from '../../../src/kernel/errors.js';
import { createTestContext } from '../../support/fakes.js';

const SERIAL = 'arn:aws:iam::123456789012:mfa/mike';
const ROLE = 'arn:aws:iam::123456789012:role/developers';

describe(mfaNeedsTerminal.name, () => {
  it('names the role and device and sends the person to the login command', () => {
    const error = mfaNeedsTerminal({ roleArn: ROLE, serial: SERIAL, loginCommand: 'eks-login login dev@demo' });
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({
      exitCode: 4,
      code: 'MFA_NEEDS_TERMINAL',
      message: `an MFA code is needed to assume ${ROLE} (device ${SERIAL}), but there is no terminal to ask on`,
      hint: 'run: eks-login login dev@demo',
    });
  });

  it('without a role (a profile asks through the SDK) names the device, and the hint keeps its form', () => {
    expect(mfaNeedsTerminal({ serial: SERIAL })).toMatchObject({
      message: `an MFA code for ${SERIAL} is needed, but there is no terminal to ask on`,
      hint: 'run: eks-login login <context>',
    });
  });

  it("is what the CLI's profile MFA answer throws when nobody can answer", async () => {
    // The SDK's chain asks the token deps' MFA answer for an assume-role profile with mfa_serial.
    const ctx = createTestContext({
      env: { HOME: '/nonexistent-home' },
      profileCredentials: async (request) => Promise.reject(await request.mfaCode!(SERIAL).catch((e: unknown) => e)),
    });
    const deps = createTokenDeps(ctx, { region: 'eu-west-1', http: httpSettingsFromEnv({}), canPrompt: false });
    const error = await deps.sources.profile!(
      { kind: 'profile', profile: 'dev', explicit: true },
      { refresh: false },
    ).catch((e: unknown) => e);
    expect(error).toEqual(mfaNeedsTerminal({ serial: SERIAL }));
    expect(error).toMatchObject({ code: 'MFA_NEEDS_TERMINAL', hint: 'run: eks-login login <context>' });
  });
});
