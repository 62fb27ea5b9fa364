// The proxy decision per URL, with aws-cli's semantics (botocore + urllib's proxy_bypass_environment).
import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyFor } from '../../src/infra/http/proxy.js';

const u = (s: string) => new URL(s);

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first, no ALL_PROXY', () => {
    const env = {
      HTTPS_PROXY: 'http://upper:3128',
      https_proxy: 'http://lower:3128',
      HTTP_PROXY: 'http://plain:8080',
      ALL_PROXY: 'http://all:1',
    };
    expect(proxyFor(u('https://sts.eu-west-1.amazonaws.com/'), env)).toMatchObject({
      variable: 'https_proxy',
      shown: 'http://lower:3128',
    });
    expect(proxyFor(u('http://localhost:4566/'), env)).toMatchObject({
      variable: 'HTTP_PROXY',
      shown: 'http://plain:8080',
    });
    expect(proxyFor(u('https://x.example/'), { ALL_PROXY: 'http://all:1' })).toBeUndefined();
    expect(proxyFor(u('https://x.example/'), { http_proxy: 'http://p:1' })).toBeUndefined();
  });

  it('a proxy without a scheme is http://; its password never shows', () => {
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'proxy.corp:3128' })?.url.href).toBe(
      'http://proxy.corp:3128/',
    );
    const choice = proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'http://mike:s3cret@proxy.corp:3128' });
    expect(choice?.shown).toBe('http://mike:****@proxy.corp:3128');
    expect(choice?.url.password).toBe('s3cret');
  });

  it('NO_PROXY: * bypasses everything; names match the host and its subdomains; ports must match', () => {
    expect(bypassesProxy(u('https://sts.amazonaws.com/'), { NO_PROXY: '*' })).toBe(true);
    for (const entry of ['amazonaws.com', '.amazonaws.com', '*.amazonaws.com', 'AMAZONAWS.COM']) {
      expect(bypassesProxy(u('https://sts.eu-west-1.amazonaws.com/'), { no_proxy: entry }), entry).toBe(true);
      expect(bypassesProxy(u('https://amazonaws.com/'), { no_proxy: entry }), entry).toBe(true);
    }
    expect(bypassesProxy(u('https://notamazonaws.com/'), { NO_PROXY: 'amazonaws.com' })).toBe(false);
    expect(bypassesProxy(u('http://localhost:4566/'), { NO_PROXY: 'example.com, localhost' })).toBe(true);
    expect(bypassesProxy(u('http://localhost:4566/'), { NO_PROXY: 'localhost:4566' })).toBe(true);
    expect(bypassesProxy(u('http://localhost:4567/'), { NO_PROXY: 'localhost:4566' })).toBe(false);
    expect(bypassesProxy(u('https://127.0.0.1:8443/'), { NO_PROXY: '127.0.0.1' })).toBe(true);
    expect(bypassesProxy(u('https://[::1]:8443/'), { NO_PROXY: '::1' })).toBe(true);
    expect(
      proxyFor(u('https://sts.eu-west-1.amazonaws.com/'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.amazonaws.com' }),
    ).toBeUndefined();
  });

  it('a malformed or non-http proxy URL means no proxy, and a warning naming it once (password masked)', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'socks5://mike:s3cret@p:1080' }, warn)).toBeUndefined();
    expect(proxyFor(u('https://b.example/'), { HTTPS_PROXY: 'socks5://mike:s3cret@p:1080' }, warn)).toBeUndefined();
    expect(proxyFor(u('https://a.example/'), { https_proxy: 'http://[bad' }, warn)).toBeUndefined();
    expect(warnings).toEqual([
      'HTTPS_PROXY=socks5://mike:****@p:1080 is ignored: eks-login supports http:// and https:// proxies, not socks5://; connecting directly',
      'https_proxy=http://[bad is ignored: it is not a proxy URL (http://host:port); connecting directly',
    ]);
  });

  it('an empty lower-case variable overrides the upper-case one, as in aws-cli', () => {
    expect(proxyFor(u('https://a.example/'), { https_proxy: '', HTTPS_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor(u('http://a.example/'), { http_proxy: '', HTTP_PROXY: 'http://p:1' })).toBeUndefined();
    expect(
      proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'http://p:1', no_proxy: '', NO_PROXY: '*' })?.url.href,
    ).toBe('http://p:1/');
    expect(bypassesProxy(u('https://a.example/'), { no_proxy: '', NO_PROXY: 'a.example' })).toBe(false);
    // Upper case alone still counts; a set lower-case value wins over it.
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'http://p:1' })?.variable).toBe('HTTPS_PROXY');
    expect(proxyFor(u('https://a.example/'), { https_proxy: 'http://q:2', HTTPS_PROXY: 'http://p:1' })?.variable).toBe(
      'https_proxy',
    );
  });
});
