// Plays the person's side of an IAM Identity Center sign-in: given the URL eks-login printed on stderr
// (startCli in run-process.ts waits for it), "opens" it as a browser does (GET, follow the redirect to the loopback callback), with
// the sandbox CA. Bounded waits only.
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

export interface Page {
  status: number;
  location?: string;
  body: string;
}

/** One GET, no redirects followed; `ca` trusts the sandbox's HTTPS. */
export function browse(url: string, ca: string, timeoutMs = 10_000): Promise<Page> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { ca, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers.location ? { location: res.headers.location } : {}),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** The authorize URL eks-login printed (PKCE). */
export const AUTHORIZE_URL = /https:\/\/\S+\/authorize\?\S+/;
/** The device page URL and user code eks-login printed. */
export const DEVICE_URL = /https:\/\/\S+\/device\?user_code=(\S+)/;

/** The browser step of the PKCE flow: the authorize page redirects to the loopback callback, which is opened. */
export async function approveInBrowser(
  authorizeUrl: string,
  ca: string,
): Promise<{ redirect: string; callback: Page }> {
  const page = await browse(authorizeUrl, ca);
  if (page.status !== 302 || !page.location) throw new Error(`authorize answered ${page.status}: ${page.body}`);
  return { redirect: page.location, callback: await browse(page.location, ca) };
}
