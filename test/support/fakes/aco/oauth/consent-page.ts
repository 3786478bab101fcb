import { rolesOf } from '../defaults.js';
import { escapeHtml } from '../http.js';
import type { AcoState } from '../state.js';
import type { FakeAcoUser, FakeAuthorizeRequest } from '../types.js';

const STYLE = `body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #eef1f6; color: #1f2328; }
main { max-width: 30rem; margin: 8vh auto; background: #fff; padding: 1.75rem 2rem; border-radius: 10px; box-shadow: 0 2px 8px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; color: #c8102e; }
.label { background: #fff4ce; border: 1px solid #f2d675; border-radius: 6px; padding: .5rem .75rem; font-weight: 600; margin: .75rem 0; }
fieldset { border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem .75rem; margin: 1rem 0; }
legend { font-weight: 600; padding: 0 .25rem; }
.user { display: flex; gap: .6rem; align-items: flex-start; padding: .45rem 0; cursor: pointer; }
.user + .user { border-top: 1px solid #eaeef2; }
.user span { display: flex; flex-direction: column; }
.user small { color: #57606a; }
.buttons { display: flex; gap: .75rem; margin-top: 1.25rem; }
button { font: inherit; font-weight: 600; padding: .5rem 1.4rem; border-radius: 6px; border: 1px solid #d0d7de; background: #fff; cursor: pointer; }
#authorize { background: #1f6feb; border-color: #1f6feb; color: #fff; }`;

/**
 * The consent page: who signs in (or, with `consent.chooseUser`, a pick of every known user), an optional
 * label, which application asks, and Authorize / Deny (one form posting the request id and the decision).
 */
export function consentPage(
  state: AcoState,
  request: FakeAuthorizeRequest,
  requestId: string,
  user: FakeAcoUser,
): string {
  const brand = request.brandId === '6010' ? 'Avaya Cloud Office' : 'RingCentral';
  const hidden = `<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">`;
  const label = state.consent.label
    ? `<p class="label" id="simulation-label" role="note">${escapeHtml(state.consent.label)}</p>`
    : '';
  const who = state.consent.chooseUser
    ? `<fieldset><legend>Sign in as</legend>${[...state.users.values()]
        .map((u) => {
          const roles = rolesOf(u)
            .map((r) => r.displayName)
            .join(', ');
          const checked = u.id === user.id ? ' checked' : '';
          return `<label class="user"><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${checked}>
<span><strong>${escapeHtml(u.name)}</strong><small>ext ${escapeHtml(u.extensionNumber)} · ${escapeHtml(roles)}${u.email ? ` · ${escapeHtml(u.email)}` : ''}</small></span></label>`;
        })
        .join('\n')}</fieldset>`
    : `<p id="signed-in-as">Signed in as <strong>${escapeHtml(user.name)}</strong> (ext ${escapeHtml(user.extensionNumber)})</p>`;
  // Relative form action: the page works wherever the fake is mounted.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${brand} – Authorize</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
${STYLE}
</style></head>
<body data-brand-id="${escapeHtml(request.brandId ?? '')}">
<main>
<h1>${brand}</h1>
${label}
<form method="post" action="authorize" id="authorize-form">${hidden}
${who}
<p>The application <strong>${escapeHtml(request.clientId)}</strong> asks for access to your account.</p>
<div class="buttons"><button type="submit" name="decision" value="authorize" id="authorize">Authorize</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></div>
</form>
</main></body></html>`;
}
