import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY / HTTP_PROXY. */
  url: string;
  /** host:port of every CONNECT tunnel opened (https targets, or any target through an https-style agent). */
  tunnels: string[];
  /** Absolute URLs of every request forwarded in plain forward mode (http targets). */
  forwarded: string[];
  close(): Promise<void>;
}

/**
 * An outbound HTTP proxy on 127.0.0.1, as a corporate egress proxy behaves: CONNECT opens a TCP tunnel to the
 * named host and port; a request with an absolute URL (forward mode) is sent on to that URL. It records both, so
 * a test can tell that a client went through it; `refuse` makes it answer 403 to matching targets.
 */
export async function startForwardProxy(opts: { refuse?: (target: string) => boolean } = {}): Promise<ForwardProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const target = req.url ?? '';
    if (!/^https?:\/\//.test(target)) return void res.writeHead(400).end('absolute URL expected');
    forwarded.push(target);
    if (opts.refuse?.(new URL(target).host)) return void res.writeHead(403).end('refused by proxy');
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    tunnels.push(target);
    if (opts.refuse?.(target)) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    forwarded,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
