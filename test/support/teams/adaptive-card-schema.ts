import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

/** Official schemas vendored in the repository (test/schemas/README.md names their sources). */
export const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));

let validate: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const schema = JSON.parse(readFileSync(`${SCHEMAS}adaptive-card-1.5.schema.json`, 'utf8')) as Record<string, unknown>;
  // The official file names itself with draft-04's `id`, which Ajv 8 refuses; `$id` keeps its identity.
  schema.$id = schema.id;
  delete schema.id;
  // strict off: the schema carries documentation keywords (version, features) Ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv.compile(schema);
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 15)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** Throws with the schema's complaints unless `card` is a valid Adaptive Card 1.5. */
export function assertValidAdaptiveCard(card: unknown): void {
  validate ??= compile();
  if (!validate(card))
    throw new Error(
      `Adaptive Card fails the 1.5 schema:\n${describe(validate.errors)}\n${JSON.stringify(card).slice(0, 2000)}`,
    );
  const c = card as { type?: string; version?: string };
  if (c.type !== 'AdaptiveCard') throw new Error('not an AdaptiveCard');
  // Teams needs 1.5 for Universal Actions; every card we send says so.
  if (c.version !== '1.5') throw new Error(`card version ${c.version}, expected 1.5`);
}

/** Every Adaptive Card attachment inside an activity, task-module answer or invoke answer. */
export function findAdaptiveCards(payload: unknown): unknown[] {
  const found: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'AdaptiveCard') {
      found.push(o);
      return;
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(payload);
  return found;
}

/** Validates every card found in `payload` and returns them. */
export function assertCardsValid(payload: unknown): Record<string, unknown>[] {
  const cards = findAdaptiveCards(payload);
  for (const c of cards) assertValidAdaptiveCard(c);
  return cards as Record<string, unknown>[];
}
