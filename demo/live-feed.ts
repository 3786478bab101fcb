import type { Request, Response } from 'express';

/** Server-sent events to the open playground pages: what the connector, the CCaaS receiver and ACO saw. */
export class LiveFeed {
  readonly #clients = new Set<Response>();

  /** GET handler: keeps the response open and sends `snapshot()` first, so a reload shows everything. */
  handler(snapshot: () => Record<string, unknown>) {
    return (req: Request, res: Response) => {
      res.set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      });
      res.flushHeaders();
      this.#clients.add(res);
      req.on('close', () => this.#clients.delete(res));
      this.#write(res, 'snapshot', snapshot());
    };
  }

  publish(event: string, data: unknown): void {
    for (const res of this.#clients) this.#write(res, event, data);
  }

  /** Ends every stream, so the server can stop without waiting for the pages to go away. */
  closeAll(): void {
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #write(res: Response, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
