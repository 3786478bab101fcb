/**
 * `npm run package:teams`: the Teams app package to sideload or upload. Fills the bot id
 * (MicrosoftAppId) and the public host (PUBLIC_BASE_URL) into manifests/teams/manifest.json and zips it
 * with both icons at the root. Options: `--out FILE` (default ./aco-connect-teams.zip).
 */
import 'dotenv/config';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const MANIFEST_DIR = fileURLToPath(new URL('../manifests/teams/', import.meta.url));
const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

export interface PackageInput {
  /** MicrosoftAppId: the Azure Bot's app id. */
  appId: string | undefined;
  /** PUBLIC_BASE_URL: where Teams and browsers reach aco-connect. */
  publicBaseUrl: string | undefined;
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
  const manifest = structuredClone(template) as Record<string, any>;
  if (input.appId && base) {
    const origin = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
    manifest.bots[0].botId = input.appId;
    manifest.validDomains = [base.host];
    manifest.developer = {
      ...manifest.developer,
      websiteUrl: `${origin}/`,
      privacyUrl: `${origin}/privacy`,
      termsOfUseUrl: `${origin}/terms`,
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
    `wrote ${out} (bot ${String((result.manifest.bots as { botId: string }[])[0]!.botId)}, host ${String((result.manifest.validDomains as string[])[0])})\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    process.stderr.write(`package:teams failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
