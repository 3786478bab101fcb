import { getProxyForUrl } from 'proxy-from-env';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/*
 * Outbound proxy support from the usual variables, as curl and most HTTP clients read them: HTTPS_PROXY for
 * https targets, HTTP_PROXY for http ones, NO_PROXY for exceptions, upper or lower case. Slack's and ACO's
 * clients are fetch-based and take undici's EnvHttpProxyAgent as the dispatcher; botbuilder takes a host and
 * port (proxySettings).
 */

/** The proxy URL for a target, or undefined for a direct connection (none set, or NO_PROXY matches). */
export const proxyFor = (target: string): string | undefined => getProxyForUrl(target) || undefined;

const PROXY_VARIABLES = ['https_proxy', 'http_proxy'];
const anyProxySet = () => PROXY_VARIABLES.some((v) => !!(process.env[v] || process.env[v.toUpperCase()]));

const cached = { key: '', dispatcher: undefined as Dispatcher | undefined };

/** undici's dispatcher reading HTTP(S)_PROXY and NO_PROXY; undefined when no proxy is set. One per setting. */
export function proxyDispatcher(): Dispatcher | undefined {
  if (!anyProxySet()) return undefined;
  const key = [...PROXY_VARIABLES, 'no_proxy']
    .map((v) => `${process.env[v] ?? ''}|${process.env[v.toUpperCase()] ?? ''}`)
    .join(';');
  if (cached.key !== key) Object.assign(cached, { key, dispatcher: new EnvHttpProxyAgent() });
  return cached.dispatcher;
}

/** `fetch` through the proxy the environment names, or the global fetch when none is set. */
export function proxiedFetch(): typeof fetch {
  const dispatcher = proxyDispatcher();
  if (!dispatcher) return globalThis.fetch;
  // Node's fetch takes undici's `dispatcher` option, which the DOM RequestInit type does not name.
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
}

/** botbuilder's proxySettings (host and port) for a Microsoft endpoint, or undefined. */
export function proxySettingsFor(target: string): { host: string; port: number } | undefined {
  const proxy = proxyFor(target);
  if (!proxy) return undefined;
  const u = new URL(proxy);
  return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}

/** scheme://host:port of a proxy URL, without credentials, for logs. */
export const shownProxy = (proxy: string) => {
  const u = new URL(proxy);
  return `${u.protocol}//${u.host}`;
};

/** Which proxy each peer goes through, or direct; one line for the start-up log, or undefined when none is set. */
export function describeProxies(peers: Record<string, string | undefined>): string | undefined {
  if (!anyProxySet()) return undefined;
  const parts = Object.entries(peers)
    .filter((e): e is [string, string] => !!e[1])
    .map(([name, target]) => {
      const p = proxyFor(target);
      return `${name} ${p ? `via ${shownProxy(p)}` : 'direct (NO_PROXY)'}`;
    });
  return `Outbound proxy: ${parts.join(', ')}`;
}
