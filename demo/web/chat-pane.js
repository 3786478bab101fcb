// One conversation pane (the personal chat or the admin channel): its messages, their cards, and what a
// click on a card button sends to the bot.
import { cardOf, renderCard, renderMarkdown } from './cards.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const initials = (name) =>
  (name ?? '?')
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

export class ChatPane {
  /**
   * @param root the pane's element; `where` is 'personal' or 'channel'; `dialog` opens task modules;
   * `notify(text, tone)` shows a toast.
   */
  constructor({ root, where, client, dialog, notify }) {
    this.root = root;
    this.where = where;
    this.client = client;
    this.dialog = dialog;
    this.notify = notify;
    this.list = root.querySelector('.messages');
    /** id → { message, element } */
    this.items = new Map();
    const form = root.querySelector('form.compose');
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const input = form.elements.namedItem('text');
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      void this.send(text);
    });
  }

  /** The conversation as the server knows it (on connect and reconnect); the user's own messages stay. */
  replace(messages) {
    for (const [id, item] of this.items) {
      if (item.message.from?.role !== 'user' || item.message.fromServer) {
        item.element.remove();
        this.items.delete(id);
      }
    }
    for (const m of messages) this.upsert({ ...m, fromServer: true });
  }

  /** A new message from the connector, or a card the bot replaced. */
  upsert(message) {
    const existing = this.items.get(message.id);
    const element = this.render(message);
    if (existing) existing.element.replaceWith(element);
    else this.place(element, message);
    this.items.set(message.id, { message, element });
    if (!existing) this.scroll();
    // The "Try it" hint has done its job once the conversation has begun.
    const intro = this.root.querySelector('.intro');
    if (intro) intro.hidden = true;
  }

  place(element, message) {
    const after = [...this.items.values()].filter((i) => i.message.timestamp <= message.timestamp).pop();
    if (after) after.element.after(element);
    else this.list.prepend(element);
  }

  scroll() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  async send(text) {
    const shown = this.where === 'personal' ? text : `<at>${this.client.config.bot.name}</at> ${text}`;
    const local = {
      id: `local-${Date.now()}`,
      from: { ...this.client.config.user, role: 'user' },
      text: shown,
      timestamp: new Date().toISOString(),
    };
    this.upsert(local);
    try {
      await this.client.message(this.where, text);
    } catch (err) {
      console.error(err);
      this.notify(`Not delivered: ${err.message}`, 'error');
    }
  }

  render(message) {
    const mine = message.from?.role === 'user';
    const li = document.createElement('li');
    li.className = `message ${mine ? 'mine' : 'theirs'}`;
    li.dataset.id = message.id;
    const avatar = document.createElement('span');
    avatar.className = `avatar ${mine ? 'user' : 'bot'}`;
    avatar.textContent = mine ? initials(message.from?.name) : 'aC';
    avatar.setAttribute('aria-hidden', 'true');
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('strong');
    who.textContent = mine ? message.from?.name : 'aco-connect';
    const when = document.createElement('time');
    when.dateTime = message.timestamp;
    when.textContent = time(message.timestamp);
    meta.append(who, when);
    if (message.updatedAt) {
      const edited = document.createElement('span');
      edited.className = 'edited';
      edited.textContent = 'Updated';
      meta.append(edited);
    }
    bubble.append(meta);
    if (message.text) {
      const text = document.createElement('div');
      text.className = 'text';
      // <at>…</at> is Teams' mention markup: shown as a mention, everything else as markdown.
      const mention = /^<at>([^<]*)<\/at>\s*/.exec(message.text);
      if (mention) {
        const tag = document.createElement('span');
        tag.className = 'mention';
        tag.textContent = `@${mention[1]}`;
        text.append(tag, ' ', message.text.slice(mention[0].length));
      } else {
        text.innerHTML = renderMarkdown(message.text);
      }
      bubble.append(text);
    }
    const card = cardOf(message.attachments);
    if (card) bubble.append(renderCard(card, (action) => void this.onAction(action, message, bubble)));
    li.append(avatar, bubble);
    return li;
  }

  /** What Teams does on a card button. */
  async onAction(action, message, bubble) {
    const type = action.getJsonTypeName();
    if (type === 'Action.OpenUrl') {
      window.open(action.url, '_blank', 'noopener');
      return;
    }
    const opts = { replyToId: message.id, threadRoot: message.id };
    bubble.classList.add('busy');
    try {
      if (type === 'Action.Submit') {
        const data = action.data ?? {};
        if (data.msteams?.type === 'task/fetch') await this.dialog.fetch(this.where, data, opts);
        else await this.client.submit(this.where, data, opts);
        return;
      }
      if (type === 'Action.Execute') {
        const answer = await this.client.invoke(
          this.where,
          'adaptiveCard/action',
          {
            action: {
              type: 'Action.Execute',
              id: action.id ?? `${Date.now()}`,
              verb: action.verb,
              data: action.data ?? {},
            },
            trigger: 'manual',
          },
          opts,
        );
        this.onExecuteAnswer(answer, message);
        return;
      }
      console.error(`card action ${type} is not supported by the playground`);
    } catch (err) {
      console.error(err);
      this.notify(`The bot did not answer: ${err.message}`, 'error');
    } finally {
      bubble.classList.remove('busy');
    }
  }

  /** Action.Execute's answer: a card replaces the one clicked; a message is shown; an error is told. */
  onExecuteAnswer(answer, message) {
    if (answer?.type === CARD) {
      const current = this.items.get(message.id)?.message ?? message;
      this.upsert({ ...current, attachments: [{ contentType: CARD, content: answer.value }] });
    } else if (answer?.type === 'application/vnd.microsoft.activity.message') {
      this.notify(String(answer.value), 'info');
    } else if (answer?.type === 'application/vnd.microsoft.error') {
      this.notify(String(answer.value?.message ?? 'The bot refused this action.'), 'error');
    }
  }
}
