import type { RunContext } from './index.js';

/**
 * Single-use callback URLs, made outside the timed part: the target mints a state and PKCE pair per tenant
 * (as the Authenticate button does), the fake ACO approves at once and redirects with a one-time code.
 * Returned as paths on the target.
 */
export async function prepareCallbacks(ctx: RunContext, count: number): Promise<string[]> {
  const tenants = Array.from({ length: count }, (_, i) => `slack:TB${ctx.runId}X${i}`);
  const consentUrls: string[] = [];
  for (let i = 0; i < tenants.length; i += 100) {
    const res = await fetch(`${ctx.origin}/__bench/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenants: tenants.slice(i, i + 100) }),
    });
    if (res.status !== 200) throw new Error(`consent URLs: HTTP ${res.status} ${await res.text()}`);
    consentUrls.push(...((await res.json()) as { urls: string[] }).urls);
  }
  const callbacks: string[] = new Array(consentUrls.length);
  let next = 0;
  const worker = async () => {
    while (next < consentUrls.length) {
      const i = next++;
      const res = await fetch(consentUrls[i]!, { redirect: 'manual' });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`fake ACO consent did not redirect (HTTP ${res.status})`);
      const u = new URL(location);
      callbacks[i] = u.pathname + u.search;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return callbacks;
}
