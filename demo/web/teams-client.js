// What the Teams client sends to a bot: Bot Framework activities, shaped as Teams shapes them, posted to
// the bot's messaging endpoint (POST /api/messages). The bot answers invokes in the HTTP response and
// sends everything else to the connector at `serviceUrl`, which the page listens to.

let seq = 0;
const newId = () => `1${Date.now()}${String(++seq).padStart(3, '0')}`;

export class TeamsClient {
  constructor(config) {
    this.config = config;
  }

  /** The conversation of a pane: the personal chat, or the admin channel (a thread per root message). */
  conversation(where, threadRoot) {
    const { tenantId, personalConversation, adminChannel } = this.config;
    if (where === 'personal') return { conversationType: 'personal', tenantId, id: personalConversation };
    return {
      isGroup: true,
      conversationType: 'channel',
      tenantId,
      id: `${adminChannel.id};messageid=${threadRoot}`,
    };
  }

  channelData(where) {
    const { tenantId, adminChannel } = this.config;
    const base = { tenant: { id: tenantId } };
    if (where === 'personal') return base;
    return {
      ...base,
      teamsChannelId: adminChannel.id,
      teamsTeamId: adminChannel.teamId,
      channel: { id: adminChannel.id, name: adminChannel.name },
      team: { id: adminChannel.teamId, name: adminChannel.teamName },
    };
  }

  base(where, threadRoot, id = newId()) {
    const now = new Date().toISOString();
    return {
      id,
      timestamp: now,
      localTimestamp: now,
      serviceUrl: this.config.serviceUrl,
      channelId: 'msteams',
      from: this.config.user,
      recipient: this.config.bot,
      conversation: this.conversation(where, threadRoot ?? id),
      channelData: this.channelData(where),
      locale: 'en-US',
    };
  }

  /** A typed message; in the channel the bot is @mentioned, as Teams requires there. */
  async message(where, text) {
    const id = newId();
    const activity = { ...this.base(where, undefined, id), type: 'message', textFormat: 'plain', text };
    if (where !== 'personal') {
      const at = `<at>${this.config.bot.name}</at>`;
      activity.text = `${at} ${text}`;
      activity.entities = [{ type: 'mention', text: at, mentioned: this.config.bot }];
    }
    await this.post(activity);
    return activity;
  }

  /** An invoke (task/fetch, task/submit, adaptiveCard/action); resolves with the bot's answer body. */
  async invoke(where, name, value, opts = {}) {
    const activity = {
      ...this.base(where, opts.threadRoot),
      type: 'invoke',
      name,
      value,
      ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
    };
    return this.post(activity);
  }

  /** An Action.Submit on a message card (the fallback of a Universal Action): a message with a value. */
  async submit(where, value, opts = {}) {
    const activity = {
      ...this.base(where, opts.threadRoot),
      type: 'message',
      value,
      ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
    };
    return this.post(activity);
  }

  async post(activity) {
    const res = await fetch('/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`the bot answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    return text ? JSON.parse(text) : undefined;
  }
}
