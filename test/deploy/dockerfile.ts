import { readFileSync } from 'node:fs';
import { repoFile } from './compose-file.js';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  /** The image or earlier stage it starts from, as written (`${NODE_IMAGE}`, `deps`). */
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions: comments dropped, continuation lines joined. */
export function loadDockerfile(): Stage[] {
  const text = readFileSync(repoFile('Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
  const instructions = lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): Instruction => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The arguments of a stage's last `keyword` instruction (the one that takes effect). */
export function lastOf(stage: Stage, keyword: string): string | undefined {
  return stage.instructions.findLast((instruction) => instruction.keyword === keyword)?.args;
}

/** An exec-form argument list: `["node", "-e", "…"]`; HEALTHCHECK's options and `CMD` come first. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}
