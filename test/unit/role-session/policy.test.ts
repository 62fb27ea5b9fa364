import { describe, expect, it } from 'vitest';
import {
  defaultMfaSerial,
  identityNameFromArn,
  sanitizeSessionName,
  sessionDurationSeconds,
} from '../../../src/credentials/role-session/policy.js';
import { stsScope } from '../../../src/credentials/role-session/cache-entry.js';
import { fnv1a64 } from '../../../src/kernel/hash.js';

describe('AssumeRole policy', () => {
  it('names sessions after the person, in STS character set and length', () => {
    expect(sanitizeSessionName('developer-mike')).toBe('developer-mike');
    expect(sanitizeSessionName('mike smith/ä')).toBe('mike-smith--');
    expect(sanitizeSessionName('x'.repeat(80))).toHaveLength(64);
    expect(sanitizeSessionName('m')).toBe('eks-login');
    expect(sanitizeSessionName('mike+ops=1,a.b@c-d_e')).toBe('mike+ops=1,a.b@c-d_e');
  });

  it('finds the person in user, assumed-role and federated ARNs', () => {
    expect(identityNameFromArn('arn:aws:iam::123456789012:user/team/developer-mike')).toBe('developer-mike');
    expect(identityNameFromArn('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev/mike@acme.com')).toBe(
      'mike@acme.com',
    );
    expect(identityNameFromArn('arn:aws:sts::123456789012:federated-user/bob')).toBe('bob');
    expect(identityNameFromArn('arn:aws:iam::123456789012:root')).toBeUndefined();
  });

  it('takes the group duration, default 3600, capped at 3600 for role chaining', () => {
    expect(sessionDurationSeconds(undefined, false)).toBe(3600);
    expect(sessionDurationSeconds(43200, false)).toBe(43200);
    expect(sessionDurationSeconds(43200, true)).toBe(3600);
    expect(sessionDurationSeconds(900, true)).toBe(900);
  });

  it('derives the default virtual MFA device from an IAM user ARN', () => {
    expect(defaultMfaSerial('arn:aws:iam::123456789012:user/developer-mike')).toBe(
      'arn:aws:iam::123456789012:mfa/developer-mike',
    );
    expect(defaultMfaSerial('arn:aws-cn:iam::123456789012:user/ops/li')).toBe('arn:aws-cn:iam::123456789012:mfa/li');
    expect(defaultMfaSerial('arn:aws:sts::123456789012:assumed-role/r/s')).toBeUndefined();
  });

  it('hashes keys stably', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
  });
});

describe('stsScope', () => {
  it('drops the region of standard STS hosts and keeps custom endpoints whole', () => {
    expect(stsScope('https://sts.eu-west-1.amazonaws.com')).toBe('https://sts.*.amazonaws.com');
    expect(stsScope('https://sts-fips.us-gov-west-1.amazonaws.com')).toBe('https://sts-fips.*.amazonaws.com');
    expect(stsScope('https://sts.cn-north-1.amazonaws.com.cn')).toBe('https://sts.*.amazonaws.com.cn');
    expect(stsScope('https://sts.amazonaws.com')).toBe('https://sts.amazonaws.com');
    expect(stsScope('http://127.0.0.1:4566')).toBe('http://127.0.0.1:4566');
  });
});
