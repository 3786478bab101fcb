import { randomUUID } from 'node:crypto';
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
  return {
    tenant,
    values: toFormValues(current?.settings),
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
  ctx: Pick<WorkflowContext, 'store' | 'recordingLicensed'>,
  tenant: TenantId,
  input: FormInput,
): Promise<SettingsParse> {
  return parseSettings(input, { recordingLicensed: await tenantRecordingLicensed(ctx, tenant) });
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
): Promise<DraftCreated> {
  const [current, auth] = await Promise.all([ctx.store.settings.get(tenant), readAuthView(ctx, tenant)]);
  const draft: Draft = {
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
