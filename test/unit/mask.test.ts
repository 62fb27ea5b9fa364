import { describe, expect, it } from 'vitest';
import { maskSecret, redactSecrets } from '../../src/core/mask.js';

describe(maskSecret.name, () => {
  it('keeps only the last 4 characters', () => {
    expect(maskSecret('AKIAIOSFODNN7EXAMPLE')).toBe('****************MPLE');
    expect(maskSecret('abc')).toBe('***');
  });
});

describe(redactSecrets.name, () => {
  it('removes tokens, signatures, session tokens and secret fields', () => {
    const text =
      'token k8s-aws-v1.aHR0cHM6Ly9zdHM url ?X-Amz-Signature=abcdef&X-Amz-Security-Token=IQo%2B {"SecretAccessKey":"wJalr/K7MDENG"} Bearer abc.def';
    const out = redactSecrets(text);
    expect(out).not.toMatch(/aHR0cHM6|abcdef|IQo|wJalr|abc\.def/);
    expect(out).toContain('X-Amz-Signature=<redacted>');
    expect(out).toContain('"SecretAccessKey":"<redacted>');
  });
});
