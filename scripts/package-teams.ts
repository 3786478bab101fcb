/**
 * `npm run package:teams`: the Teams app package to sideload or upload. Fills into
 * manifests/teams/manifest.json: the app id (TEAMS_APP_ID, or a GUID derived from MicrosoftAppId, so every
 * deployment has its own and rebuilding keeps it), the version (package.json), the bot id (MicrosoftAppId),
 * the public host (PUBLIC_BASE_URL, without port, in validDomains) and the privacy and terms pages
 * (TEAMS_PRIVACY_URL / TEAMS_TERMS_URL, or the ones aco-connect serves at /privacy and /terms); zips it with both
 * icons at the root. Options: `--out FILE` (default ./aco-connect-teams.zip).
 */
import 'dotenv/config';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const MANIFEST_DIR = fileURLToPath(new URL('../manifests/teams/', import.meta.url));
const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));

/** A name-based (version 5, RFC 9562) UUID of the bot id: the same deployment always gets the same app id. */
export function appIdFor(botId: string): string {
  const namespace = Buffer.from('6f3d2a10c4b84e5f9a7be1d2c3b4a596', 'hex'); // aco-connect's own namespace
  const hash = createHash('sha1').update(namespace).update(`teams-app:${botId.toLowerCase()}`).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface PackageInput {
  /** MicrosoftAppId: the Azure Bot's app id. */
  appId: string | undefined;
  /** PUBLIC_BASE_URL: where Teams and browsers reach aco-connect. */
  publicBaseUrl: string | undefined;
  /** TEAMS_APP_ID: the manifest id; derived from appId when absent. */
  teamsAppId?: string;
  /** TEAMS_PRIVACY_URL / TEAMS_TERMS_URL; the pages aco-connect serves when absent. */
  privacyUrl?: string;
  termsUrl?: string;
  /** The app version; package.json's when absent. */
  version?: string;
  manifestDir?: string;
}

export type PackageResult =
  | { ok: true; zip: Buffer; manifest: Record<string, unknown>; warnings: string[] }
  | { ok: false; problems: string[] };

/** Fills the template from the environment's values; refuses what Teams would refuse, naming the variable. */
export function fillManifest(
  template: Record<string, unknown>,
  input: PackageInput,
): { manifest: Record<string, unknown>; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!input.appId) problems.push("MicrosoftAppId: is required (the Azure Bot registration's Microsoft App ID)");
  else if (!GUID.test(input.appId))
    problems.push('MicrosoftAppId: must be a GUID such as 12345678-90ab-cdef-1234-567890abcdef');
  let base: URL | undefined;
  if (!input.publicBaseUrl)
    problems.push('PUBLIC_BASE_URL: is required (the https address Teams reaches aco-connect at)');
  else if (!URL.canParse(input.publicBaseUrl))
    problems.push('PUBLIC_BASE_URL: must be a URL such as https://aco-connect.example.com');
  else {
    base = new URL(input.publicBaseUrl);
    if (base.protocol !== 'https:')
      warnings.push('PUBLIC_BASE_URL is not https: Teams accepts only https messaging endpoints outside local testing');
  }
  if (input.teamsAppId && !GUID.test(input.teamsAppId)) problems.push('TEAMS_APP_ID: must be a GUID');
  for (const [name, value] of [
    ['TEAMS_PRIVACY_URL', input.privacyUrl],
    ['TEAMS_TERMS_URL', input.termsUrl],
  ] as const)
    if (value && (!URL.canParse(value) || new URL(value).protocol !== 'https:'))
      problems.push(`${name}: must be an https URL`);
  const version = input.version ?? (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  const manifest = structuredClone(template) as Record<string, any>;
  manifest.version = version;
  if (input.appId && base) {
    const origin = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
    manifest.id = input.teamsAppId ?? appIdFor(input.appId);
    manifest.bots[0].botId = input.appId;
    // A domain, never a port (Teams refuses host:port in validDomains).
    manifest.validDomains = [base.hostname];
    manifest.developer = {
      ...manifest.developer,
      websiteUrl: `${origin}/`,
      privacyUrl: input.privacyUrl ?? `${origin}/privacy`,
      termsOfUseUrl: input.termsUrl ?? `${origin}/terms`,
    };
  }
  return { manifest, problems, warnings };
}

export async function buildTeamsPackage(input: PackageInput): Promise<PackageResult> {
  const dir = input.manifestDir ?? MANIFEST_DIR;
  const template = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const { manifest, problems, warnings } = fillManifest(template, input);
  if (problems.length) return { ok: false, problems };
  const zip = new JSZip();
  // Teams wants the three files at the root of the archive, no folder.
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file('color.png', readFileSync(path.join(dir, 'color.png')));
  zip.file('outline.png', readFileSync(path.join(dir, 'outline.png')));
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { ok: true, zip: buffer, manifest, warnings };
}

async function main(): Promise<void> {
  const outIdx = process.argv.indexOf('--out');
  const out = path.resolve(
    outIdx > 0 && process.argv[outIdx + 1] ? process.argv[outIdx + 1]! : 'aco-connect-teams.zip',
  );
  const result = await buildTeamsPackage({
    appId: process.env.MicrosoftAppId?.trim(),
    publicBaseUrl: process.env.PUBLIC_BASE_URL?.trim(),
    teamsAppId: process.env.TEAMS_APP_ID?.trim() || undefined,
    privacyUrl: process.env.TEAMS_PRIVACY_URL?.trim() || undefined,
    termsUrl: process.env.TEAMS_TERMS_URL?.trim() || undefined,
  });
  if (!result.ok) {
    process.stderr.write(
      `Cannot build the Teams package; set these (in .env or the environment):\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  writeFileSync(out, result.zip);
  process.stdout.write(
    `wrote ${out} (app ${String(result.manifest.id)} version ${String(result.manifest.version)}, bot ${String((result.manifest.bots as { botId: string }[])[0]!.botId)}, host ${String((result.manifest.validDomains as string[])[0])})\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    process.stderr.write(`package:teams failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
