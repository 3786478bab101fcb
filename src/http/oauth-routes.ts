import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { storeUnavailable } from '../core/ports.js';
import { STORE_UNAVAILABLE_TITLE, storeUnavailableSignInText } from '../core/store-outage.js';
import type { ConnectionWorkflow } from '../core/workflow.js';
import { renderPage } from './page.js';
import { errorMessage } from '../error-message.js';

function sendPage(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      // frame-ancestors: no other site may frame the sign-in result (clickjacking); X-Frame-Options for old browsers.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
    })
    .send(html);
}

/** The ACO redirect target, and the optional start link that mints a fresh state on click. */
export function oauthRoutes(deps: {
  workflow: ConnectionWorkflow;
  logger: Logger;
  rateLimit?: RequestHandler;
}): Router {
  const router = Router();
  if (deps.rateLimit) router.use('/oauth/aco/callback', deps.rateLimit);

  router.get('/oauth/aco/callback', async (req: Request, res: Response) => {
    try {
      const outcome = await deps.workflow.completeAuthentication(req.query as Record<string, unknown>);
      if (outcome.ok) {
        deps.logger.info({ tenant: outcome.tenant, acoUser: outcome.acoUser.id }, 'ACO authenticated');
        sendPage(
          res,
          200,
          renderPage({
            tone: 'success',
            title: 'Avaya Cloud Office is connected',
            message: `Authenticated as ${outcome.acoUser.name} (ext ${outcome.acoUser.extensionNumber}).`,
            details: [
              outcome.draftId
                ? 'Return to Slack or Teams and press OK on Confirm Changes to save your settings.'
                : 'Return to Slack or Teams to continue.',
            ],
          }),
        );
        return;
      }
      deps.logger.info({ tenant: outcome.tenant, reason: outcome.reason }, 'ACO callback refused');
      sendPage(res, outcome.httpStatus, renderPage({ tone: 'error', title: outcome.title, message: outcome.message }));
    } catch (err) {
      if (storeUnavailable(err)) {
        deps.logger.warn({ err: (err as Error).message }, 'ACO callback failed: store unavailable');
        res.set('Retry-After', '60');
        sendPage(
          res,
          503,
          renderPage({ tone: 'error', title: STORE_UNAVAILABLE_TITLE, message: storeUnavailableSignInText() }),
        );
        return;
      }
      deps.logger.error({ err: errorMessage(err) }, 'ACO callback failed');
      sendPage(
        res,
        500,
        renderPage({
          tone: 'error',
          title: 'Something went wrong',
          message:
            'aco-connect could not finish the sign-in. Nothing was stored. Go back to chat and press Authenticate again.',
        }),
      );
    }
  });

  return router;
}
