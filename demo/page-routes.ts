import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

/*
 * The playground page and its two libraries, served from node_modules (no CDN): Microsoft's reference
 * Adaptive Cards renderer and markdown-it for its markdown hook. Only this origin may serve scripts,
 * styles or connections to the page.
 */

const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));
const require = createRequire(import.meta.url);

const VENDOR: Record<string, { file: string; type: string }> = {
  'adaptivecards.min.js': {
    file: path.join(path.dirname(require.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'markdown-it.mjs': {
    file: path.join(path.dirname(require.resolve('markdown-it')), 'browser', 'markdown-it.esm.min.mjs'),
    type: 'text/javascript; charset=utf-8',
  },
};

export const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function pageHeaders(res: Response) {
  res.set({
    'Content-Security-Policy': PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}

export function pageRoutes(config: () => Record<string, unknown>): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    pageHeaders(res);
    res.sendFile(path.join(WEB_DIR, 'index.html'));
  });
  router.get('/demo/config.json', (_req, res) => {
    pageHeaders(res);
    res.json(config());
  });
  router.get('/demo/vendor/:file', (req, res, next) => {
    const entry = VENDOR[String(req.params.file)];
    if (!entry) return next();
    pageHeaders(res);
    res.type(entry.type).sendFile(entry.file);
  });
  router.use(
    '/demo/web',
    express.static(WEB_DIR, { index: false, fallthrough: true, setHeaders: (res) => pageHeaders(res as Response) }),
  );
  return router;
}
