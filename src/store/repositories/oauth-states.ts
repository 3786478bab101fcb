import type { DeserializedData } from 'keyv';
import type { OAuthStateRepository } from '../../core/ports.js';
import { JsonValueSchema, OAuthStateSchema, type OAuthState } from '../../core/types.js';
import { SealedSchema } from '../encryption.js';
import { isPast, parseStored, ttlUntil, type RepositoryContext } from './context.js';

/** As stored: the PKCE verifier is sealed like a token, so the raw store never shows it. */
const StoredStateSchema = OAuthStateSchema.extend({ codeVerifier: SealedSchema });

/**
 * Single-use consent states. `take` is one atomic backend operation (SQL DELETE … RETURNING, Redis GETDEL),
 * so of any number of concurrent callers, in any number of processes, exactly one gets the state.
 */
export function createOAuthStateRepository(ctx: RepositoryContext): OAuthStateRepository {
  const kv = ctx.keyv('oauth-states');
  const sealer = ctx.sealedKind({
    namespace: 'oauth-states',
    label: () => 'a PKCE verifier (pending sign-in)',
    aad: (state) => `oauth-state:${state}`,
  });

  /** The state if it is still valid, by the backend's expiry and by the clock. */
  function live(data: DeserializedData<unknown> | undefined): OAuthState | undefined {
    if (!data || (typeof data.expires === 'number' && data.expires <= Date.now())) return undefined;
    const stored = parseStored(StoredStateSchema, data.value, 'OAuth state');
    if (isPast(stored.expiresAt, ctx.clock)) return undefined;
    return { ...stored, codeVerifier: sealer.open(stored.state, stored.codeVerifier) };
  }

  return {
    async put(state) {
      const valid = OAuthStateSchema.parse(state);
      const stored = { ...valid, codeVerifier: sealer.seal(valid.state, valid.codeVerifier) };
      await kv.set(valid.state, stored, ttlUntil(valid.expiresAt, ctx.clock));
    },
    async take(state) {
      const raw = await ctx.backend.takeRaw(kv, state);
      return raw === undefined ? undefined : live(await kv.deserializeData<unknown>(raw));
    },
    async setContext(state, context) {
      const value = JsonValueSchema.parse(context);
      const data = await kv.get<unknown>(state, { raw: true });
      const current = live(data);
      if (!current || !data) return false;
      const serialized = await kv.serializeData({
        value: { ...(data.value as object), context: value },
        expires: data.expires,
      });
      // Written only if the state is still there: a concurrent take is never undone.
      return ctx.backend.replaceRaw(kv, state, serialized as string);
    },
  };
}
