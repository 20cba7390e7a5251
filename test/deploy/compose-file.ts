import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The part of the Compose specification docker-compose.yml uses. */
export interface ComposeService {
  image?: string;
  build?: string | { context: string };
  command?: string[];
  restart?: string;
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  container_name?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadComposeFile(): ComposeFile {
  // Compose files use YAML 1.1 merge keys (`<<: *service-env`).
  return parse(readFileSync(repoFile('docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * Compose's variable interpolation, as the operator's shell would feed it: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}`, `${VAR?message}` and `$$`. A missing required variable throws
 * with its message, as `docker compose` refuses to start.
 */
export function interpolate(value: string, operatorEnv: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (match, name?: string, operator?: string, argument = '') => {
      if (match === '$$' || name === undefined) return '$';
      const set = operatorEnv[name];
      const present = operator?.startsWith(':') ? Boolean(set) : set !== undefined;
      if (present) return set as string;
      if (operator?.endsWith('?')) throw new Error(`${name}: ${argument}`);
      return operator?.endsWith('-') ? argument : '';
    },
  );
}

/** A service's environment with every value interpolated, as the process receives it. */
export function environmentOf(service: ComposeService, operatorEnv: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), operatorEnv)]),
  );
}

/** Compose durations: "1m30s", "35s", "500ms" → milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) throw new Error(`not a compose duration: ${text}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (units[unit as string] ?? Number.NaN), 0);
}

/** The names of the settings a zod env schema knows: an object's keys, or those of a piped object's input. */
export function settingNames(schema: object): string[] {
  if ('shape' in schema && typeof schema.shape === 'object' && schema.shape) return Object.keys(schema.shape);
  if ('in' in schema && typeof schema.in === 'object' && schema.in) return settingNames(schema.in);
  throw new Error('not a zod object schema (or a transform of one)');
}
