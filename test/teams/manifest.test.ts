import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Ajv, ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loaded } from '../support/budgets.js';
import { buildTeamsPackage, fillManifest } from '../../scripts/package-teams.js';
import { parseCommand } from '../../src/teams/command-text.js';
import { SCHEMAS } from '../support/teams/adaptive-card-schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST_DIR = path.join(ROOT, 'manifests/teams');
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

type Manifest = any;

// ajv-draft-04 is CommonJS (`module.exports = Ajv`); its typings declare only a default export.
const AjvDraft04 = createRequire(import.meta.url)('ajv-draft-04') as new (opts: object) => Ajv;

async function manifestValidator() {
  const schema = JSON.parse(await readFile(path.join(SCHEMAS, 'teams-manifest-v1.19.schema.json'), 'utf8'));
  // strict off: the official schema uses keywords (deprecationMessage, …) that Ajv does not define.
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  const validate = ajv.compile(schema);
  return (m: unknown) => {
    const ok = validate(m);
    return { ok, errors: (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`) };
  };
}

const readPng = async (file: string | Buffer) => PNG.sync.read(typeof file === 'string' ? await readFile(file) : file);

function alphaAt(png: PNG, x: number, y: number) {
  return png.data[(y * png.width + x) * 4 + 3]!;
}

describe('Teams app manifest and package', () => {
  it('the committed manifest validates against the official v1.19 schema (draft-04)', async () => {
    const validate = await manifestValidator();
    const manifest: Manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    expect(validate(manifest)).toEqual({ ok: true, errors: [] });
    expect(manifest.manifestVersion).toBe('1.19');
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.validDomains.length).toBeGreaterThan(0);
  });

  it('the schema check is real: it refuses a lower-case groupchat scope and unknown members', async () => {
    const validate = await manifestValidator();
    const manifest: Manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['groupchat'] }] }).ok).toBe(false);
    expect(validate({ ...manifest, botEndpoint: 'x' }).ok).toBe(false);
  });

  it('every manifest command is one the bot understands', async () => {
    const manifest: Manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    const titles: string[] = manifest.bots[0].commandLists.flatMap((l: Manifest) =>
      l.commands.map((c: Manifest) => c.title),
    );
    expect(titles).toContain('aco-connect');
    for (const t of titles) expect(parseCommand(t).command).not.toBe('unknown');
    const team = manifest.bots[0].commandLists.find((l: Manifest) => l.scopes.includes('team'));
    expect(team.commands.map((c: Manifest) => c.title)).toContain('aco-connect admin-channel');
  });

  it('color.png is a 192×192 opaque icon', async () => {
    const png = await readPng(path.join(MANIFEST_DIR, 'color.png'));
    expect([png.width, png.height]).toEqual([192, 192]);
    let translucent = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) translucent++;
    expect(translucent).toBe(0);
    // Not a blank square: the glyph is there.
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect(colours.size).toBeGreaterThan(2);
  });

  it('outline.png is 32×32, white on a transparent background', async () => {
    const png = await readPng(path.join(MANIFEST_DIR, 'outline.png'));
    expect([png.width, png.height]).toEqual([32, 32]);
    let opaque = 0;
    let clear = 0;
    let notWhite = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const a = png.data[i + 3]!;
      if (a > 0 && (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255)) notWhite++;
      if (a === 255) opaque++;
      if (a === 0) clear++;
    }
    expect(notWhite).toBe(0);
    expect(opaque).toBeGreaterThan(20);
    expect(clear).toBeGreaterThan(200);
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const)
      expect(alphaAt(png, x, y)).toBe(0);
  });

  it('buildTeamsPackage fills in the bot id and host and zips manifest and icons at the root', async () => {
    const result = await buildTeamsPackage({ appId: APP_ID, publicBaseUrl: 'https://aco.contoso.example/' });
    if (!result.ok) throw new Error(result.problems.join());
    const zip = await JSZip.loadAsync(result.zip);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest: Manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['aco.contoso.example']);
    expect(manifest.developer.websiteUrl).toBe('https://aco.contoso.example/');
    expect((await manifestValidator())(manifest)).toEqual({ ok: true, errors: [] });
    const color = await readPng(await zip.file('color.png')!.async('nodebuffer'));
    const outline = await readPng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([color.width, outline.width]).toEqual([192, 32]);
  });

  it('per deployment: its own app id (derived from the bot id, or TEAMS_APP_ID), package.json version, no port in validDomains', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    const template = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    const a = fillManifest(template, { appId: APP_ID, publicBaseUrl: 'https://aco.contoso.example:8443/base/' });
    const again = fillManifest(template, { appId: APP_ID, publicBaseUrl: 'https://aco.contoso.example:8443/base/' });
    const other = fillManifest(template, {
      appId: '11111111-2222-4333-8444-555555555555',
      publicBaseUrl: 'https://aco.contoso.example',
    });
    expect(a.problems).toEqual([]);
    expect(a.manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.manifest.id).toBe(again.manifest.id);
    expect(a.manifest.id).not.toBe(other.manifest.id);
    expect(a.manifest.id).not.toBe(template.id);
    expect(a.manifest.version).toBe(pkg.version);
    expect(a.manifest.validDomains).toEqual(['aco.contoso.example']);
    expect(a.manifest.developer).toMatchObject({
      privacyUrl: 'https://aco.contoso.example:8443/base/privacy',
      termsOfUseUrl: 'https://aco.contoso.example:8443/base/terms',
    });
    expect((await manifestValidator())(a.manifest)).toEqual({ ok: true, errors: [] });

    const given = fillManifest(template, {
      appId: APP_ID,
      publicBaseUrl: 'https://aco.contoso.example',
      teamsAppId: '0d6c2a4e-1b3f-4c5d-8e7f-9a0b1c2d3e4f',
      privacyUrl: 'https://contoso.example/privacy',
      termsUrl: 'https://contoso.example/terms',
    });
    expect(given.manifest.id).toBe('0d6c2a4e-1b3f-4c5d-8e7f-9a0b1c2d3e4f');
    expect(given.manifest.developer).toMatchObject({
      privacyUrl: 'https://contoso.example/privacy',
      termsOfUseUrl: 'https://contoso.example/terms',
    });
    expect(
      fillManifest(template, { appId: APP_ID, publicBaseUrl: 'https://a.example', teamsAppId: 'x' }).problems,
    ).toEqual(['TEAMS_APP_ID: must be a GUID']);
  });

  it('asks only for the permissions the bot uses', async () => {
    const manifest: Manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toEqual(['identity']);
  });

  it('refuses to package without a GUID bot id or a base URL, naming the variables', () => {
    const template = { bots: [{ botId: 'x' }], developer: {} };
    const missing = fillManifest(template, { appId: undefined, publicBaseUrl: undefined });
    expect(missing.problems.map((p) => p.split(':')[0])).toEqual(['MicrosoftAppId', 'PUBLIC_BASE_URL']);
    expect(fillManifest(template, { appId: 'not-a-guid', publicBaseUrl: 'https://a.example' }).problems[0]).toMatch(
      /GUID/,
    );
    expect(fillManifest(template, { appId: APP_ID, publicBaseUrl: 'http://localhost:3000' }).warnings[0]).toMatch(
      /https/,
    );
  });

  it('npm run package:teams writes the zip from the environment, and fails clearly without it', {
    timeout: loaded(30_000),
  }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aco-teams-pkg-'));
    const run = promisify(execFile);
    const out = path.join(dir, 'app.zip');
    // Run from the temp dir so a developer's .env does not leak into the test; npm --prefix finds the project.
    const base = { ...process.env, MicrosoftAppId: '', PUBLIC_BASE_URL: '' };
    try {
      const ok = await run('npm', ['run', '-s', '--prefix', ROOT, 'package:teams', '--', '--out', out], {
        cwd: dir,
        env: { ...base, MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://bot.fabrikam.example' },
      });
      expect(ok.stdout).toContain(`bot ${APP_ID}`);
      const zip = await JSZip.loadAsync(await readFile(out));
      expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      expect(JSON.parse(await zip.file('manifest.json')!.async('string')).validDomains).toEqual([
        'bot.fabrikam.example',
      ]);

      const failed = await run(
        'npm',
        ['run', '-s', '--prefix', ROOT, 'package:teams', '--', '--out', path.join(dir, 'no.zip')],
        {
          cwd: dir,
          env: base,
        },
      ).catch((err: { code: number; stderr: string }) => err);
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stderr: string }).stderr).toContain('MicrosoftAppId');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
