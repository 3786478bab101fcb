declare module 'proxy-from-env' {
  /** The proxy for `url` from HTTP(S)_PROXY / ALL_PROXY and NO_PROXY (either case), or '' for a direct connection. */
  export function getProxyForUrl(url: string | URL): string;
}
