import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchReport } from './model.js';
import { renderMarkdown } from './render.js';

export const DOC_START = '<!-- bench:results:start -->';
export const DOC_END = '<!-- bench:results:end -->';

/** JSON and Markdown under the results directory, stamped and as latest.*; returns the paths. */
export async function writeResults(r: BenchReport, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(r, null, 2)}\n`;
  const md = `# aco-connect bench results\n\n${renderMarkdown(r)}\n`;
  const files = [
    [path.join(outDir, `bench-${stamp}.json`), json],
    [path.join(outDir, `bench-${stamp}.md`), md],
    [path.join(outDir, 'latest.json'), json],
    [path.join(outDir, 'latest.md'), md],
  ] as const;
  for (const [file, text] of files) await writeFile(file, text);
  return files.map(([f]) => f);
}

/** Replaces the figures between the markers in BENCHMARKS.md. */
export async function updateDoc(r: BenchReport, docPath: string): Promise<void> {
  const doc = await readFile(docPath, 'utf8');
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`${docPath} has no ${DOC_START} … ${DOC_END} section`);
  await writeFile(docPath, `${doc.slice(0, start + DOC_START.length)}\n${renderMarkdown(r)}\n${doc.slice(end)}`);
}
