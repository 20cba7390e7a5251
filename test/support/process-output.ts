import type { ChildProcess } from 'node:child_process';

/** The lines a child process writes to stdout and stderr, collected as they come. */
export function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  let buffer = '';
  const collect = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return lines;
}
