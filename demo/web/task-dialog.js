// Teams dialogs (task modules): task/fetch opens one with the bot's card, the card's Action.Submit sends
// task/submit, and the bot's answer keeps it open (a card or a message) or closes it (an empty answer).
import { renderCard } from './cards.js';

export class TaskDialog {
  constructor({ element, client, notify }) {
    this.element = element;
    this.client = client;
    this.notify = notify;
    this.title = element.querySelector('#dialog-title');
    this.body = element.querySelector('#dialog-body');
    element.querySelector('#dialog-close').addEventListener('click', () => this.close());
    this.context = undefined;
  }

  async fetch(where, data, opts) {
    this.context = { where, opts };
    const answer = await this.client.invoke(where, 'task/fetch', { data, context: { theme: 'default' } }, opts);
    this.show(answer);
  }

  show(answer) {
    const task = answer?.task;
    if (!task) return this.close();
    this.body.replaceChildren();
    if (task.type === 'continue') {
      this.title.textContent = task.value?.title ?? 'aco-connect';
      const card = task.value?.card?.content;
      if (card) this.body.append(renderCard(card, (action) => void this.submit(action)));
    } else if (task.type === 'message') {
      this.title.textContent = 'aco-connect';
      const p = document.createElement('p');
      p.className = 'dialog-message';
      p.textContent = String(task.value ?? '');
      this.body.append(p);
    }
    if (!this.element.open) this.element.showModal();
  }

  async submit(action) {
    if (action.getJsonTypeName() !== 'Action.Submit') {
      console.error(`${action.getJsonTypeName()} inside a dialog is not supported by the playground`);
      return;
    }
    const { where, opts } = this.context ?? { where: 'personal', opts: {} };
    this.element.classList.add('busy');
    try {
      const answer = await this.client.invoke(
        where,
        'task/submit',
        { data: action.data ?? {}, context: { theme: 'default' } },
        { threadRoot: opts.threadRoot },
      );
      this.show(answer);
    } catch (err) {
      console.error(err);
      this.notify(`The bot did not answer: ${err.message}`, 'error');
    } finally {
      this.element.classList.remove('busy');
    }
  }

  close() {
    if (this.element.open) this.element.close();
    this.body.replaceChildren();
  }
}
