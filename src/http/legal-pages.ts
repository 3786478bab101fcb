import { Router } from 'express';
import { escapeHtml } from './page.js';

/*
 * The privacy statement and terms of use the Teams app package links to (developer.privacyUrl and
 * developer.termsOfUseUrl). They describe what this software does with data; an organization with its own
 * pages points the package at them instead (TEAMS_PRIVACY_URL, TEAMS_TERMS_URL).
 */

const PRIVACY = {
  title: 'Privacy statement',
  sections: [
    [
      'Who runs this service',
      'This aco-connect server is run by the organization that installed it in your Slack workspace or Microsoft Teams organization. That organization decides where it runs and how long its data is kept; ask its administrators about this deployment.',
    ],
    [
      'What it keeps',
      'For each Slack workspace or Microsoft Teams organization: the Platform Settings versions (SIP Domain, Outbound Proxy, Secondary Outbound Proxy, Enable Recording), who saved each one (chat user id and display name) and when; a history of saves, sign-ins and disconnects (at most 500 entries); the Avaya Cloud Office authorization (access and refresh tokens, encrypted at rest) with the signed-in ACO user’s name and extension; unconfirmed changes for 24 hours; sign-in links for 10 minutes; where to post notices (a channel or conversation reference); and, when the contact center webhook is on, the deliveries still to be sent.',
    ],
    [
      'What it sends where',
      'Settings and the ACO authorization status go to the Xima CCaaS the organization configured. ACO access tokens go to that CCaaS only through its authenticated API. Chat messages go back to Slack or Microsoft Teams. Nothing is sent anywhere else, and nothing is used for advertising or profiling.',
    ],
    [
      'Removing data',
      'Disconnect (the disconnect command) revokes and deletes the ACO authorization. Removing the app and deleting this server’s store deletes everything else.',
    ],
  ],
};

const TERMS = {
  title: 'Terms of use',
  sections: [
    [
      'Use',
      'aco-connect lets the administrators your organization lists change the Avaya Cloud Office settings of its Xima CCaaS contact center from chat. Only use it with accounts you are allowed to administer.',
    ],
    [
      'Responsibility',
      'Every change is shown as old and new values and saved only after you confirm it. Your organization runs this server and is responsible for its configuration and data; the software is provided as is, without warranty.',
    ],
  ],
};

function render(doc: { title: string; sections: string[][] }): string {
  const body = doc.sections
    .map(([h, p]) => `<h2>${escapeHtml(h ?? '')}</h2>\n    <p>${escapeHtml(p ?? '')}</p>`)
    .join('\n    ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(doc.title)} · aco-connect</title>
  <style>
    body { font: 16px/1.55 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
    main { max-width: 42rem; margin: 6vh auto; background: #fff; padding: 2rem; border-radius: 12px;
           box-shadow: 0 1px 3px rgba(0,0,0,.12); }
    h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
  </style>
</head>
<body>
  <main role="main">
    <h1>aco-connect: ${escapeHtml(doc.title)}</h1>
    ${body}
  </main>
</body>
</html>
`;
}

export function legalPages(): Router {
  const router = Router();
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  };
  const privacy = render(PRIVACY);
  const terms = render(TERMS);
  router.get('/privacy', (_req, res) => void res.set(headers).send(privacy));
  router.get('/terms', (_req, res) => void res.set(headers).send(terms));
  return router;
}
