// The CCaaS pane (signed webhook deliveries, the read API's answer) and the simulated ACO pane (the grant's
// token lifetimes and refreshes; never a token).

const clockTime = (iso) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function left(ms) {
  if (ms <= 0) return 'ended';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class CcaasPanel {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector('.deliveries');
    this.readLine = root.querySelector('#read-line');
    this.readBody = root.querySelector('#read-body');
    root.querySelector('#ccaas-read').addEventListener('click', () => void this.ask());
  }

  replace(snapshot) {
    this.list.replaceChildren();
    if (!snapshot.deliveries.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'None yet: a confirmed change is pushed here, signed.';
      this.list.append(li);
    }
    for (const d of snapshot.deliveries) this.delivery(d);
    if (snapshot.read) this.read(snapshot.read);
  }

  delivery(d) {
    this.list.querySelector('.empty')?.remove();
    const li = document.createElement('li');
    li.className = `delivery ${d.verified ? 'verified' : 'refused'}`;
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = d.verified ? 'signature ✓' : 'signature ✗';
    const event = document.createElement('strong');
    event.textContent = d.event;
    const when = document.createElement('small');
    const seq = d.body?.sequence;
    when.textContent = `${clockTime(d.receivedAt)}${seq === undefined ? '' : ` · delivery #${seq}`} · ${d.deliveryId}`;
    summary.append(event, ' ', badge, when);
    const pre = document.createElement('pre');
    pre.className = 'json';
    pre.textContent = JSON.stringify(d.body, null, 2);
    details.append(summary, pre);
    li.append(details);
    this.list.prepend(li);
  }

  read(answer) {
    this.readLine.textContent = `GET /api/v1/platform-settings → ${answer.status} · ${clockTime(answer.at)}`;
    this.readLine.dataset.status = String(answer.status);
    this.readBody.textContent = JSON.stringify(answer.body, null, 2);
  }

  async ask() {
    const res = await fetch('/demo/ccaas/read');
    if (res.ok) this.read(await res.json());
  }
}

export class AcoPanel {
  constructor(root, notify) {
    this.root = root;
    this.notify = notify;
    this.grants = root.querySelector('#grants');
    this.state = undefined;
    this.offset = 0;
    root.querySelector('#aco-revoke').addEventListener('click', () => void this.revoke());
    setInterval(() => this.draw(), 1000);
    setInterval(() => void this.load(), 5000);
  }

  async load() {
    try {
      const res = await fetch('/demo/aco/state');
      if (res.ok) this.show(await res.json());
    } catch {
      // the server is stopping; the next poll tries again
    }
  }

  show(state) {
    this.state = state;
    this.offset = state.now - Date.now();
    this.draw();
  }

  draw() {
    if (!this.state) return;
    const now = Date.now() + this.offset;
    this.grants.replaceChildren();
    if (!this.state.grants.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No authorization yet.';
      this.grants.append(p);
      return;
    }
    for (const g of this.state.grants) {
      const div = document.createElement('div');
      div.className = `grant ${g.revokedAt ? 'revoked' : ''}`;
      const who = document.createElement('strong');
      who.textContent = `${g.user} (ext ${g.extensionNumber})`;
      const facts = document.createElement('dl');
      const add = (k, v) => {
        const dt = document.createElement('dt');
        dt.textContent = k;
        const dd = document.createElement('dd');
        dd.textContent = v;
        facts.append(dt, dd);
      };
      if (g.revokedAt) add('revoked', g.revokedReason ?? 'yes');
      else {
        add('access token ends in', left(g.accessTokenExpiresAt - now));
        add('refresh token ends in', left(g.refreshTokenExpiresAt - now));
      }
      add('refreshed', `${g.rotations}×`);
      div.append(who, facts);
      this.grants.append(div);
    }
  }

  async revoke() {
    const res = await fetch('/demo/aco/revoke', { method: 'POST' });
    if (res.ok) {
      const { revoked } = await res.json();
      this.notify(
        revoked
          ? 'ACO revoked the authorization. aco-connect finds out at its next token refresh (within a few minutes) and tells the admin channel.'
          : 'Nothing to revoke.',
        'info',
      );
      await this.load();
    }
  }
}
