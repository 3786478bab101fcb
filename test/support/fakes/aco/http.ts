import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/* What every part of the fake answers with: errors shaped as the platform's, bodies, and small helpers. */

/** Thrown by a handler to answer with this status, body and headers (also used for 302 redirects). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Token endpoint errors: `{error, error_description, errors:[{errorCode:"OAU-…", message}]}`. */
export const oauthError = (
  status: number,
  error: string,
  errorCode: string,
  description: string,
  headers: Record<string, string> = {},
) =>
  new HttpError(
    status,
    { error, error_description: description, errors: [{ errorCode, message: description }] },
    headers,
  );

/** REST errors: `{errorCode, message, errors:[{errorCode, message}]}`. */
export const restError = (status: number, errorCode: string, message: string, headers: Record<string, string> = {}) =>
  new HttpError(status, { errorCode, message, errors: [{ errorCode, message }] }, headers);

/** The OAuth endpoints' answer to a wrong method. */
export const methodNotAllowed = (allow: string) =>
  new HttpError(405, { errorCode: 'CMN-405', message: 'Method not allowed' }, { Allow: allow });

export const randomToken = (prefix: string) => prefix + randomBytes(30).toString('base64url');

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The platform sends numeric ids as JSON numbers. */
export const numericIfDigits = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, { errorCode: 'CMN-413', message: 'Request entity too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A string body is HTML (consent page), anything else JSON; never cached. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  const isText = typeof body === 'string';
  const payload = status === 204 ? '' : isText ? (body as string) : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(payload);
}
