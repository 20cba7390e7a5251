import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './output.js';

/** Options whose value names a file the command reads (the user's file, on the user's machine). */
export const FILE_OPTIONS = ['--credentials-file'] as const;

/** Longest file a command reads: credentials are a few hundred bytes. */
export const MAX_FILE_CHARS = 100_000;

/** The file names given to {@link FILE_OPTIONS} on a command line, as typed (`--opt NAME` or `--opt=NAME`). */
export function filesNamedIn(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') break;
    for (const option of FILE_OPTIONS) {
      if (arg === option && argv[index + 1] !== undefined) names.push(argv[index + 1] as string);
      else if (arg.startsWith(`${option}=`)) names.push(arg.slice(option.length + 1));
    }
  }
  return names;
}

/** Reads a file named on the command line, relative to `cwd`; a failure names the file, never its contents. */
export function readNamedFile(cwd: string, name: string): string {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, name), 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text.length > MAX_FILE_CHARS) throw new CliError(`${name} is over ${MAX_FILE_CHARS} characters: not a credentials file`);
  return text;
}
