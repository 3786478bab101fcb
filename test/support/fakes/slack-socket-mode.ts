import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/*
 * Slack's Socket Mode end of the WebSocket (RFC 6455, text frames, ping/pong, close), enough for
 * @slack/socket-mode: apps.connections.open hands out a single-use URL, the server greets with `hello`,
 * sends envelopes and waits for the app's ack `{ envelope_id, payload }`.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

class Connection {
  private buffer = Buffer.alloc(0);
  readonly acks = new Map<string, (ack: SocketAck) => void>();
  closed = false;

  constructor(
    private readonly socket: Duplex,
    onClose: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      onClose();
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  sendText(text: string): void {
    this.write(0x1, Buffer.from(text, 'utf8'));
  }

  close(): void {
    if (this.closed) return;
    this.write(0x8, Buffer.from([0x03, 0xe8]));
    this.closed = true;
    this.socket.end();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    let header: Buffer;
    if (payload.length < 126) header = Buffer.from([0x80 | opcode, payload.length]);
    else if (payload.length < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private drain(): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0]!;
      const b1 = this.buffer[1]!;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskLen = masked ? 4 : 0;
      if (this.buffer.length < offset + maskLen + len) return;
      const mask = masked ? this.buffer.subarray(offset, offset + 4) : undefined;
      const payload = Buffer.from(this.buffer.subarray(offset + maskLen, offset + maskLen + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      this.buffer = this.buffer.subarray(offset + maskLen + len);
      this.onFrame(opcode, payload);
    }
  }

  private onFrame(opcode: number, payload: Buffer): void {
    if (opcode === 0x9) this.write(0xa, payload);
    else if (opcode === 0x8) {
      if (!this.closed) this.write(0x8, payload.subarray(0, 2));
      this.closed = true;
      this.socket.end();
    } else if (opcode === 0x1) {
      let msg: SocketAck;
      try {
        msg = JSON.parse(payload.toString('utf8')) as SocketAck;
      } catch {
        return;
      }
      const waiter = this.acks.get(msg.envelope_id);
      if (waiter) {
        this.acks.delete(msg.envelope_id);
        waiter(msg);
      }
    }
  }
}

export class SocketModeEndpoint {
  private readonly tickets = new Set<string>();
  private readonly connections: Connection[] = [];
  private readonly connectedWaiters: Array<(c: Connection) => void> = [];

  /** `onChange` runs when a connection opens or closes (the fake's waiters re-check). */
  constructor(
    server: Server,
    private readonly onChange: () => void = () => {},
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.upgrade(req, socket));
  }

  /** A fresh single-use URL, as apps.connections.open returns. */
  newConnectionUrl(httpBase: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${httpBase.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=A0ACOTEST`;
  }

  get openConnections(): number {
    return this.connections.filter((c) => !c.closed).length;
  }

  /** Resolves when an app is connected (now or later). */
  connected(): Promise<void> {
    if (this.openConnections > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(() => resolve()));
  }

  /** Sends an envelope (slash_commands, interactive, events_api) and resolves with the app's ack. */
  send(type: string, payload: Record<string, unknown>): Promise<SocketAck> {
    const conn = this.connections.find((c) => !c.closed);
    if (!conn) return Promise.reject(new Error('no Socket Mode connection'));
    const envelope_id = randomUUID();
    const acked = new Promise<SocketAck>((resolve) => conn.acks.set(envelope_id, resolve));
    conn.sendText(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api' }));
    return acked;
  }

  closeAll(): void {
    for (const c of this.connections) c.destroy();
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket) || typeof key !== 'string') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    const conn = new Connection(socket, this.onChange);
    this.connections.push(conn);
    conn.sendText(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0ACOTEST' },
        id: randomBytes(4).toString('hex'),
      }),
    );
    for (const w of this.connectedWaiters.splice(0)) w(conn);
    this.onChange();
  }
}
