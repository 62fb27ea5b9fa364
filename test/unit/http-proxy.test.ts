// The proxy decision per URL, with aws-cli's semantics (botocore + urllib's proxy_bypass_environment).
import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyFor } from '../../src/adapters/http/proxy.js';

const u = (s: string) => new URL(s);

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first, no ALL_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'http://plain:8080', ALL_PROXY: 'http://all:1' };
    expect(proxyFor(u('https://sts.eu-west-1.amazonaws.com/'), env)).toMatchObject({ variable: 'https_proxy', shown: 'http://lower:3128' });
    expect(proxyFor(u('http://localhost:4566/'), env)).toMatchObject({ variable: 'HTTP_PROXY', shown: 'http://plain:8080' });
    expect(proxyFor(u('https://x.example/'), { ALL_PROXY: 'http://all:1' })).toBeUndefined();
    expect(proxyFor(u('https://x.example/'), { http_proxy: 'http://p:1' })).toBeUndefined();
  });

  it('a proxy without a scheme is http://; its password never shows', () => {
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'proxy.corp:3128' })?.url.href).toBe('http://proxy.corp:3128/');
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
    expect(proxyFor(u('https://sts.eu-west-1.amazonaws.com/'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.amazonaws.com' })).toBeUndefined();
  });

  it('a malformed or non-http proxy URL means no proxy', () => {
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'socks5://p:1080' })).toBeUndefined();
    expect(proxyFor(u('https://a.example/'), { HTTPS_PROXY: 'http://[bad' })).toBeUndefined();
  });
});
