// The one MFA_NEEDS_TERMINAL error: an MFA code is needed but no person can answer (kubectl ran the plugin
// without a terminal). Built here for both askers, the group role session and an AWS profile's mfa_serial,
// so the message and the hint read the same wherever the question comes from. Pure.
import { CredentialsError } from '../../kernel/errors.js';

export interface MfaNeedsTerminalInput {
  /** The MFA device, when known. */
  serial?: string | undefined;
  /** The role being assumed, when eks-login assumes it (a profile's role is the SDK's). */
  roleArn?: string | undefined;
  /** What to run in a terminal, e.g. `eks-login login dev@demo`; default `eks-login login <context>`. */
  loginCommand?: string | undefined;
}

export function mfaNeedsTerminal(input: MfaNeedsTerminalInput): CredentialsError {
  const device = input.serial ? ` (device ${input.serial})` : '';
  const what = input.roleArn
    ? `an MFA code is needed to assume ${input.roleArn}${device}`
    : `an MFA code${input.serial ? ` for ${input.serial}` : ''} is needed`;
  return new CredentialsError(`${what}, but there is no terminal to ask on`, {
    code: 'MFA_NEEDS_TERMINAL',
    hint: `run: ${input.loginCommand ?? 'eks-login login <context>'}`,
  });
}
