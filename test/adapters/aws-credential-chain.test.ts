// The AWS SDK chain behind --source-profile: an assume-role profile with mfa_serial asks our MFA code
// provider; when that refuses (no terminal), its error reaches the user with its own hint, not a generic one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromProfileChain } from '../../src/infra/aws/aws-credential-chain.js';
import { CredentialsError } from '../../src/kernel/errors.js';
import { MemoryLogger } from '../support/fakes.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';

describe('fromProfileChain', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eks-login-chain-'));
    const config = join(dir, 'config');
    writeFileSync(
      config,
      [
        '[profile base]',
        'aws_access_key_id = AKIAEXAMPLE0000BASE',
        'aws_secret_access_key = base-secret',
        '[profile oncall]',
        'role_arn = arn:aws:iam::123456789012:role/oncall',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::123456789012:mfa/mike',
        '',
      ].join('\n'),
    );
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    // Nothing may reach AWS: the provider must fail before any STS call.
    process.env.AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9';
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('an MFA profile without a terminal keeps the MFA error and its login hint', async () => {
    const asked: string[] = [];
    const refuse = async (serial: string): Promise<string> => {
      asked.push(serial);
      throw new CredentialsError(`an MFA code for ${serial} is needed, but there is no terminal to ask on`, {
        code: 'MFA_NEEDS_TERMINAL',
        hint: 'run: eks-login login <context>',
      });
    };
    await expect(
      fromProfileChain(
        'oncall',
        true,
        'us-east-1',
        new MemoryLogger(),
        refuse,
        httpSettingsFromEnv(process.env),
        process.env,
      ),
    ).rejects.toMatchObject({
      exitCode: 4,
      code: 'MFA_NEEDS_TERMINAL',
      hint: 'run: eks-login login <context>',
    });
    expect(asked).toEqual(['arn:aws:iam::123456789012:mfa/mike']);
  });
});
