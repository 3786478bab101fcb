import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReverseProxy {
  url: string;
  /** Requests forwarded. */
  forwarded: number;
  close(): Promise<void>;
}

/**
 * A reverse proxy on 127.0.0.1 that forwards every request to `target` as a default `proxy_pass` does:
 * same method, path, headers and body, and no X-Forwarded-For. To the app, its callers look local.
 */
export async function startReverseProxy(target: string): Promise<ReverseProxy> {
  const to = new URL(target);
  const state = { forwarded: 0 };
  const server: Server = createServer((req, res) => {
    state.forwarded++;
    const upstream = request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get forwarded() {
      return state.forwarded;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
