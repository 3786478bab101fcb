import type { Logger } from 'pino';
import {
  acoSettings,
  compareWithAco,
  differsNote,
  MATCHES_ACO,
  missingNote,
  prefilledNote,
  transportNote,
  type AcoFieldComparison,
  type AcoSipValues,
} from './aco-values.js';
import type { AcoValuesSource } from './aco-values-source.js';
import { systemClock, type Clock } from './ports.js';
import { toFormValues, type FormValues, type PlatformSettings, type ValidSettings } from './settings.js';
import {
  CHECK_ADVISORY,
  CHECK_RUNNING,
  CHECK_TITLE,
  CHECK_UNAVAILABLE,
  checkTargets,
  lastCheckLine,
  NO_CHECK_YET,
  NOTHING_TO_CHECK,
  rateLimitedLine,
  reportLines,
  reportSummary,
  type LastCheck,
  type SipCheckPort,
} from './sip-check.js';
import type { Actor, TenantId } from './types.js';

/*
 * What helps the admin get the settings right beyond storing them (issue 12): ACO's own values beside the
 * saved ones, and the SIP connectivity check. The workflow's use cases call it; it never makes the form wait.
 */

/** ACO's values as the form and status show them. */
export type AcoValuesInfo =
  | {
      available: true;
      transport: AcoSipValues['transport'];
      /** ACO's values as the form's text (recording: the saved choice, else No). */
      values: FormValues;
      /** The form opened with ACO's values because nothing is saved yet. */
      prefilled: boolean;
      fields: AcoFieldComparison[];
      /** Some saved value differs from ACO's: offer "Use ACO's values". */
      differs: boolean;
      /** One line: prefilled, which fields differ, or that they match; and the transport. */
      note: string;
    }
  | { available: false; note: string };

/** The connectivity check's advisory block on Confirm Changes and as the `check` answer. */
export interface CheckView {
  title: string;
  state: 'running' | 'done' | 'rate-limited' | 'unavailable' | 'nothing-saved' | 'off';
  /** ✓ / ⚠ per target when done; otherwise one line saying why there are none. */
  lines: string[];
  summary: string;
  advisory: string;
}

/** The few key-value calls the last-check record needs (the store's namespaced records fit). */
export interface AssistKv {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
}

export interface SettingsAssistDeps {
  /** ACO's values per tenant; absent: the form never mentions them. */
  acoValues?: AcoValuesSource;
  /** The connectivity check; absent: `check` says it is off. */
  checker?: SipCheckPort;
  /** Where the last check of each tenant is kept. */
  checks: AssistKv;
  logger: Logger;
  clock?: Clock;
}

const LAST_CHECK_KEEP_MS = 90 * 86_400_000;
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export class SettingsAssist {
  private readonly clock: Clock;
  constructor(private readonly deps: SettingsAssistDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  get checkAvailable(): boolean {
    return this.deps.checker !== undefined;
  }

  /* ACO's values. */

  /** ACO's values beside the saved ones, from the cache only (a stale entry refreshes in the background). */
  async acoInfo(
    tenant: TenantId,
    authenticated: boolean,
    saved?: PlatformSettings,
  ): Promise<AcoValuesInfo | undefined> {
    const source = this.deps.acoValues;
    if (!source) return undefined;
    if (!authenticated) return { available: false, note: missingNote('not_authenticated') };
    const entry = await source.peek(tenant);
    if (!entry.ok) return { available: false, note: missingNote(entry.reason, retryIn(entry.retryAt, this.clock)) };
    const aco = acoSettings(entry.values, saved?.recording ?? false);
    if (!aco) return { available: false, note: missingNote('unusable') };
    const fields = compareWithAco(saved, aco);
    const differing = fields.filter((f) => f.differs).length;
    const lead = !saved ? prefilledNote(entry.values.transport) : differing ? differsNote(differing) : MATCHES_ACO;
    return {
      available: true,
      transport: entry.values.transport,
      values: toFormValues(aco),
      prefilled: !saved,
      fields,
      differs: differing > 0,
      note: saved ? `${lead} ${transportNote(entry.values.transport)}` : lead,
    };
  }

  /** ACO's values as settings to save (the saved recording choice kept); undefined when not available. */
  async acoSettingsFor(tenant: TenantId, recording: boolean): Promise<ValidSettings | undefined> {
    const entry = await this.deps.acoValues?.peek(tenant);
    return entry?.ok ? acoSettings(entry.values, recording) : undefined;
  }

  /** After a sign-in: read ACO's values now, in the background. */
  afterSignIn(tenant: TenantId): void {
    this.deps.acoValues?.refreshInBackground(tenant);
  }

  /* The connectivity check. */

  runningView(): CheckView {
    return { title: CHECK_TITLE, state: 'running', lines: [CHECK_RUNNING], summary: '', advisory: CHECK_ADVISORY };
  }

  /** Checks these settings for the acting admin; counts against the tenant's rate limit; keeps the result. */
  async check(
    tenant: TenantId,
    actor: Actor,
    settings: PlatformSettings | undefined,
    subject: LastCheck['subject'],
  ): Promise<CheckView> {
    const base = { title: CHECK_TITLE, advisory: CHECK_ADVISORY, summary: '' };
    if (!this.deps.checker) return { ...base, state: 'off', lines: [CHECK_UNAVAILABLE] };
    if (!settings) return { ...base, state: 'nothing-saved', lines: [NOTHING_TO_CHECK] };
    const answer = await this.deps.checker.check(tenant, checkTargets(settings));
    if (!answer.ok) {
      if (answer.reason === 'rate-limited') {
        return { ...base, state: 'rate-limited', lines: [rateLimitedLine(answer.retryAfterMs)] };
      }
      this.deps.logger.warn({ tenant, detail: answer.detail }, 'SIP check limiter unavailable');
      return { ...base, state: 'unavailable', lines: [CHECK_UNAVAILABLE] };
    }
    const last: LastCheck = { report: answer.report, by: actor, subject };
    try {
      await this.deps.checks.set(tenant, last, LAST_CHECK_KEEP_MS);
    } catch (err) {
      this.deps.logger.warn(
        { tenant, err: err instanceof Error ? err.message : String(err) },
        'last SIP check not kept',
      );
    }
    return { ...base, state: 'done', lines: reportLines(answer.report), summary: reportSummary(answer.report) };
  }

  /** The status view's line about the last check. */
  async lastCheckLine(tenant: TenantId): Promise<string | undefined> {
    if (!this.deps.checker) return undefined;
    try {
      const last = (await this.deps.checks.get(tenant)) as LastCheck | undefined;
      if (!last?.report?.checkedAt) return NO_CHECK_YET;
      return lastCheckLine(last, minute(last.report.checkedAt));
    } catch {
      return undefined;
    }
  }
}

function retryIn(retryAt: number | undefined, clock: Clock): number | undefined {
  return retryAt === undefined ? undefined : Math.max(0, retryAt - clock.now());
}
