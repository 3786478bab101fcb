import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './blocks/text.js';

/** The admin's DM with the bot: a message there can be updated later, an ephemeral one cannot. */
export async function openDm(client: webApi.WebClient, userId: string): Promise<string> {
  const res = await client.conversations.open({ users: userId });
  const id = res.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

export interface MessageRef {
  channel: string;
  ts: string;
}

export async function postMessage(
  client: webApi.WebClient,
  channel: string,
  message: SlackMessage,
): Promise<MessageRef> {
  const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  if (!res.ts || !res.channel) throw new Error('chat.postMessage returned no ts');
  return { channel: res.channel, ts: res.ts };
}

export async function updateMessage(client: webApi.WebClient, ref: MessageRef, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
}

export async function postDm(client: webApi.WebClient, userId: string, message: SlackMessage): Promise<MessageRef> {
  return postMessage(client, await openDm(client, userId), message);
}
