import type { Keyv } from 'keyv';
import type { Backend } from './backends/types.js';
import { isSealed, type Sealed, type Sealer } from './encryption.js';

/**
 * Every kind of record that holds sealed values (ACO grants, PKCE verifiers, and whatever comes next) is
 * registered here by the repository that seals it; a repository gets its sealing functions only through
 * `register`, so no sealed kind can be missed by the re-sealer (`npm run reseal`) or the readiness check.
 */
export interface SealedKindSpec {
  /** The internal keyv namespace the records live in. */
  namespace: string;
  /** For messages and reports: "the ACO grant of slack:T1", "a PKCE verifier" (never a secret key). */
  label(key: string): string;
  /** The additional authenticated data of the record stored under `key`. */
  aad(key: string): string;
}

export interface KindSealer {
  seal(key: string, plaintext: string): Sealed;
  open(key: string, sealed: unknown): string;
}

export interface ResealReport {
  /** Records re-sealed under the newest key. */
  resealed: number;
  /** Records already sealed with the newest key. */
  current: number;
  /** Records that could not be opened with any listed key (left as they are). */
  failed: Array<{ record: string; reason: string }>;
}

export interface SealedRecordsCheck {
  ok: boolean;
  /** Records opened (a sample per kind). */
  checked: number;
  unreadable: number;
  /** The first failure, e.g. which key id a record names that ENCRYPTION_KEY lacks. No secret. */
  reason?: string;
}

/** Replaces every sealed value inside `value` (at any depth) by `fn(sealed)`; `changed` says whether any did. */
function mapSealed(value: unknown, fn: (sealed: Sealed) => Sealed): { value: unknown; changed: boolean } {
  if (isSealed(value)) {
    const next = fn(value);
    return { value: next, changed: next !== value };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = mapSealed(v, fn);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = mapSealed(v, fn);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

export class SealedRecords {
  private readonly kinds = new Map<string, SealedKindSpec>();

  constructor(
    private readonly backend: Backend,
    private readonly keyv: (namespace: string) => Keyv,
    private readonly sealer: Sealer,
  ) {}

  register(spec: SealedKindSpec): KindSealer {
    if (this.kinds.has(spec.namespace)) throw new Error(`sealed kind ${spec.namespace} registered twice`);
    this.kinds.set(spec.namespace, spec);
    return {
      seal: (key, plaintext) => this.sealer.seal(plaintext, spec.aad(key)),
      open: (key, sealed) => this.sealer.open(sealed, spec.aad(key), spec.label(key)),
    };
  }

  /** Namespaces of the registered kinds (tests check no sealed value lives anywhere else). */
  namespaces(): string[] {
    return [...this.kinds.keys()];
  }

  /**
   * Re-seals every sealed value under the newest key. Each record is replaced by compare-and-set on its
   * stored text, so a record written meanwhile (a token refresh) is read again, never overwritten with older
   * content; expiry is kept. Safe to run while aco-connect serves, and again (it skips current records).
   */
  async resealAll(): Promise<ResealReport> {
    const report: ResealReport = { resealed: 0, current: 0, failed: [] };
    for (const spec of this.kinds.values()) {
      const kv = this.keyv(spec.namespace);
      for (const key of await this.backend.listKeys(kv)) {
        try {
          report[await this.resealOne(kv, spec, key)]++;
        } catch (error) {
          report.failed.push({ record: spec.label(key), reason: (error as Error).message });
        }
      }
    }
    return report;
  }

  private async resealOne(kv: Keyv, spec: SealedKindSpec, key: string): Promise<'resealed' | 'current'> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const raw = await this.backend.getRaw(kv, key);
      if (raw === undefined) return 'current'; // gone meanwhile: nothing left to re-seal
      const data = await kv.deserializeData<unknown>(raw);
      if (!data) return 'current';
      const mapped = mapSealed(data.value, (sealed) =>
        this.sealer.isCurrent(sealed)
          ? sealed
          : this.sealer.seal(this.sealer.open(sealed, spec.aad(key), spec.label(key)), spec.aad(key)),
      );
      if (!mapped.changed) return 'current';
      const next = (await kv.serializeData({ value: mapped.value, expires: data.expires })) as string;
      if (await this.backend.swapRaw(kv, key, raw, next)) return 'resealed';
    }
    throw new Error('the record kept changing while it was being re-sealed; run the command again');
  }

  /** Opens up to `sample` records of each kind: can the configured keys read what is stored? */
  async check(sample = 3): Promise<SealedRecordsCheck> {
    const result: SealedRecordsCheck = { ok: true, checked: 0, unreadable: 0 };
    for (const spec of this.kinds.values()) {
      const kv = this.keyv(spec.namespace);
      for (const key of (await this.backend.listKeys(kv)).slice(0, sample)) {
        const raw = await this.backend.getRaw(kv, key);
        const data = raw === undefined ? undefined : await kv.deserializeData<unknown>(raw);
        if (!data) continue;
        result.checked++;
        try {
          mapSealed(data.value, (sealed) => {
            this.sealer.open(sealed, spec.aad(key), spec.label(key));
            return sealed;
          });
        } catch (error) {
          result.unreadable++;
          result.ok = false;
          result.reason ??= (error as Error).message;
        }
      }
    }
    return result;
  }
}
