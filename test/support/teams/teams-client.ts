import { randomUUID } from 'node:crypto';
import { startFakeBotConnector, type ConnectorCall, type FakeBotConnector } from '../fakes/bot-connector.js';
import { approveConsent, startTestApp, type TestApp, type TestAppOptions } from '../app/start-app.js';
import { assertCardsValid } from './adaptive-card-schema.js';

/*
 * Bot Framework activities shaped as Teams sends them (ids, channelData, conversation types), posted
 * over real HTTP to /api/messages. Every card in an answer or a recorded Bot Connector call goes
 * through the Adaptive Card 1.5 schema check.
 */

/** The Entra tenant the activities name (conversation.tenantId, channelData.tenant). */
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** Where an authenticated bot files them. */
export const CLAIMED_TENANT = `teams:${TENANT_ID}`;
/** Where the harness (emulator mode) files them, whatever they claim. */
export const TENANT = 'teams:emulator';
export const BOT = { id: '28:5b2f4b3e-0000-4000-8000-00000000b07', name: 'aco-connect' };
export const ADMIN = {
  id: '29:1admin-channel-user-id',
  name: 'Ada Lovelace',
  aadObjectId: '6c4e8d0a-1111-4aaa-9bbb-00000000ad01',
};
export const OTHER_ADMIN = {
  id: '29:1second-admin-user-id',
  name: 'Grace Hopper',
  aadObjectId: '6c4e8d0a-2222-4aaa-9bbb-00000000ad02',
};
export const OUTSIDER = {
  id: '29:1outsider-user-id',
  name: 'Mallory',
  aadObjectId: '6c4e8d0a-3333-4aaa-9bbb-0000000000ff',
};

export type Where = 'personal' | 'channel' | 'groupChat';
export type TeamsUser = typeof ADMIN;

export const CHANNEL_ID = '19:a1b2c3d4e5f6@thread.tacv2';
const TEAM_ID = '19:team0000aaaa@thread.tacv2';

export function conversationFor(where: Where, user: TeamsUser, threadRoot = '1700000000001') {
  switch (where) {
    case 'personal':
      return { conversationType: 'personal', tenantId: TENANT_ID, id: `a:1personal-${user.aadObjectId}` };
    case 'channel':
      return {
        isGroup: true,
        conversationType: 'channel',
        tenantId: TENANT_ID,
        id: `${CHANNEL_ID};messageid=${threadRoot}`,
      };
    case 'groupChat':
      return { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID, id: '19:groupchat0123@thread.v2' };
  }
}

function channelData(where: Where) {
  const base = { tenant: { id: TENANT_ID } };
  if (where !== 'channel') return base;
  return {
    ...base,
    teamsChannelId: CHANNEL_ID,
    teamsTeamId: TEAM_ID,
    channel: { id: CHANNEL_ID },
    team: { id: TEAM_ID },
  };
}

export interface ActivityOptions {
  where?: Where;
  user?: TeamsUser;
  replyToId?: string;
  /** @mention the bot (channels and group chats require it). */
  mention?: boolean;
  /** In a channel: the id of the thread's first message (a click on a card arrives from the card's thread). */
  threadRoot?: string;
}

export function baseActivity(serviceUrl: string, opts: ActivityOptions) {
  const where = opts.where ?? 'personal';
  const user = opts.user ?? ADMIN;
  return {
    id: `1${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: user,
    recipient: BOT,
    conversation: conversationFor(where, user, opts.threadRoot),
    channelData: channelData(where),
    locale: 'en-US',
    ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
  };
}

export function messageActivity(serviceUrl: string, text: string, opts: ActivityOptions = {}) {
  const where = opts.where ?? 'personal';
  const mention = opts.mention ?? where !== 'personal';
  const at = `<at>${BOT.name}</at>`;
  return {
    ...baseActivity(serviceUrl, opts),
    type: 'message',
    textFormat: 'plain',
    text: mention ? `${at} ${text}` : text,
    ...(mention ? { entities: [{ type: 'mention', text: at, mentioned: BOT }] } : {}),
  };
}

/** What Teams sends when an Action.Submit (the fallback of an Action.Execute) is clicked. */
export function submitActivity(
  serviceUrl: string,
  value: Record<string, unknown>,
  opts: ActivityOptions & { replyToId: string },
) {
  return { ...baseActivity(serviceUrl, opts), type: 'message', value };
}

export function invokeActivity(serviceUrl: string, name: string, value: unknown, opts: ActivityOptions = {}) {
  return { ...baseActivity(serviceUrl, opts), type: 'invoke', name, value };
}

export function executeValue(verb: string, data: Record<string, unknown> = {}) {
  return { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' };
}

export interface Answer {
  status: number;
  body: any;
  text: string;
}

export async function postActivity(
  url: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  assertCardsValid(body);
  return { status: res.status, body, text };
}

/** The Adaptive Card in a recorded connector call (send, reply or update). */
export const cardOf = (call: ConnectorCall): any => call.body?.attachments?.[0]?.content;
export const cardTitle = (call: ConnectorCall): string | undefined => cardOf(call)?.body?.[0]?.text;

/** Every action of a card (top-level and inside its body), flattened. */
export function actionsOf(card: any): any[] {
  return [...(card?.actions ?? [])];
}

export interface TeamsHarness {
  t: TestApp;
  bc: FakeBotConnector;
  url: string;
  message(text: string, opts?: ActivityOptions): Promise<Answer>;
  invoke(name: string, value: unknown, opts?: ActivityOptions): Promise<Answer>;
  execute(verb: string, data: Record<string, unknown>, opts?: ActivityOptions): Promise<Answer>;
  /** The first accepted connector call matching, past or future (every card in it schema-checked). */
  waitFor(match: (c: ConnectorCall) => boolean): Promise<ConnectorCall>;
  /** Calls after index `from`, cards checked. */
  callsSince(from: number): ConnectorCall[];
  close(): Promise<void>;
}

/** The app in Teams emulator mode (TEAMS_EMULATOR=true) with a fake Bot Connector on loopback. */
export async function startTeamsHarness(opts: TestAppOptions = {}): Promise<TeamsHarness> {
  const bc = await startFakeBotConnector();
  const t = await startTestApp({
    ...opts,
    env: { TEAMS_EMULATOR: 'true', TEAMS_ADMIN_USERS: `${ADMIN.aadObjectId}, ${OTHER_ADMIN.aadObjectId}`, ...opts.env },
  });
  const checked = (c: ConnectorCall) => {
    assertCardsValid(c.body);
    return c;
  };
  return {
    t,
    bc,
    url: t.url,
    message: (text, o) => postActivity(t.url, messageActivity(bc.url, text, o)),
    invoke: (name, value, o) => postActivity(t.url, invokeActivity(bc.url, name, value, o)),
    execute: (verb, data, o) =>
      postActivity(t.url, invokeActivity(bc.url, 'adaptiveCard/action', executeValue(verb, data), o)),
    waitFor: async (match) => checked(await bc.waitFor((c) => c.status < 300 && match(c))),
    callsSince: (from) => bc.calls.slice(from).map(checked),
    close: async () => {
      await t.close();
      await bc.close();
      // Whatever a test looked at, every card the bot sent must be a valid Adaptive Card 1.5.
      for (const c of bc.calls) assertCardsValid(c.body);
    },
  };
}

/* Steps of the settings flow, as an admin clicks through them. */

export const SETTINGS_INPUT = {
  sip_domain: 'sip.ringcentral.com:5090',
  outbound_proxy: 'sip10.ringcentral.com:5090',
  secondary_proxy: '',
  recording: 'no',
};

export const submitValue = (data: Record<string, string>) => ({
  data: { ...data, verb: 'acoSubmitSettings' },
  context: { theme: 'default' },
});

/** The consent URL of the Authenticate card in a recorded call. */
export function consentUrlOf(call: ConnectorCall): string {
  const open = actionsOf(cardOf(call)).find((a) => a.type === 'Action.OpenUrl');
  if (!open) throw new Error(`no Action.OpenUrl in ${JSON.stringify(cardOf(call))}`);
  return open.url as string;
}

/** The draft id carried by a Confirm Changes card's OK button. */
export function draftIdOf(call: ConnectorCall): string {
  const ok = actionsOf(cardOf(call)).find((a) => a.verb === 'acoConfirmOk');
  if (!ok) throw new Error('no OK button');
  return ok.data.draftId as string;
}

export const isCard = (title: string | RegExp, conversationId?: string) => (c: ConnectorCall) =>
  c.status < 300 &&
  (conversationId === undefined || c.conversationId === conversationId) &&
  (typeof title === 'string' ? cardTitle(c) === title : title.test(cardTitle(c) ?? ''));

/**
 * Submits the dialog and answers with the Confirm Changes message: directly when ACO is authenticated,
 * otherwise through the Authenticate card, the fake ACO's consent and our OAuth callback.
 */
export async function submitToConfirm(
  h: TeamsHarness,
  input: Record<string, string> = SETTINGS_INPUT,
  opts: ActivityOptions = {},
): Promise<ConnectorCall> {
  const from = h.bc.calls.length;
  const res = await h.invoke('task/submit', submitValue(input), opts);
  if (res.status !== 200 || res.text !== '') throw new Error(`submit refused: ${res.status} ${res.text}`);
  // Background notices may interleave; the answer is the card posted into the submitting conversation.
  const where = conversationFor(opts.where ?? 'personal', opts.user ?? ADMIN, opts.threadRoot).id;
  const posted = h.callsSince(from).find((c) => c.conversationId === where && c.kind !== 'update');
  if (!posted) throw new Error('nothing posted after submit');
  if (cardTitle(posted) === 'Confirm Changes') {
    await checkShown(h, posted);
    return posted;
  }
  const callback = await fetch(await approveConsent(consentUrlOf(posted)));
  if (callback.status !== 200) throw new Error(`callback answered ${callback.status}`);
  const confirm = await h.waitFor((c) => h.bc.calls.indexOf(c) > from && isCard('Confirm Changes')(c));
  await checkShown(h, confirm);
  return confirm;
}

/** Waits until the Confirm Changes card `confirm` shows the connectivity check's results (they follow the post). */
export function checkShown(h: TeamsHarness, confirm: ConnectorCall): Promise<ConnectorCall> {
  return h.waitFor((c) => {
    if (c.kind !== 'update' || c.activityId !== confirm.responseId) return false;
    const text = JSON.stringify(c.body);
    return text.includes('Connectivity check') && !text.includes('Checking that the SIP Domain');
  });
}
