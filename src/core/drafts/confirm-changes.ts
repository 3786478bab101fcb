import { ACO_VALUES_AUDIT } from '../aco-values.js';
import { appendAudit } from '../audit-log.js';
import { readAuthView } from '../auth-view.js';
import { settingsLockKey } from '../lock-keys.js';
import { diffSettings } from '../settings.js';
import { tenantRecordingLicensed } from '../tenant-config.js';
import type { Actor, Draft, SettingsRecord, TenantId } from '../types.js';
import type { AuthView, CancelResult, ConfirmResult, ConfirmView } from '../views.js';
import { isoAt, type WorkflowContext } from '../workflow-context.js';

export function toConfirmView(draft: Draft, current: SettingsRecord | undefined, auth: AuthView): ConfirmView {
  const changes = diffSettings(current?.settings, draft.settings);
  return {
    tenant: draft.tenant,
    draftId: draft.id,
    baseVersion: draft.baseVersion,
    changes,
    anyChange: changes.some((c) => c.changed),
    auth,
    requestedBy: draft.createdBy,
    ...(draft.source === 'aco' ? { fromAco: true } : {}),
  };
}

/** The Confirm Changes view of a pending draft (e.g. after the OAuth callback); null when gone. */
export async function confirmView(
  ctx: WorkflowContext,
  tenant: TenantId,
  draftId: string,
): Promise<ConfirmView | null> {
  const [draft, current, auth] = await Promise.all([
    ctx.store.drafts.get(tenant, draftId),
    ctx.store.settings.get(tenant),
    readAuthView(ctx, tenant),
  ]);
  if (draft?.status !== 'pending') return null;
  return toConfirmView(draft, current, auth);
}

/** OK on Confirm Changes: saves version N+1 once, or says why not. */
export async function confirmDraft(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  draftId: string,
): Promise<ConfirmResult> {
  const result = await ctx.store.locks.withLock(settingsLockKey(tenant), async (): Promise<ConfirmResult> => {
    const draft = await ctx.store.drafts.get(tenant, draftId);
    if (!draft) return { outcome: 'not_found' };
    const current = await ctx.store.settings.get(tenant);
    if (draft.status === 'confirmed') return replayOfSave(draft, current);
    if (draft.status === 'cancelled') return { outcome: 'cancelled' };
    if (Date.parse(draft.expiresAt) <= ctx.clock.now()) return { outcome: 'expired' };
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== draft.baseVersion) {
      return { outcome: 'stale', currentVersion, savedBy: current?.savedBy, draftId };
    }
    const auth = await readAuthView(ctx, tenant);
    if (!auth.authenticated) return { outcome: 'not_authenticated', auth, draftId };
    // The operator may have withdrawn the license since the form was filled in.
    if (draft.settings.recording && !(await tenantRecordingLicensed(ctx, tenant))) {
      return { outcome: 'not_licensed', draftId };
    }
    return saveDraft(ctx, tenant, actor, draft, current);
  });
  if (result.outcome === 'saved' && !result.replay) {
    await ctx.events.emit({
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

/** A second OK on a saved draft answers as the first did, without saving again. */
function replayOfSave(draft: Draft, current: SettingsRecord | undefined): ConfirmResult {
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

/** Inside the settings lock: the new version, the draft marked confirmed, the save hooks, the history. */
async function saveDraft(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  draft: Draft,
  current: SettingsRecord | undefined,
): Promise<ConfirmResult> {
  const record: SettingsRecord = {
    settings: draft.settings,
    version: (current?.version ?? 0) + 1,
    savedBy: actor,
    savedAt: isoAt(ctx.clock),
  };
  const changes = diffSettings(current?.settings, draft.settings);
  await ctx.store.settings.put(tenant, record);
  await ctx.store.drafts.put({ ...draft, status: 'confirmed', confirmedVersion: record.version });
  for (const hook of ctx.saveHooks) await hook(tenant, record, changes);
  await appendAudit(ctx, tenant, {
    actor,
    action: 'settings.saved',
    version: record.version,
    summary: `Saved version ${record.version}${draft.source === 'aco' ? ` (${ACO_VALUES_AUDIT})` : ''}`,
    changes: changes
      .filter((c) => c.changed)
      .map(({ field, label, before, after }) => ({ field, label, before, after })),
  });
  return { outcome: 'saved', record, changes, replay: false };
}

/** Cancel on Confirm Changes: the draft is discarded once; a saved draft stays saved. */
export async function cancelDraft(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  draftId: string,
): Promise<CancelResult> {
  return ctx.store.locks.withLock(settingsLockKey(tenant), async (): Promise<CancelResult> => {
    const draft = await ctx.store.drafts.get(tenant, draftId);
    if (!draft) return { outcome: 'not_found' };
    if (draft.status === 'confirmed') return { outcome: 'already_saved', version: draft.confirmedVersion ?? 0 };
    if (draft.status === 'cancelled') return { outcome: 'cancelled', replay: true };
    await ctx.store.drafts.put({ ...draft, status: 'cancelled' });
    await appendAudit(ctx, tenant, { actor, action: 'draft.cancelled', summary: 'Discarded a change before saving' });
    return { outcome: 'cancelled', replay: false };
  });
}

/**
 * Confirm Changes with the connectivity check of the draft's values (run after the form was accepted, never
 * in an ack). `publish` (the adapter's message update) runs under the settings lock while the draft is still
 * pending, so an OK or Cancel pressed meanwhile always has the last word on the message.
 */
export async function checkDraft(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  draftId: string,
  publish?: (view: ConfirmView) => Promise<void>,
): Promise<ConfirmView | null> {
  const [draft, current, auth] = await Promise.all([
    ctx.store.drafts.get(tenant, draftId),
    ctx.store.settings.get(tenant),
    readAuthView(ctx, tenant),
  ]);
  if (draft?.status !== 'pending' || !ctx.assist) return null;
  const check = await ctx.assist.check(tenant, actor, draft.settings, 'draft');
  const view = { ...toConfirmView(draft, current, auth), check };
  return ctx.store.locks.withLock(settingsLockKey(tenant), async () => {
    const now = await ctx.store.drafts.get(tenant, draftId);
    if (now?.status !== 'pending') return null;
    await publish?.(view);
    return view;
  });
}
