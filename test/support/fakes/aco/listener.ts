import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/* The fake's socket: listen, stop (new connections refused, open ones cut) and listen again on the same port. */

export interface Listener {
  readonly port: number;
  readonly base: string;
  stop(): Promise<void>;
  resume(): Promise<void>;
}

export async function listen(
  host: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = http.createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const start = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await start(port);
  const bound = (server.address() as AddressInfo).port;
  let listening = true;
  return {
    port: bound,
    base: `http://${host}:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!listening) return resolve();
        listening = false;
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }),
    async resume() {
      if (listening) return;
      await start(bound);
      listening = true;
    },
  };
}
