import { currentSession } from './session.js';

const out = (text: string) => currentSession().stdout(text);

/** Prints a result: one JSON object with --json, else aligned `key: value` lines. */
export function print(result: Record<string, unknown>, json: boolean): void {
  if (json) {
    out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  for (const [key, value] of Object.entries(result)) {
    out(`${key.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }
}

export function printRows(rows: Record<string, unknown>[], json: boolean): void {
  if (json) {
    out(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    out('(none)\n');
    return;
  }
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: unknown) =>
    value instanceof Date ? value.toISOString() : value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  out(`${line(columns)}\n`);
  for (const row of rows) out(`${line(columns.map((column) => cell(row[column])))}\n`);
}

/** A failure the user can fix: printed without a stack trace, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
