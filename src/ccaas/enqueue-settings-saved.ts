import type { SaveHook } from '../core/workflow.js';
import type { Outbox } from './outbox.js';
import { settingsConfirmedData } from './payloads.js';

/** A workflow save hook: runs inside the settings lock right after the save, so the outbox gets every version. */
export function enqueueSettingsSaved(outbox: Outbox): SaveHook {
  return async (tenant, record, changes) => {
    await outbox.enqueue(tenant, {
      type: 'platform_settings.confirmed',
      version: record.version,
      data: settingsConfirmedData(record, changes),
    });
  };
}
