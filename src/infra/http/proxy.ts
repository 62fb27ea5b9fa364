// The proxy decision for one URL, with aws-cli's (botocore's) semantics:
// - https URLs use https_proxy / HTTPS_PROXY, http URLs http_proxy / HTTP_PROXY (lower case wins, even when it is
//   set but empty: `https_proxy=` switches an exported HTTPS_PROXY off, as in Python's urllib; no ALL_PROXY);
//   a proxy without a scheme is http://; an https:// proxy is reached over TLS (verified with the same roots).
// - A proxy URL that cannot be used (socks5://, unparsable) is not used: the settings' `warn` says so once per
//   variable and value, naming them (the password masked).
// - NO_PROXY / no_proxy: `*` bypasses everything; otherwise comma- or space-separated names, each matching the
//   host itself and every subdomain (`example.com`, `.example.com` and `*.example.com` all match
//   `a.example.com` and `example.com`); `name:port` only for that port; IP addresses match literally.
// proxy-from-env matches a bare `example.com` exactly only and reads process.env, hence this small function.
import type { Env } from '../../kernel/ports.js';

export interface ProxyChoice {
  /** The proxy URL, credentials included (never print it: use `shown`). */
  url: URL;
  /** The variable that decided, e.g. `HTTPS_PROXY`. */
  variable: string;
  /** The proxy URL with any password masked, for messages and --debug. */
  shown: string;
}

function read(env: Env, name: string): { value: string; variable: string } | undefined {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[variable]?.trim();
    if (value) return { value, variable };
    // A lower-case variable that is set, even empty, decides (aws-cli: `https_proxy=` overrides HTTPS_PROXY).
    if (value !== undefined && variable === name.toLowerCase()) return undefined;
  }
  return undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80 };

/** True when NO_PROXY says `url` must be reached directly. */
export function bypassesProxy(url: URL, env: Env): boolean {
  const noProxy = read(env, 'no_proxy')?.value.toLowerCase();
  if (!noProxy) return false;
  if (noProxy === '*') return true;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  return noProxy.split(/[,\s]+/).some((entry) => {
    if (!entry) return false;
    if (entry === '*') return true;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    let name = withPort ? withPort[1]! : entry;
    if (withPort && Number(withPort[2]) !== port) return false;
    name = name
      .replace(/^\[|\]$/g, '')
      .replace(/^\*/, '')
      .replace(/^\.+/, '');
    if (!name) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

const warned = new Set<string>();

/**
 * The proxy for `url`, or undefined for a direct connection. A proxy URL that cannot be used (socks5://,
 * unparsable) is undefined too, and `warn` (if given) hears about it once per variable and value.
 */
export function proxyFor(url: URL, env: Env, warn?: (message: string) => void): ProxyChoice | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const found = read(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  if (!found || bypassesProxy(url, env)) return undefined;
  const choice = parseProxyUrl(found.value, found.variable);
  if (!choice && warn && !warned.has(`${found.variable}=${found.value}`)) {
    warned.add(`${found.variable}=${found.value}`);
    warn(unusableProxy(found.value, found.variable));
  }
  return choice;
}

/** Why a proxy URL is not used, naming the variable and the URL (password masked). */
function unusableProxy(value: string, variable: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  const shown = value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:****@');
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    return `${variable}=${shown} is ignored: eks-login supports http:// and https:// proxies, not ${scheme}://; connecting directly`;
  }
  return `${variable}=${shown} is ignored: it is not a proxy URL (http://host:port); connecting directly`;
}

export function parseProxyUrl(value: string, variable: string): ProxyChoice | undefined {
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ? value
    : value.startsWith('//')
      ? `http:${value}`
      : `http://${value}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return { url, variable, shown: maskProxy(url) };
}

function maskProxy(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '****';
  return copy.href.replace(/\/$/, '');
}
