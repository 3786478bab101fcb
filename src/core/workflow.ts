import type { AuthStatus } from './auth-status.js';
import { readAuthView } from './auth-view.js';
import { disconnect } from './connection/disconnect.js';
import { connectionHistory, connectionStatus } from './connection/status.js';
import { cancelDraft, checkDraft, confirmDraft, confirmView } from './drafts/confirm-changes.js';
import { createDraft, openForm, submitForm, useAcoValues, validateForm } from './drafts/settings-form.js';
import type { CheckView } from './settings-assist.js';
import { readAuthStatus } from './queries/connection-snapshot.js';
import type { FormInput, SettingsParse, ValidSettings } from './settings.js';
import { beginAuthentication, bindAuthContext } from './sign-in/begin.js';
import { completeAuthentication } from './sign-in/complete-callback.js';
import type { Actor, AuditEntry, JsonValue, TenantId } from './types.js';
import type {
  AuthView,
  CallbackOutcome,
  CancelResult,
  ConfirmResult,
  ConfirmView,
  DisconnectResult,
  DraftCreated,
  FormView,
  StatusView,
  SubmitResult,
} from './views.js';
import { workflowContext, type WorkflowContext, type WorkflowDeps } from './workflow-context.js';

export type { SaveHook, WorkflowDeps } from './workflow-context.js';

/**
 * The Platform Settings connection workflow, form → draft → (authenticate) → confirm → saved version: the one
 * entry the adapters call. Each use case lives in its own module (drafts/, sign-in/, connection/); this class
 * only binds them to one set of dependencies.
 */
export class ConnectionWorkflow {
  private readonly ctx: WorkflowContext;
  constructor(deps: WorkflowDeps) {
    this.ctx = workflowContext(deps);
  }

  /* API Auth Status. */

  authStatus(tenant: TenantId): Promise<AuthStatus> {
    return readAuthStatus(this.ctx, tenant);
  }

  authView(tenant: TenantId): Promise<AuthView> {
    return readAuthView(this.ctx, tenant);
  }

  /* Drafts: form, submit, confirm, cancel. */

  openForm(tenant: TenantId): Promise<FormView> {
    return openForm(this.ctx, tenant);
  }

  /** Fast (one read): an adapter with a deadline validates, answers, then calls createDraft with the result. */
  validateForm(tenant: TenantId, input: FormInput): Promise<SettingsParse> {
    return validateForm(this.ctx, tenant, input);
  }

  createDraft(tenant: TenantId, actor: Actor, settings: ValidSettings): Promise<DraftCreated> {
    return createDraft(this.ctx, tenant, actor, settings);
  }

  /** "Use ACO's values": a draft of ACO's own values through Confirm Changes, or why they are missing. */
  useAcoValues(tenant: TenantId, actor: Actor): Promise<DraftCreated | { ok: false; message: string }> {
    return useAcoValues(this.ctx, tenant, actor);
  }

  /* The connectivity check (advisory). */

  /** `check`: the saved settings, for the acting admin; undefined when the check is not set up. */
  async checkSaved(tenant: TenantId, actor: Actor): Promise<CheckView | undefined> {
    const current = await this.ctx.store.settings.get(tenant);
    return this.ctx.assist?.check(tenant, actor, current?.settings, 'saved');
  }

  /** Confirm Changes with the check of the draft; `publish` updates the message unless OK/Cancel came first. */
  checkDraft(
    tenant: TenantId,
    actor: Actor,
    draftId: string,
    publish?: (view: ConfirmView) => Promise<void>,
  ): Promise<ConfirmView | null> {
    return checkDraft(this.ctx, tenant, actor, draftId, publish);
  }

  /** The "checking…" block Confirm Changes shows until checkDraft answers; undefined when the check is off. */
  checkRunningView(): CheckView | undefined {
    return this.ctx.assist?.checkAvailable ? this.ctx.assist.runningView() : undefined;
  }

  /** validateForm and createDraft in one step, with the form and its errors when invalid. */
  submitForm(tenant: TenantId, actor: Actor, input: FormInput): Promise<SubmitResult> {
    return submitForm(this.ctx, tenant, actor, input);
  }

  confirmView(tenant: TenantId, draftId: string): Promise<ConfirmView | null> {
    return confirmView(this.ctx, tenant, draftId);
  }

  confirmDraft(tenant: TenantId, actor: Actor, draftId: string): Promise<ConfirmResult> {
    return confirmDraft(this.ctx, tenant, actor, draftId);
  }

  cancelDraft(tenant: TenantId, actor: Actor, draftId: string): Promise<CancelResult> {
    return cancelDraft(this.ctx, tenant, actor, draftId);
  }

  /* Sign-in: consent link, binding it to a chat message, the callback. */

  beginAuthentication(
    tenant: TenantId,
    actor: Actor,
    opts: { draftId?: string; context?: JsonValue } = {},
  ): Promise<{ url: string; state: string; expiresAt: string }> {
    return beginAuthentication(this.ctx, tenant, actor, opts);
  }

  bindAuthContext(state: string, context: JsonValue): Promise<boolean> {
    return bindAuthContext(this.ctx, state, context);
  }

  completeAuthentication(query: Record<string, unknown>): Promise<CallbackOutcome> {
    return completeAuthentication(this.ctx, query);
  }

  /* Connection: status, history, disconnect. */

  status(tenant: TenantId): Promise<StatusView> {
    return connectionStatus(this.ctx, tenant);
  }

  history(tenant: TenantId, limit = 10): Promise<AuditEntry[]> {
    return connectionHistory(this.ctx, tenant, limit);
  }

  disconnect(tenant: TenantId, actor: Actor): Promise<DisconnectResult> {
    return disconnect(this.ctx, tenant, actor);
  }
}
