// Which exec entries adopt can rewrite, and into which `eks-login token` args (adopt/recognize.ts).
import { describe, expect, it } from 'vitest';
import { recognizeExec } from '../../../src/adopt/recognize.js';

describe(recognizeExec.name, () => {
  it.each([
    [
      'aws-cli as update-kubeconfig writes it',
      'aws',
      ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json'],
      ['token', '--cluster', 'demo', '--region', 'eu-west-1'],
    ],
    [
      'aws-cli with role, profile and = forms',
      '/usr/local/bin/aws',
      [
        'eks',
        'get-token',
        '--cluster-name=demo',
        '--role-arn',
        'arn:aws:iam::1:role/r',
        '--profile',
        'p',
        '--region=us-east-1',
      ],
      [
        'token',
        '--cluster',
        'demo',
        '--region',
        'us-east-1',
        '--role-arn',
        'arn:aws:iam::1:role/r',
        '--source-profile',
        'p',
      ],
    ],
    [
      'aws-cli for Outposts (--cluster-id)',
      'aws.exe',
      ['eks', 'get-token', '--cluster-id', 'a1b2', '--region', 'us-west-2'],
      ['token', '--cluster', 'a1b2', '--cluster-id', 'a1b2', '--region', 'us-west-2'],
    ],
    [
      'aws-iam-authenticator through a wrapper path',
      '/opt/wrappers/aws-iam-authenticator',
      ['token', '-i', 'demo', '-r', 'arn:aws:iam::1:role/r', '-s', 'mike', '--cache'],
      ['token', '--cluster', 'demo', '--role-arn', 'arn:aws:iam::1:role/r', '--session-name', 'mike'],
    ],
    [
      'the old heptio name, --cluster-id=',
      'heptio-authenticator-aws',
      ['token', '--cluster-id=demo'],
      ['token', '--cluster', 'demo'],
    ],
  ])('%s', (_name, command, args, tokenArgs) => {
    expect(recognizeExec({ command, args })).toMatchObject({ tokenArgs });
  });

  it.each([
    ['another plugin', 'gke-gcloud-auth-plugin', [], /runs gke-gcloud-auth-plugin, not aws eks get-token/],
    [
      'another aws command',
      'aws',
      ['sts', 'get-caller-identity'],
      /runs aws sts get-caller-identity, not aws eks get-token/,
    ],
    [
      'an endpoint override',
      'aws',
      ['eks', 'get-token', '--cluster-name', 'd', '--endpoint-url', 'https://x'],
      /--endpoint-url has no eks-login equivalent/,
    ],
    [
      'an unknown option',
      'aws',
      ['eks', 'get-token', '--cluster-name', 'd', '--frobnicate'],
      /--frobnicate has no eks-login equivalent/,
    ],
    ['an external id', 'aws-iam-authenticator', ['token', '-i', 'd', '-e', 'x'], /-e has no eks-login equivalent/],
    ['--token-only', 'aws-iam-authenticator', ['token', '-i', 'd', '--token-only'], /kubectl needs an ExecCredential/],
    ['no cluster', 'aws-iam-authenticator', ['token'], /names no cluster/],
  ])('%s: not adoptable, with the reason', (_name, command, args, reason) => {
    expect((recognizeExec({ command, args: args as string[] }) as { reason: string }).reason).toMatch(reason);
  });
});
