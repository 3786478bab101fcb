import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test puts between aco-connect and a store, to cut the connection and restore it mid-flow:
 *   - `open`: bytes flow both ways;
 *   - `reset`: every connection is destroyed at once, and new ones are accepted and destroyed (a store that
 *     went away: the client sees its connection drop and reconnects fail);
 *   - `blackhole`: connections stay up but nothing goes through either way (a dead peer that never resets:
 *     only a deadline ends the wait; restoring then ends those connections, whose bytes were lost).
 */
export type ProxyMode = 'open' | 'reset' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** The target URL with host and port replaced by the proxy's. */
  url(target: string): string;
  set(mode: ProxyMode): void;
  /** Connections accepted since start (each reconnect counts). */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'open';
  let accepted = 0;
  const pairs = new Set<[Socket, Socket]>();

  const server: Server = createServer((client) => {
    accepted++;
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (mode === 'open') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'open') client.write(chunk);
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    url(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    set(next) {
      const was = mode;
      mode = next;
      // Leaving a blackhole, the bytes it swallowed are gone: those connections end (as a dead peer's finally
      // do) and the clients reconnect.
      if (next === 'reset' || was === 'blackhole') {
        for (const [client, upstream] of pairs) {
          client.resetAndDestroy();
          upstream.destroy();
        }
        pairs.clear();
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
