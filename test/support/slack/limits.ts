/*
 * Slack's documented Block Kit limits that bite, checked on every payload a test inspects and on
 * everything the fake Slack records. Pure: no test framework here, so the fake can refuse with it too.
 */

export type SurfaceKind = 'message' | 'modal' | 'home';

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** A Home tab view (views.publish): 100 blocks, like a modal. */
  homeBlocks: 100,
  /** views.publish answers view_too_large past 250 kB of view JSON. */
  viewBytes: 250_000,
  externalId: 255,
  modalTitle: 24,
  modalButton: 24,
  text: 3000,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  headerText: 150,
  sectionFields: 10,
  sectionFieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  messageText: 40000,
} as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// UTF-16 units: never fewer than Slack's character count, so a payload that passes here passes there.
const len = (v: unknown) => (typeof v === 'string' ? v.length : 0);

function textObjectViolations(v: unknown, where: string, max: number = LIMITS.text): string[] {
  if (!isObj(v)) return [`${where}: missing text object`];
  const out: string[] = [];
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn') out.push(`${where}: text object type ${String(v.type)}`);
  if (typeof v.text !== 'string' || v.text.length === 0) out.push(`${where}: empty text`);
  if (len(v.text) > Math.min(max, LIMITS.text))
    out.push(`${where}: text ${len(v.text)} > ${Math.min(max, LIMITS.text)}`);
  return out;
}

/** Every text object anywhere (any object with type plain_text/mrkdwn and a text) stays within 3000. */
function allTextObjects(v: unknown, path: string, out: string[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => allTextObjects(x, `${path}[${i}]`, out));
  else if (isObj(v)) {
    if ((v.type === 'plain_text' || v.type === 'mrkdwn') && typeof v.text === 'string' && len(v.text) > LIMITS.text) {
      out.push(`${path}: text ${len(v.text)} > ${LIMITS.text}`);
    }
    for (const [k, x] of Object.entries(v)) allTextObjects(x, `${path}.${k}`, out);
  }
}

function elementViolations(el: Json, where: string): string[] {
  const out: string[] = [];
  if (typeof el.action_id === 'string' && len(el.action_id) > LIMITS.actionId) out.push(`${where}: action_id too long`);
  if (el.type === 'button') {
    out.push(...textObjectViolations(el.text, `${where}.text`, LIMITS.buttonText));
    if (el.value !== undefined && len(el.value) > LIMITS.buttonValue)
      out.push(`${where}: value > ${LIMITS.buttonValue}`);
    if (el.url !== undefined && len(el.url) > LIMITS.url) out.push(`${where}: url > ${LIMITS.url}`);
  }
  if (el.placeholder !== undefined)
    out.push(...textObjectViolations(el.placeholder, `${where}.placeholder`, LIMITS.placeholder));
  if (Array.isArray(el.options)) {
    el.options.forEach((o, i) => {
      if (isObj(o)) out.push(...textObjectViolations(o.text, `${where}.options[${i}].text`, LIMITS.optionText));
    });
  }
  return out;
}

function blockViolations(block: unknown, i: number): string[] {
  const where = `blocks[${i}]`;
  if (!isObj(block) || typeof block.type !== 'string') return [`${where}: not a block`];
  const out: string[] = [];
  if (typeof block.block_id === 'string' && len(block.block_id) > LIMITS.blockId)
    out.push(`${where}: block_id too long`);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) out.push(`${where}: section without text or fields`);
      if (block.text !== undefined) out.push(...textObjectViolations(block.text, `${where}.text`));
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.sectionFields)
          out.push(`${where}: ${block.fields.length} fields > ${LIMITS.sectionFields}`);
        block.fields.forEach((f, j) =>
          out.push(...textObjectViolations(f, `${where}.fields[${j}]`, LIMITS.sectionFieldText)),
        );
      }
      if (isObj(block.accessory)) out.push(...elementViolations(block.accessory, `${where}.accessory`));
      break;
    case 'header':
      out.push(...textObjectViolations(block.text, `${where}.text`, LIMITS.headerText));
      if (isObj(block.text) && block.text.type !== 'plain_text') out.push(`${where}: header text must be plain_text`);
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) out.push(`${where}: context without elements`);
      else if (block.elements.length > LIMITS.contextElements)
        out.push(`${where}: ${block.elements.length} context elements`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) out.push(`${where}: actions without elements`);
      else {
        if (block.elements.length > LIMITS.actionsElements)
          out.push(`${where}: ${block.elements.length} action elements`);
        block.elements.forEach((e, j) => isObj(e) && out.push(...elementViolations(e, `${where}.elements[${j}]`)));
      }
      break;
    case 'input':
      out.push(...textObjectViolations(block.label, `${where}.label`, LIMITS.inputLabel));
      if (isObj(block.label) && block.label.type !== 'plain_text') out.push(`${where}: input label must be plain_text`);
      if (block.hint !== undefined) out.push(...textObjectViolations(block.hint, `${where}.hint`, LIMITS.inputHint));
      if (!isObj(block.element)) out.push(`${where}: input without element`);
      else out.push(...elementViolations(block.element, `${where}.element`));
      break;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'video':
    case 'file':
      break;
    default:
      out.push(`${where}: unknown block type ${block.type}`);
  }
  return out;
}

function blocksViolations(blocks: unknown, max: number): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks: not an array'];
  const out: string[] = [];
  if (blocks.length > max) out.push(`blocks: ${blocks.length} > ${max}`);
  blocks.forEach((b, i) => out.push(...blockViolations(b, i)));
  const ids = blocks.map((b) => (isObj(b) ? b.block_id : undefined)).filter((x) => typeof x === 'string');
  if (new Set(ids).size !== ids.length) out.push('blocks: duplicate block_id');
  allTextObjects(blocks, 'blocks', out);
  return [...new Set(out)];
}

/** What Slack would refuse in a message (chat.postMessage / chat.update / response_url body). */
export function messageViolations(msg: Json): string[] {
  const out: string[] = [];
  if (msg.text === undefined && msg.blocks === undefined) out.push('message: neither text nor blocks');
  if (typeof msg.text === 'string' && len(msg.text) > LIMITS.messageText)
    out.push(`text: ${len(msg.text)} > ${LIMITS.messageText}`);
  out.push(...blocksViolations(msg.blocks, LIMITS.messageBlocks));
  return out;
}

/** What Slack would refuse in a modal view (views.open / views.update / response_action update). */
export function modalViolations(view: Json): string[] {
  const out: string[] = [];
  if (view.type !== 'modal') out.push(`view.type: ${String(view.type)}`);
  out.push(...textObjectViolations(view.title, 'title', LIMITS.modalTitle));
  if (isObj(view.title) && view.title.type !== 'plain_text') out.push('title: must be plain_text');
  for (const k of ['submit', 'close'] as const) {
    if (view[k] !== undefined) out.push(...textObjectViolations(view[k], k, LIMITS.modalButton));
  }
  if (typeof view.private_metadata === 'string' && len(view.private_metadata) > LIMITS.privateMetadata) {
    out.push(`private_metadata: ${len(view.private_metadata)} > ${LIMITS.privateMetadata}`);
  }
  if (typeof view.callback_id === 'string' && len(view.callback_id) > LIMITS.callbackId)
    out.push('callback_id too long');
  if (!Array.isArray(view.blocks)) out.push('view.blocks: missing');
  else {
    out.push(...blocksViolations(view.blocks, LIMITS.modalBlocks));
    const hasInput = view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) out.push('view: input blocks need a submit button');
  }
  return out;
}

/**
 * What Slack would refuse in a Home tab view (views.publish): type home, at most 100 blocks, private_metadata
 * up to 3000 characters, callback_id and external_id up to 255; no title, submit or close (a Home tab has none).
 */
export function homeViolations(view: Json): string[] {
  const out: string[] = [];
  if (view.type !== 'home') out.push(`view.type: ${String(view.type)}`);
  for (const k of ['title', 'submit', 'close'] as const) {
    if (view[k] !== undefined) out.push(`view.${k}: a Home tab has none`);
  }
  if (typeof view.private_metadata === 'string' && len(view.private_metadata) > LIMITS.privateMetadata) {
    out.push(`private_metadata: ${len(view.private_metadata)} > ${LIMITS.privateMetadata}`);
  }
  if (typeof view.callback_id === 'string' && len(view.callback_id) > LIMITS.callbackId)
    out.push('callback_id too long');
  if (typeof view.external_id === 'string' && len(view.external_id) > LIMITS.externalId)
    out.push('external_id too long');
  if (!Array.isArray(view.blocks)) out.push('view.blocks: missing');
  else out.push(...blocksViolations(view.blocks, LIMITS.homeBlocks));
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > LIMITS.viewBytes) out.push(`view: ${bytes} bytes > ${LIMITS.viewBytes}`);
  return out;
}

export function slackLimitViolations(payload: Json, kind: SurfaceKind): string[] {
  if (kind === 'home') return homeViolations(payload);
  return kind === 'modal' ? modalViolations(payload) : messageViolations(payload);
}

/** Throws, listing every violation, when a payload breaks one of Slack's limits. */
export function assertWithinSlackLimits(payload: unknown, kind: SurfaceKind): void {
  if (!isObj(payload)) throw new Error(`expected a ${kind} payload object`);
  const v = slackLimitViolations(payload, kind);
  if (v.length > 0) throw new Error(`Block Kit ${kind} breaks Slack's limits:\n  - ${v.join('\n  - ')}`);
}
