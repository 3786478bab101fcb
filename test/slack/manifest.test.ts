import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../src/slack/ids.js';

const MANIFESTS = fileURLToPath(new URL('../../manifests/slack/', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/slack/', import.meta.url));
/** Official schemas vendored in the repository (test/schemas/README.md names their sources). */
const SCHEMAS = fileURLToPath(new URL('../schemas/', import.meta.url));

interface Manifest {
  _metadata: { major_version: number };
  features: {
    app_home: { home_tab_enabled?: boolean };
    slash_commands: Array<{ command: string; url?: string; usage_hint?: string }>;
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

async function validatorFor(major: number) {
  const schema = JSON.parse(await readFile(`${SCHEMAS}slack-manifest-v${major}.schema.json`, 'utf8')) as object;
  // The official schema carries a non-standard `regex` keyword; strict mode would refuse the schema itself.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

async function load(file: string): Promise<Manifest> {
  return parse(await readFile(`${MANIFESTS}${file}`, 'utf8')) as Manifest;
}

/** Web API method → bot scope it needs; a method missing here fails the test until it is added. */
const SCOPE_OF: Record<string, string | string[] | null> = {
  'auth.test': null,
  'apps.connections.open': null,
  'views.open': null,
  'views.update': null,
  'views.publish': null,
  'users.info': 'users:read',
  'conversations.open': 'im:write',
  // Public channels need channels:read, private ones groups:read (admin-channel checks membership in either).
  'conversations.info': ['channels:read', 'groups:read'],
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
};

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = `${dir}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await sourceFiles(`${p}/`)));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('manifests/slack', () => {
  it.each(['manifest.yaml', 'manifest.socket-mode.yaml'])(
    '%s is valid against the official schema of its major version',
    async (file) => {
      const manifest = await load(file);
      expect([1, 2]).toContain(manifest._metadata.major_version);
      const validate = await validatorFor(manifest._metadata.major_version);
      const valid = validate(manifest);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('the schema check catches a broken manifest (it can fail)', async () => {
    const manifest = (await load('manifest.yaml')) as unknown as Record<string, Record<string, unknown>>;
    const validate = await validatorFor(1);
    expect(
      validate({ ...manifest, display_information: { ...manifest.display_information, name: 'x'.repeat(36) } }),
    ).toBe(false);
    expect(
      validate({ ...manifest, features: { slash_commands: [{ command: 'aco-connect', description: 'no slash' }] } }),
    ).toBe(false);
  });

  it('declares the command with a usage hint and points Slack at POST /slack/events (HTTP mode)', async () => {
    const m = await load('manifest.yaml');
    expect(m.features.slash_commands).toHaveLength(1);
    const [cmd] = m.features.slash_commands;
    expect(cmd!.command).toBe(COMMAND);
    expect(cmd!.usage_hint).toBe('[status | history | disconnect | admin-channel [#channel] | help]');
    expect(new URL(cmd!.url!).pathname).toBe('/slack/events');
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: cmd!.url });
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('turns the Home tab on and subscribes to app_home_opened at the same request URL (HTTP mode)', async () => {
    const m = await load('manifest.yaml');
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.settings.event_subscriptions).toEqual({
      request_url: m.settings.interactivity.request_url,
      bot_events: ['app_home_opened'],
    });
  });

  it('the Socket Mode variant differs only by the switch and the absent request URLs', async () => {
    const http = await load('manifest.yaml');
    const socket = await load('manifest.socket-mode.yaml');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.interactivity).toEqual({ is_enabled: true });
    const { url: _url, ...cmd } = http.features.slash_commands[0]!;
    expect(socket.features.slash_commands).toEqual([cmd]);
    expect(socket.features.app_home).toEqual(http.features.app_home);
    expect(socket.oauth_config).toEqual(http.oauth_config);
    const { request_url: _events, ...events } = http.settings.event_subscriptions!;
    expect(socket.settings.event_subscriptions).toEqual(events);
  });

  it('asks for exactly the bot scopes the code uses, and no user scopes', async () => {
    const used = new Set<string>(['commands']);
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, 'utf8');
      for (const [, ns, method] of text.matchAll(
        /client!?\.(chat|users|conversations|views|auth|apps\.connections|reactions|files|team)\.(\w+)\(/g,
      )) {
        const name = `${ns}.${method}`;
        expect(SCOPE_OF, `scope of ${name} (used in ${file})`).toHaveProperty([name]);
        for (const scope of [SCOPE_OF[name] ?? []].flat()) used.add(scope);
      }
    }
    for (const file of ['manifest.yaml', 'manifest.socket-mode.yaml']) {
      const m = await load(file);
      expect(new Set(m.oauth_config.scopes.bot)).toEqual(used);
      expect(m.oauth_config.scopes.user).toBeUndefined();
    }
  });
});
