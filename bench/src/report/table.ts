import type { TableRow } from '../support/context.js';

/** The run's figures as an aligned text table, one line per measured figure. */
export function formatTable(rows: readonly TableRow[]): string {
  const header = ['scenario', 'metric', 'ledgersync', 'floor', 'ratio', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.scenario,
    row.metric,
    row.ledgersync,
    row.floor,
    row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    row.goal,
    row.met === undefined ? '—' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** The same rows as a Markdown table (for docs/benchmarks.md). */
export function formatMarkdownTable(rows: readonly TableRow[]): string {
  const cell = (value: string) => value.replaceAll('|', '\\|');
  return [
    '| scenario | metric | ledgersync | floor | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${cell(row.scenario)} | ${cell(row.metric)} | ${cell(row.ledgersync)} | ${cell(row.floor)} | ${row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`} | ${cell(row.goal)} | ${row.met === undefined ? '—' : row.met ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
