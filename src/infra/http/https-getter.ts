// HttpsGetter for bundle URLs over the one HTTP layer (src/infra/http): proxies from the environment,
// the system roots plus NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE, a hard deadline on the whole exchange, the
// body cut at maxBytes, redirects (at most 5) followed only to https. A status other than 200 is exit 6.
import { redactUrl } from '../../kernel/mask.js';
import { NetworkError } from '../../kernel/errors.js';
import type { HttpsGetter } from '../../kernel/ports.js';
import { httpRequest } from './request.js';
import type { HttpSettings } from './settings.js';

/** `http`: the environment's proxies and roots and the command's signal; each get has its own deadline. */
export function createHttpsGetter(http: HttpSettings): HttpsGetter {
  return {
    async get(url, { maxBytes, timeoutMs }) {
      const settings = { ...http, totalTimeoutMs: timeoutMs };
      const target = `the bundle host ${new URL(url).origin}`;
      const answer = await httpRequest(url, settings, {
        headers: { 'User-Agent': 'eks-login', Accept: 'application/json' },
        maxBytes,
        timeoutMs,
        redirects: { max: 5 },
        target,
        caHint:
          "the bundle host's certificate is not signed by a trusted CA: add its CA with AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS",
        reachHint: `check the URL and the network path to ${new URL(url).origin} (proxy: HTTPS_PROXY/NO_PROXY), then retry`,
      });
      if (answer.status !== 200) {
        throw new NetworkError(`${target} answered HTTP ${answer.status} for ${redactUrl(answer.url.href)}`, {
          code: 'BUNDLE_HTTP_STATUS',
          hint: 'check the URL with your admin (the bundle may have moved)',
        });
      }
      return { bytes: answer.body, truncated: answer.truncated, url: answer.url.href };
    },
  };
}
