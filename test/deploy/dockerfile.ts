import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Copy, DockerfileParser, type Env } from 'dockerfile-ast';

/** The repository's Dockerfile, read by stage, so tests run what the image runs. */
export interface DockerfileStage {
  name: string;
  image: string;
  /** RUN instructions, shell form, as written. */
  runs: string[];
  /** COPY sources from the build context (not --from another stage). */
  contextCopies: string[];
  env: Record<string, string>;
  user?: string;
  /** Exec form only (a JSON array), as a shell form would put a shell in front of Node. */
  cmd?: string[];
  healthcheck?: string[];
}

export const root = path.resolve(import.meta.dirname, '../..');
export const readDockerfileText = () => readFileSync(path.join(root, 'Dockerfile'), 'utf8');

export function readDockerfile(text = readDockerfileText()): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const keyword = ins.getKeyword();
    const content = ins.getArgumentsContent() ?? '';
    if (keyword === 'FROM') {
      const [image, , name] = content.split(/\s+/);
      stages.push({ name: name ?? String(stages.length), image, runs: [], contextCopies: [], env: {} });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (keyword === 'RUN') stage.runs.push(content.replace(/\s+/g, ' ').trim());
    if (keyword === 'COPY' && !(ins as Copy).getFlags().some((f) => f.getName() === 'from')) {
      stage.contextCopies.push(...content.split(/\s+/).slice(0, -1));
    }
    if (keyword === 'ENV') for (const p of (ins as Env).getProperties()) stage.env[p.getName()] = p.getValue() ?? '';
    if (keyword === 'USER') stage.user = content.trim();
    if (keyword === 'CMD') stage.cmd = JSON.parse(content);
    if (keyword === 'HEALTHCHECK') stage.healthcheck = JSON.parse(content.replace(/^.*?\bCMD\s+/s, ''));
  }
  return stages;
}
