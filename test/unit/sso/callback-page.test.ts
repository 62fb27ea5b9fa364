// The loopback callback's page: self-contained (inline CSS, nothing fetched, so it renders offline and tells
// no third party about the sign-in), light and dark, the start URL and account shown, and every value escaped.
import { describe, expect, it } from 'vitest';
import { callbackPage } from '../../../src/credentials/sso/callback-page.js';

const START = 'https://acme.awsapps.com/start';

describe('callback page', () => {
  it('"Signed in": 200, the start URL and account, inline CSS for light and dark, no external asset', () => {
    const { status, html } = callbackPage({ kind: 'signed-in', startUrl: START, account: '123456789012' });
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="ok">Signed in</h1>');
    expect(html).toContain(`<dd>${START}</dd>`);
    expect(html).toContain('<dd>123456789012</dd>');
    expect(html).toMatch(/<style>[^<]*@media \(prefers-color-scheme:dark\)/);
    expect(html).toContain('color-scheme:light dark');
    // Nothing to fetch: no src/href attributes, no url(), no @import; the only URL is the start URL as text.
    expect(html).not.toMatch(/\b(src|href)=|url\(|@import/);
    expect(html.match(/https?:\/\//g)).toEqual(['https://']);
  });

  it('"Sign-in failed": 400 with the reason, escaped, and never the word of success', () => {
    const { status, html } = callbackPage({
      kind: 'failed',
      startUrl: START,
      reason: 'invalid_grant: <script>alert(1)</script>',
    });
    expect(status).toBe(400);
    expect(html).toContain('<h1 class="bad">Sign-in failed</h1>');
    expect(html).toContain('invalid_grant: &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('Signed in');
  });
});
