import { describeAuthDetails, describeAuthStatus } from './auth-status.js';
import { readAuthStatus } from './queries/connection-snapshot.js';
import { minuteUtc } from './time-format.js';
import type { TenantId } from './types.js';
import type { AuthView } from './views.js';
import type { WorkflowContext } from './workflow-context.js';

/** The status with its words: the line every surface shows, detail lines, and a failing refresh if any. */
export async function readAuthView(
  ctx: Pick<WorkflowContext, 'store' | 'clock' | 'refreshHealth'>,
  tenant: TenantId,
): Promise<AuthView> {
  const status = await readAuthStatus(ctx, tenant);
  const details = describeAuthDetails(status);
  if (status.state === 'authenticated') {
    const failing = await ctx.refreshHealth?.(tenant);
    if (failing) {
      details.push(
        `Token refresh failing since ${minuteUtc(failing.firstFailureAt)} ` +
          `(${failing.failures} attempt${failing.failures === 1 ? '' : 's'}, last: ${failing.lastError}); ` +
          `next try ${minuteUtc(failing.nextAttemptAt)}`,
      );
    }
  }
  return { status, text: describeAuthStatus(status), details, authenticated: status.state === 'authenticated' };
}
