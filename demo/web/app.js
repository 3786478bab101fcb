// The playground page: a Teams-shaped client for the real aco-connect bot. It sends activities to
// POST /api/messages and shows what the bot sends to the local connector (server-sent events).
import { ChatPane } from './chat-pane.js';
import { AcoPanel, CcaasPanel } from './side-panels.js';
import { TaskDialog } from './task-dialog.js';
import { TeamsClient } from './teams-client.js';

const toast = document.getElementById('toast');
let toastTimer;
function notify(text, tone = 'info') {
  toast.textContent = text;
  toast.dataset.tone = tone;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, 8000);
}

async function main() {
  const config = await (await fetch('/demo/config.json')).json();
  document.getElementById('listen').textContent = new URL(config.listen).host;
  document.getElementById('me').textContent = `${config.user.name} · Teams admin`;
  document.getElementById('channel-title').textContent =
    `${config.adminChannel.teamName} › ${config.adminChannel.name}`;

  const client = new TeamsClient(config);
  const dialog = new TaskDialog({ element: document.getElementById('task-dialog'), client, notify });
  const personal = new ChatPane({
    root: document.getElementById('personal'),
    where: 'personal',
    client,
    dialog,
    notify,
  });
  const channel = new ChatPane({
    root: document.getElementById('admin-channel'),
    where: 'channel',
    client,
    dialog,
    notify,
  });
  const ccaas = new CcaasPanel(document.getElementById('ccaas'));
  const aco = new AcoPanel(document.getElementById('aco'), notify);

  const paneOf = (conversationId) =>
    conversationId === config.personalConversation
      ? personal
      : conversationId === config.adminChannel.id
        ? channel
        : undefined;

  for (const button of document.querySelectorAll('.suggestions button')) {
    button.addEventListener('click', () => void personal.send(button.dataset.command));
  }

  const events = new EventSource('/demo/events');
  events.addEventListener('snapshot', (e) => {
    const snap = JSON.parse(e.data);
    personal.replace(snap.conversations[config.personalConversation] ?? []);
    channel.replace(snap.conversations[config.adminChannel.id] ?? []);
    ccaas.replace(snap.ccaas);
    document.body.dataset.connected = 'true';
  });
  for (const type of ['message', 'update']) {
    events.addEventListener(type, (e) => {
      const message = JSON.parse(e.data);
      paneOf(message.conversationId)?.upsert(message);
      // A sign-in or a save changes what ACO holds.
      void aco.load();
    });
  }
  events.addEventListener('ccaas-delivery', (e) => ccaas.delivery(JSON.parse(e.data)));
  events.addEventListener('ccaas-read', (e) => ccaas.read(JSON.parse(e.data)));
  events.addEventListener('aco', (e) => aco.show(JSON.parse(e.data)));

  await Promise.all([ccaas.ask(), aco.load()]);
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  console.error(err);
  notify(`The playground could not start: ${err.message}`, 'error');
});
