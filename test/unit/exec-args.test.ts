import { describe, expect, it } from 'vitest';
import { clusterFromExecArgs } from '../../src/diagnose/exec-args.js';

describe(clusterFromExecArgs.name, () => {
  it('reads aws eks get-token and aws-iam-authenticator args', () => {
    expect(
      clusterFromExecArgs(['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json']),
    ).toEqual({ clusterId: 'demo', clusterName: 'demo', region: 'eu-west-1' });
    expect(clusterFromExecArgs(['eks', 'get-token', '--cluster-name=demo', '--cluster-id', '5f3c-beta'])).toEqual({
      clusterId: '5f3c-beta',
      clusterName: 'demo',
    });
    expect(clusterFromExecArgs(['token', '-i', 'prod'])).toEqual({ clusterId: 'prod', clusterName: 'prod' });
    expect(clusterFromExecArgs(['get-token'])).toEqual({});
  });
});
