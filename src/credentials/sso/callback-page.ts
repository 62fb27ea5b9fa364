// The page the loopback callback answers the browser with. One small self-contained HTML document: inline CSS,
// no external asset (it must render offline and leak nothing), light and dark through prefers-color-scheme.
// It says the truth: "Signed in" only after IAM Identity Center's CreateToken accepted the code. Pure.

import type { CallbackPage } from '../../kernel/sso-ports.js';

const STYLE = [
  ':root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d232b;--muted:#5b6573;--ok:#1a7f37;--bad:#c62828;--line:#d8dde3}',
  '@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--card:#181e26;--fg:#e6e9ed;--muted:#9aa5b1;--ok:#4ac26b;--bad:#ff6b6b;--line:#2a323c}}',
  'body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}',
  'main{max-width:34rem;margin:1rem;padding:2rem;background:var(--card);border:1px solid var(--line);border-radius:12px}',
  'h1{margin:0 0 .75rem;font-size:1.5rem}h1.ok{color:var(--ok)}h1.bad{color:var(--bad)}',
  'dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:1rem 0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}',
  'p.small{color:var(--muted);font-size:.875rem;margin-bottom:0}',
].join('');

export function callbackPage(page: CallbackPage): { status: number; html: string } {
  switch (page.kind) {
    case 'signed-in':
      return {
        status: 200,
        html: documentOf(
          'Signed in',
          'ok',
          `<p>eks-login is signed in to IAM Identity Center.</p>${facts(page)}<p>You can close this window and return to the terminal.</p>`,
        ),
      };
    case 'failed':
      return {
        status: 400,
        html: documentOf(
          'Sign-in failed',
          'bad',
          `<p>IAM Identity Center did not accept the sign-in: ${escape(page.reason)}</p>${facts(page)}<p>Nothing was stored. Return to the terminal: eks-login says what to do next.</p>`,
        ),
      };
    case 'not-ours':
      return {
        status: 400,
        html: documentOf(
          'Sign-in not accepted',
          'bad',
          '<p>The request did not come from the sign-in eks-login started (its state does not match). Nothing was stored.</p>',
        ),
      };
    case 'not-found':
      return { status: 404, html: documentOf('Not found', 'bad', "<p>This is eks-login's sign-in callback.</p>") };
  }
}

function facts(page: { startUrl: string; account?: string | undefined }): string {
  const rows = [['Start URL', page.startUrl], ...(page.account ? [['Account', page.account]] : [])];
  return `<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${escape(value!)}</dd>`).join('')}</dl>`;
}

function documentOf(title: string, tone: 'ok' | 'bad', body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>eks-login: ${title}</title><style>${STYLE}</style></head>` +
    `<body><main><h1 class="${tone}">${title}</h1>${body}<p class="small">eks-login</p></main></body></html>\n`
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
