const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export interface PageModel {
  title: string;
  message: string;
  tone: 'success' | 'error';
  /** Extra lines under the message, e.g. the retry hint. */
  details?: string[];
}

/** A small self-contained result page: no external assets, every value escaped, readable without CSS. */
export function renderPage(page: PageModel): string {
  const accent = page.tone === 'success' ? '#1a7f37' : '#b42318';
  const icon = page.tone === 'success' ? '✓' : '!';
  const details = (page.details ?? []).map((d) => `<p>${escapeHtml(d)}</p>`).join('\n    ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title)} · aco-connect</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
    main { max-width: 34rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 12px;
           box-shadow: 0 1px 3px rgba(0,0,0,.12); border-top: 6px solid ${accent}; }
    h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
    .icon { display: inline-block; width: 1.6em; height: 1.6em; border-radius: 50%; background: ${accent};
            color: #fff; text-align: center; margin-right: .4em; }
    footer { color: #57606a; font-size: .85rem; margin-top: 1.5rem; }
  </style>
</head>
<body>
  <main role="main" aria-labelledby="title">
    <h1 id="title"><span class="icon" aria-hidden="true">${icon}</span>${escapeHtml(page.title)}</h1>
    <p id="message">${escapeHtml(page.message)}</p>
    ${details}
    <footer>aco-connect · Avaya Cloud Office ↔ Xima CCaaS. You can close this tab.</footer>
  </main>
</body>
</html>
`;
}
