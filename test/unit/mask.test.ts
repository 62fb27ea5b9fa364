import { describe, expect, it } from 'vitest';
import { joinSourceUrl, splitSourceUrl } from '../../src/bundle/source-url.js';
import { maskSecret, redactSecrets, redactUrl } from '../../src/kernel/mask.js';

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

describe(redactUrl.name, () => {
  it('shows the userinfo and every query value of a URL as ****, keeping names, host, path and fragment', () => {
    expect(redactUrl('https://user:pw@h.example:8443/b.json?token=abc&flag&empty=&x=1#top')).toBe(
      'https://****:****@h.example:8443/b.json?token=****&****&empty=&x=****#top',
    );
    expect(redactUrl('https://user@h/b.json')).toBe('https://****@h/b.json');
    expect(redactUrl('https://h/a@b/c.json')).toBe('https://h/a@b/c.json');
    expect(redactUrl('/home/me/acme.json')).toBe('/home/me/acme.json');
  });

  it('redactSecrets masks every URL in free text, a sentence end kept', () => {
    expect(redactSecrets('cannot read https://u:p@h/b.json?token=t. Retry; see https://h/x?a=b')).toBe(
      'cannot read https://****:****@h/b.json?token=****. Retry; see https://h/x?a=****',
    );
  });
});

describe(splitSourceUrl.name, () => {
  it('keeps the secret part apart and joins it back to the same URL', () => {
    const url = 'https://mike:p%40ss@h/b.json?token=abc&v=2#f';
    const { shown, secret } = splitSourceUrl(url);
    expect(shown).toBe('https://****:****@h/b.json?token=****&v=****#f');
    expect(secret).toEqual({ userinfo: 'mike:p%40ss', query: 'token=abc&v=2' });
    expect(joinSourceUrl(shown, secret!)).toBe(url);
    expect(splitSourceUrl('https://h/b.json')).toEqual({ shown: 'https://h/b.json' });
  });
});
