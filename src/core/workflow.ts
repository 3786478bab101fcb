import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { describeAuthDetails, describeAuthStatus, NOT_AUTHENTICATED, type AuthStatus } from './auth-status.js';
import type { CoreEvents } from './events.js';
import { readAuthStatus } from './queries/connection-snapshot.js';
import { minuteUtc } from './time-format.js';
import type { RefreshHealth } from './refresh-policy.js';
import { AcoError, systemClock, type AcoGateway, type Clock, type Store } from './ports.js';
import {
  diffSettings,
  echoFormValues,
  parseSettings,
  toFormValues,
  type FieldChange,
  type FormInput,
} from './settings.js';
import type { Actor, AuditEntry, Draft, JsonValue, SettingsRecord, StoredGrant, TenantId } from './types.js';
import type {
  AuthView,
  CallbackOutcome,
  CancelResult,
  ConfirmResult,
  ConfirmView,
  DeliveryState,
  DisconnectResult,
  FormView,
  StatusView,
  SubmitResult,
} from './views.js';

export const STATE_TTL_MS = 10 * 60_000;
export const DRAFT_TTL_MS = 24 * 60 * 60_000;

/** One lock per tenant guards the grant: the callback, disconnect and the token refresher all take it. */
export const grantLockKey = (tenant: TenantId) => `grant:${tenant}`;
export const settingsLockKey = (tenant: TenantId) => `settings:${tenant}`;

/** A problem the admin can act on (not a bug): adapters show the message as it is. */
export class WorkflowError extends Error {
  constructor(
    readonly code: 'aco_not_configured' | 'draft_not_found',
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** Runs inside the settings lock right after a save, so a follower (the CCaaS outbox) is written in the same step. */
export type SaveHook = (tenant: TenantId, record: SettingsRecord, changes: FieldChange[]) => Promise<void>;

export interface WorkflowDeps {
  store: Store;
  aco: AcoGateway;
  events: CoreEvents;
  logger: Logger;
  recordingLicensed: boolean;
  clock?: Clock;
  saveHooks?: SaveHook[];
  deliveryStatus?: (tenant: TenantId) => Promise<DeliveryState | undefined>;
  /** The token refresher's failure streak for the grant, when refreshes are failing. */
  refreshHealth?: (
    tenant: TenantId,
  ) => Promise<Pick<RefreshHealth, 'failures' | 'firstFailureAt' | 'nextAttemptAt' | 'lastError'> | undefined>;
}

const newState = () => randomBytes(32).toString('base64url');

/** The Platform Settings connection workflow: form → draft → (authenticate) → confirm → saved version. */
export class ConnectionWorkflow {
  private readonly clock: Clock;
  private readonly saveHooks: SaveHook[];
  constructor(private readonly deps: WorkflowDeps) {
    this.clock = deps.clock ?? systemClock;
    this.saveHooks = deps.saveHooks ?? [];
  }

  get recordingLicensed(): boolean {
    return this.deps.recordingLicensed;
  }

  addSaveHook(hook: SaveHook): void {
    this.saveHooks.push(hook);
  }

  private iso(offsetMs = 0): string {
    return new Date(this.clock.now() + offsetMs).toISOString();
  }

  private async audit(tenant: TenantId, entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.deps.store.audit.append(tenant, { id: randomUUID(), at: this.iso(), ...entry });
  }

  /** The live API Auth Status: the stored verdict, refined by the grant's own clock. */
  async authStatus(tenant: TenantId): Promise<AuthStatus> {
    return readAuthStatus({ store: this.deps.store, clock: this.clock }, tenant);
  }

  async authView(tenant: TenantId): Promise<AuthView> {
    const status = await this.authStatus(tenant);
    const details = describeAuthDetails(status);
    if (status.state === 'authenticated') {
      const failing = await this.deps.refreshHealth?.(tenant);
      if (failing) {
        details.push(
          `Token refresh failing since ${minuteUtc(new Date(failing.firstFailureAt).toISOString())} ` +
            `(${failing.failures} attempt${failing.failures === 1 ? '' : 's'}, last: ${failing.lastError}); ` +
            `next try ${minuteUtc(new Date(failing.nextAttemptAt).toISOString())}`,
        );
      }
    }
    return { status, text: describeAuthStatus(status), details, authenticated: status.state === 'authenticated' };
  }

  async openForm(tenant: TenantId): Promise<FormView> {
    const [current, auth] = await Promise.all([this.deps.store.settings.get(tenant), this.authView(tenant)]);
    return {
      tenant,
      values: toFormValues(current?.settings),
      errors: {},
      auth,
      recordingLicensed: this.deps.recordingLicensed,
      version: current?.version ?? null,
    };
  }

  async submitForm(tenant: TenantId, actor: Actor, input: FormInput): Promise<SubmitResult> {
    const parsed = parseSettings(input, { recordingLicensed: this.deps.recordingLicensed });
    const [current, auth] = await Promise.all([this.deps.store.settings.get(tenant), this.authView(tenant)]);
    if (!parsed.ok) {
      return {
        ok: false,
        form: {
          tenant,
          values: echoFormValues(input),
          errors: parsed.errors,
          auth,
          recordingLicensed: this.deps.recordingLicensed,
          version: current?.version ?? null,
        },
      };
    }
    const draft: Draft = {
      id: randomUUID(),
      tenant,
      settings: parsed.settings,
      baseVersion: current?.version ?? 0,
      createdBy: actor,
      createdAt: this.iso(),
      expiresAt: this.iso(DRAFT_TTL_MS),
      status: 'pending',
    };
    await this.deps.store.drafts.put(draft);
    if (!auth.authenticated) return { ok: true, draftId: draft.id, next: 'authenticate', auth };
    return { ok: true, draftId: draft.id, next: 'confirm', confirm: this.toConfirmView(draft, current, auth) };
  }

  private toConfirmView(draft: Draft, current: SettingsRecord | undefined, auth: AuthView): ConfirmView {
    const changes = diffSettings(current?.settings, draft.settings);
    return {
      tenant: draft.tenant,
      draftId: draft.id,
      baseVersion: draft.baseVersion,
      changes,
      anyChange: changes.some((c) => c.changed),
      auth,
      requestedBy: draft.createdBy,
    };
  }

  /** The Confirm Changes view of a pending draft (e.g. after the OAuth callback); null when gone. */
  async confirmView(tenant: TenantId, draftId: string): Promise<ConfirmView | null> {
    const [draft, current, auth] = await Promise.all([
      this.deps.store.drafts.get(tenant, draftId),
      this.deps.store.settings.get(tenant),
      this.authView(tenant),
    ]);
    if (draft?.status !== 'pending') return null;
    return this.toConfirmView(draft, current, auth);
  }

  /** Mints a single-use consent link bound to tenant, user and (optionally) a draft. */
  async beginAuthentication(
    tenant: TenantId,
    actor: Actor,
    opts: { draftId?: string; context?: JsonValue } = {},
  ): Promise<{ url: string; state: string; expiresAt: string }> {
    if (!this.deps.aco.configured) {
      throw new WorkflowError(
        'aco_not_configured',
        'ACO sign-in is not set up on this server: the operator must set ACO_CLIENT_ID and ACO_CLIENT_SECRET.',
      );
    }
    const state = newState();
    const { url, codeVerifier } = this.deps.aco.consentUrl(state);
    const expiresAt = this.iso(STATE_TTL_MS);
    await this.deps.store.states.put({
      state,
      tenant,
      actor,
      draftId: opts.draftId,
      codeVerifier,
      createdAt: this.iso(),
      expiresAt,
      context: opts.context,
    });
    return { url, state, expiresAt };
  }

  /** Lets an adapter attach its message reference once the consent link is posted. */
  async bindAuthContext(state: string, context: JsonValue): Promise<boolean> {
    return this.deps.store.states.setContext(state, context);
  }

  /** The OAuth callback: exchange, check the user is an ACO admin, keep the grant. */
  async completeAuthentication(query: Record<string, unknown>): Promise<CallbackOutcome> {
    const q = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
    const stateParam = q('state');
    const pending = stateParam ? await this.deps.store.states.take(stateParam) : undefined;
    const fail = async (
      httpStatus: 400 | 502,
      reason: Extract<CallbackOutcome, { ok: false }>['reason'],
      title: string,
      message: string,
    ): Promise<CallbackOutcome> => {
      if (pending) {
        await this.audit(pending.tenant, {
          actor: pending.actor,
          action: 'auth.failed',
          summary: `${title}: ${message}`,
        });
        void this.deps.events.emit({
          type: 'auth.failed',
          tenant: pending.tenant,
          actor: pending.actor,
          reason,
          message,
          context: pending.context,
        });
      }
      return { ok: false, httpStatus, reason, title, message, tenant: pending?.tenant, context: pending?.context };
    };
    const again = 'Go back to chat and press Authenticate again.';

    if (!pending || Date.parse(pending.expiresAt) <= this.clock.now()) {
      if (q('error') === 'access_denied' && !pending) {
        return {
          ok: false,
          httpStatus: 400,
          reason: 'denied',
          title: 'Authorization was declined',
          message: `Nothing was changed. ${again}`,
        };
      }
      return {
        ok: false,
        httpStatus: 400,
        reason: 'invalid_state',
        title: 'This sign-in link is no longer valid',
        message: `Sign-in links work once and for 10 minutes. ${again}`,
      };
    }
    const error = q('error');
    if (error) {
      return error === 'access_denied'
        ? fail(400, 'denied', 'Authorization was declined', `ACO was not authorized, so nothing was changed. ${again}`)
        : fail(400, 'exchange_rejected', 'ACO refused the sign-in', `ACO answered "${error.slice(0, 60)}". ${again}`);
    }
    const code = q('code');
    if (!code)
      return fail(400, 'missing_code', 'The sign-in answer was incomplete', `ACO sent no authorization code. ${again}`);
    if (!this.deps.aco.configured) {
      return fail(
        400,
        'not_configured',
        'ACO sign-in is not set up',
        'The operator must set ACO_CLIENT_ID and ACO_CLIENT_SECRET.',
      );
    }

    let tokens: Awaited<ReturnType<typeof this.deps.aco.exchangeCode>>;
    try {
      tokens = await this.deps.aco.exchangeCode(code, pending.codeVerifier);
    } catch (err) {
      return this.callbackAcoFailure(err, fail, again);
    }
    let identity: Awaited<ReturnType<typeof this.deps.aco.whoAmI>>;
    try {
      identity = await this.deps.aco.whoAmI(tokens);
    } catch (err) {
      await this.revokeQuietly(tokens, pending.tenant);
      return this.callbackAcoFailure(err, fail, again);
    }
    const acoUser = { id: identity.id, name: identity.name, extensionNumber: identity.extensionNumber };
    if (!identity.admin) {
      await this.revokeQuietly(tokens, pending.tenant);
      return fail(
        400,
        'not_admin',
        'An ACO Super Admin is needed',
        `You signed in as ${acoUser.name} (ext ${acoUser.extensionNumber}), who is not an Avaya Cloud Office administrator. Nothing was stored. ${again} Then sign in with a Super Admin account.`,
      );
    }

    const since = this.iso();
    const grant: StoredGrant = { tokens, user: acoUser, since, lastRefreshAt: undefined };
    const previous = await this.deps.store.locks.withLock(grantLockKey(pending.tenant), async () => {
      const old = await this.deps.store.grants.get(pending.tenant);
      await this.deps.store.grants.put(pending.tenant, grant);
      await this.deps.store.authStatus.put(pending.tenant, { state: 'authenticated', user: acoUser, since });
      return old;
    });
    // A replaced grant would otherwise stay alive at ACO with nobody refreshing or revoking it.
    if (previous && previous.tokens.refreshToken !== tokens.refreshToken)
      await this.revokeQuietly(previous.tokens, pending.tenant);

    await this.audit(pending.tenant, {
      actor: pending.actor,
      action: 'auth.succeeded',
      summary: `Authenticated as ${acoUser.name} (ext ${acoUser.extensionNumber})`,
    });
    // Not awaited: the browser's result page must not wait on Slack or Teams (their retries can take minutes).
    void this.deps.events.emit({
      type: 'auth.succeeded',
      tenant: pending.tenant,
      actor: pending.actor,
      acoUser,
      draftId: pending.draftId,
      context: pending.context,
    });
    return { ok: true, tenant: pending.tenant, actor: pending.actor, acoUser, draftId: pending.draftId };
  }

  private callbackAcoFailure(
    err: unknown,
    fail: (
      s: 400 | 502,
      r: Extract<CallbackOutcome, { ok: false }>['reason'],
      t: string,
      m: string,
    ) => Promise<CallbackOutcome>,
    again: string,
  ): Promise<CallbackOutcome> {
    if (err instanceof AcoError && err.transient) {
      this.deps.logger.warn({ kind: err.kind, status: err.details.status }, 'ACO unreachable during sign-in');
      return fail(
        502,
        'aco_unreachable',
        'Avaya Cloud Office could not be reached',
        `Nothing was stored. Wait a minute, then ${again.charAt(0).toLowerCase()}${again.slice(1)}`,
      );
    }
    const why = err instanceof AcoError ? err.message : 'unexpected error';
    this.deps.logger.warn(
      { kind: err instanceof AcoError ? err.kind : 'unknown', err: why },
      'ACO refused the sign-in',
    );
    return fail(
      400,
      'exchange_rejected',
      'ACO refused the sign-in',
      `ACO did not accept the authorization (${why}). Nothing was stored. ${again}`,
    );
  }

  private async revokeQuietly(tokens: StoredGrant['tokens'], tenant: TenantId): Promise<boolean> {
    try {
      await this.deps.aco.revoke(tokens);
      return true;
    } catch (err) {
      this.deps.logger.warn(
        { tenant, kind: err instanceof AcoError ? err.kind : 'unknown' },
        'could not revoke ACO tokens',
      );
      return false;
    }
  }

  /** OK on Confirm Changes: saves version N+1 once, or says why not. */
  async confirmDraft(tenant: TenantId, actor: Actor, draftId: string): Promise<ConfirmResult> {
    const { store } = this.deps;
    const result = await store.locks.withLock(settingsLockKey(tenant), async (): Promise<ConfirmResult> => {
      const draft = await store.drafts.get(tenant, draftId);
      if (!draft) return { outcome: 'not_found' };
      const current = await store.settings.get(tenant);
      if (draft.status === 'confirmed') {
        const record = current && current.version === draft.confirmedVersion ? current : undefined;
        return {
          outcome: 'saved',
          record: record ?? {
            settings: draft.settings,
            version: draft.confirmedVersion ?? draft.baseVersion + 1,
            savedBy: draft.createdBy,
            savedAt: draft.createdAt,
          },
          changes: [],
          replay: true,
        };
      }
      if (draft.status === 'cancelled') return { outcome: 'cancelled' };
      if (Date.parse(draft.expiresAt) <= this.clock.now()) return { outcome: 'expired' };
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== draft.baseVersion) {
        return { outcome: 'stale', currentVersion, savedBy: current?.savedBy, draftId };
      }
      const auth = await this.authView(tenant);
      if (!auth.authenticated) return { outcome: 'not_authenticated', auth, draftId };

      const record: SettingsRecord = {
        settings: draft.settings,
        version: currentVersion + 1,
        savedBy: actor,
        savedAt: this.iso(),
      };
      const changes = diffSettings(current?.settings, draft.settings);
      await store.settings.put(tenant, record);
      await store.drafts.put({ ...draft, status: 'confirmed', confirmedVersion: record.version });
      for (const hook of this.saveHooks) await hook(tenant, record, changes);
      await this.audit(tenant, {
        actor,
        action: 'settings.saved',
        version: record.version,
        summary: `Saved version ${record.version}`,
        changes: changes
          .filter((c) => c.changed)
          .map(({ field, label, before, after }) => ({ field, label, before, after })),
      });
      return { outcome: 'saved', record, changes, replay: false };
    });
    if (result.outcome === 'saved' && !result.replay) {
      await this.deps.events.emit({
        type: 'settings.saved',
        tenant,
        actor,
        record: result.record,
        changes: result.changes,
        draftId,
      });
    }
    return result;
  }

  async cancelDraft(tenant: TenantId, actor: Actor, draftId: string): Promise<CancelResult> {
    const { store } = this.deps;
    return store.locks.withLock(settingsLockKey(tenant), async (): Promise<CancelResult> => {
      const draft = await store.drafts.get(tenant, draftId);
      if (!draft) return { outcome: 'not_found' };
      if (draft.status === 'confirmed') return { outcome: 'already_saved', version: draft.confirmedVersion ?? 0 };
      if (draft.status === 'cancelled') return { outcome: 'cancelled', replay: true };
      await store.drafts.put({ ...draft, status: 'cancelled' });
      await this.audit(tenant, { actor, action: 'draft.cancelled', summary: 'Discarded a change before saving' });
      return { outcome: 'cancelled', replay: false };
    });
  }

  async status(tenant: TenantId): Promise<StatusView> {
    const [current, auth, delivery] = await Promise.all([
      this.deps.store.settings.get(tenant),
      this.authView(tenant),
      this.deps.deliveryStatus?.(tenant),
    ]);
    return {
      tenant,
      current: current ?? null,
      values: toFormValues(current?.settings),
      auth,
      recordingLicensed: this.deps.recordingLicensed,
      ...(delivery ? { delivery } : {}),
    };
  }

  async history(tenant: TenantId, limit = 10): Promise<AuditEntry[]> {
    return this.deps.store.audit.list(tenant, limit);
  }

  /** Revokes the grant at ACO and forgets it here; safe to repeat. */
  async disconnect(tenant: TenantId, actor: Actor): Promise<DisconnectResult> {
    const { store } = this.deps;
    const grant = await store.locks.withLock(grantLockKey(tenant), async () => {
      const g = await store.grants.get(tenant);
      await store.grants.delete(tenant);
      await store.authStatus.put(tenant, NOT_AUTHENTICATED);
      return g;
    });
    const revokedAtAco = grant ? await this.revokeQuietly(grant.tokens, tenant) : false;
    await this.audit(tenant, {
      actor,
      action: 'disconnected',
      summary: grant
        ? `Disconnected ACO (was ${grant.user.name}, ext ${grant.user.extensionNumber})${revokedAtAco ? '' : '; ACO could not be reached to revoke, tokens forgotten here'}`
        : 'Disconnect requested; ACO was not connected',
    });
    await this.deps.events.emit({ type: 'disconnected', tenant, actor });
    return { wasAuthenticated: !!grant, revokedAtAco };
  }
}
