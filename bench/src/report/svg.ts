import type { ChartPair } from '../support/context.js';

const WIDTH = 880;
const LABEL_X = 16;
const BARS_X = 270;
const BARS_WIDTH = 400;
const RATIO_X = 860;
const TOP = 96;
const GROUP = 66;
const OURS = '#2563eb';
const FLOOR = '#9ca3af';

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function formatValue(value: number, unit: string): string {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 10) / 10);
  return `${shown} ${unit}`;
}

/**
 * A horizontal bar chart, written by hand: for each figure, ledgersync's bar above its floor's,
 * both scaled to the larger of the two, with the ratio ledgersync ÷ floor on the right.
 */
export function renderChart(pairs: readonly ChartPair[], subtitle: string): string {
  const height = TOP + pairs.length * GROUP + 24;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13" role="img">`,
    // What a screen reader (and an image's tooltip) says of the chart.
    `<title>${escapeXml(`ledgersync beside its floor, measured in the same run: ${pairs.map((pair) => `${pair.label} ${(pair.ledgersync / pair.floor).toFixed(2)}×`).join(', ')}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LABEL_X}" y="28" font-size="18" font-weight="600" fill="#111827">ledgersync beside its floor, measured in the same run</text>`,
    `<text x="${LABEL_X}" y="50" fill="#4b5563">${escapeXml(subtitle)}</text>`,
    `<rect x="${LABEL_X}" y="64" width="12" height="12" fill="${OURS}"/><text x="${LABEL_X + 18}" y="75" fill="#111827">ledgersync</text>`,
    `<rect x="${LABEL_X + 110}" y="64" width="12" height="12" fill="${FLOOR}"/><text x="${LABEL_X + 128}" y="75" fill="#111827">floor</text>`,
    `<text x="${RATIO_X}" y="75" text-anchor="end" fill="#4b5563">ledgersync ÷ floor</text>`,
  ];
  pairs.forEach((pair, i) => {
    const y = TOP + i * GROUP;
    const scale = BARS_WIDTH / Math.max(pair.ledgersync, pair.floor, Number.EPSILON);
    const bar = (value: number, top: number, color: string) => {
      const width = Math.max(1, value * scale);
      return [
        `<rect x="${BARS_X}" y="${top}" width="${width.toFixed(1)}" height="20" rx="2" fill="${color}"/>`,
        `<text x="${(BARS_X + width + 6).toFixed(1)}" y="${top + 15}" fill="#111827">${escapeXml(formatValue(value, pair.unit))}</text>`,
      ].join('');
    };
    const ratio = pair.ledgersync / pair.floor;
    parts.push(
      `<line x1="${LABEL_X}" x2="${WIDTH - 16}" y1="${y - 6}" y2="${y - 6}" stroke="#e5e7eb"/>`,
      `<text x="${LABEL_X}" y="${y + 16}" font-weight="600" fill="#111827">${escapeXml(pair.label)}</text>`,
      `<text x="${LABEL_X}" y="${y + 34}" font-size="11" fill="#6b7280">floor: ${escapeXml(pair.floorName)}</text>`,
      `<text x="${LABEL_X}" y="${y + 49}" font-size="11" fill="#6b7280">${pair.lowerIsBetter ? 'lower is better' : 'higher is better'}</text>`,
      bar(pair.ledgersync, y + 2, OURS),
      bar(pair.floor, y + 26, FLOOR),
      `<text x="${RATIO_X}" y="${y + 28}" text-anchor="end" font-size="16" font-weight="600" fill="#111827">${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'}×</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
