import { randomUUID } from 'node:crypto';
import { missingNote } from '../aco-values.js';
import { readAuthView } from '../auth-view.js';
import {
  echoFormValues,
  parseSettings,
  toFormValues,
  type FormInput,
  type SettingsParse,
  type ValidSettings,
} from '../settings.js';
import { tenantRecordingLicensed } from '../tenant-config.js';
import type { Actor, Draft, TenantId } from '../types.js';
import type { DraftCreated, FormView, SubmitResult } from '../views.js';
import { isoAt, type WorkflowContext } from '../workflow-context.js';
import { toConfirmView } from './confirm-changes.js';

/** How long a draft waits for OK or Cancel. */
const DRAFT_TTL_MS = 24 * 60 * 60_000;

/** The Platform Settings form, prefilled with what is saved, and the API Auth Status. */
export async function openForm(ctx: WorkflowContext, tenant: TenantId): Promise<FormView> {
  const [current, auth, recordingLicensed] = await Promise.all([
    ctx.store.settings.get(tenant),
    readAuthView(ctx, tenant),
    tenantRecordingLicensed(ctx, tenant),
  ]);
  // ACO's own values from the cache only: the form never waits on ACO.
  const aco = await ctx.assist?.acoInfo(tenant, auth.authenticated, current?.settings);
  return {
    tenant,
    // Nothing saved yet: the form opens with ACO's own values, marked as such.
    values: aco?.available && aco.prefilled ? aco.values : toFormValues(current?.settings),
    ...(aco ? { aco } : {}),
    errors: {},
    auth,
    recordingLicensed,
    version: current?.version ?? null,
  };
}

/**
 * Parses a submitted form under the tenant's license: one read of the tenant's entitlements (bounded by the
 * store's deadline), so an adapter can answer within its own.
 */
export async function validateForm(
  ctx: Pick<WorkflowContext, 'store' | 'recordingLicensed' | 'allowLoopback'>,
  tenant: TenantId,
  input: FormInput,
): Promise<SettingsParse> {
  return parseSettings(input, {
    recordingLicensed: await tenantRecordingLicensed(ctx, tenant),
    allowLoopback: ctx.allowLoopback,
  });
}

/** Save on the form: the form again with its errors, or a draft and what comes next. */
export async function submitForm(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  input: FormInput,
): Promise<SubmitResult> {
  const parsed = await validateForm(ctx, tenant, input);
  if (parsed.ok) return createDraft(ctx, tenant, actor, parsed.settings);
  const [current, auth, recordingLicensed] = await Promise.all([
    ctx.store.settings.get(tenant),
    readAuthView(ctx, tenant),
    tenantRecordingLicensed(ctx, tenant),
  ]);
  return {
    ok: false,
    form: {
      tenant,
      values: echoFormValues(input),
      errors: parsed.errors,
      auth,
      recordingLicensed,
      version: current?.version ?? null,
    },
  };
}

/** Stores a draft of settings validateForm accepted; next is Authenticate, or Confirm Changes when signed in. */
export async function createDraft(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  settings: ValidSettings,
  source: 'form' | 'aco' = 'form',
): Promise<DraftCreated> {
  const [current, auth] = await Promise.all([ctx.store.settings.get(tenant), readAuthView(ctx, tenant)]);
  const draft: Draft = {
    ...(source === 'aco' ? { source } : {}),
    id: randomUUID(),
    tenant,
    settings,
    baseVersion: current?.version ?? 0,
    createdBy: actor,
    createdAt: isoAt(ctx.clock),
    expiresAt: isoAt(ctx.clock, DRAFT_TTL_MS),
    status: 'pending',
  };
  await ctx.store.drafts.put(draft);
  // The first draft of a workspace makes it known to the CCaaS (GET /api/v1/tenants).
  await ctx.store.tenants.register(tenant);
  if (!auth.authenticated) return { ok: true, draftId: draft.id, next: 'authenticate', auth };
  return { ok: true, draftId: draft.id, next: 'confirm', confirm: toConfirmView(draft, current, auth) };
}

/**
 * "Use ACO's values": a draft of ACO's own SIP values (the saved recording choice kept), through the same
 * Confirm Changes as a form; or one line saying why ACO's values are not available.
 */
export async function useAcoValues(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
): Promise<DraftCreated | { ok: false; message: string }> {
  const [current, auth] = await Promise.all([ctx.store.settings.get(tenant), readAuthView(ctx, tenant)]);
  if (!auth.authenticated) return { ok: false, message: missingNote('not_authenticated') };
  const info = await ctx.assist?.acoInfo(tenant, true, current?.settings);
  if (!info) return { ok: false, message: missingNote('unreachable') };
  if (!info.available) return { ok: false, message: info.note };
  const settings = await ctx.assist?.acoSettingsFor(tenant, current?.settings.recording ?? false);
  if (!settings) return { ok: false, message: missingNote('unusable') };
  return createDraft(ctx, tenant, actor, settings, 'aco');
}
