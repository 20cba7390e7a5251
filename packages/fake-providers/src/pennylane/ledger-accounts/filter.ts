import { failure, PennylaneError } from '../answers.js';
import { MESSAGES } from '../messages.js';
import type { PennylaneLedgerAccount } from './types.js';

type Predicate = (account: PennylaneLedgerAccount) => boolean;

const COMPARISONS = ['eq', 'not_eq', 'lt', 'lteq', 'gt', 'gteq'] as const;
const LISTS = ['in', 'not_in'] as const;

/**
 * Fields and operators `GET /ledger_accounts` filters on: `id` with every comparison and list
 * operator, `number` with `eq` (added July 2025) and `start_with` (the chart prefix: `512` finds
 * every bank account), `enabled` with `eq`. Not `updated_at`: the reference lists no such filter
 * for ledger accounts (it does for ledger entries), so the fake refuses it as an unknown field.
 */
const ALLOWED: Record<string, readonly string[]> = {
  id: [...COMPARISONS, ...LISTS],
  number: ['eq', 'start_with'],
  enabled: ['eq'],
};

function invalid(detail: string): PennylaneError {
  return new PennylaneError(failure(400, MESSAGES.invalidFilter(detail)));
}

function integer(value: unknown): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(`id expects an integer, got ${JSON.stringify(value)}`);
  return number;
}

function idPredicate(operator: string, value: unknown): Predicate {
  if (operator === 'in' || operator === 'not_in') {
    if (!Array.isArray(value)) throw invalid(`${operator} expects an array`);
    const ids = new Set(value.map(integer));
    return operator === 'in' ? (a) => ids.has(a.id) : (a) => !ids.has(a.id);
  }
  const id = integer(value);
  const compare: Record<string, Predicate> = {
    eq: (a) => a.id === id,
    not_eq: (a) => a.id !== id,
    lt: (a) => a.id < id,
    lteq: (a) => a.id <= id,
    gt: (a) => a.id > id,
    gteq: (a) => a.id >= id,
  };
  return compare[operator] ?? (() => false);
}

function numberPredicate(operator: string, value: unknown): Predicate {
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid(`number expects a string, got ${JSON.stringify(value)}`);
  const text = String(value);
  return operator === 'eq' ? (a) => a.number === text : (a) => a.number.startsWith(text);
}

function enabledPredicate(value: unknown): Predicate {
  const enabled = value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;
  if (enabled === undefined) throw invalid(`enabled expects a boolean, got ${JSON.stringify(value)}`);
  return (a) => a.enabled === enabled;
}

/**
 * Compiles the `filter` query parameter, a JSON array of `{field, operator, value}` objects that
 * must all hold. Anything else (not JSON, an unknown field or operator, a value of the wrong kind)
 * is a 400.
 */
export function compileFilter(raw: string): Predicate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('filter must be a JSON array');
  }
  if (!Array.isArray(parsed)) throw invalid('filter must be a JSON array');
  const predicates = parsed.map((entry): Predicate => {
    if (typeof entry !== 'object' || entry === null) throw invalid('each filter must be an object with field, operator and value');
    const { field, operator, value } = entry as Record<string, unknown>;
    if (typeof field !== 'string' || !(field in ALLOWED)) throw invalid(`unsupported field ${JSON.stringify(field)}`);
    if (typeof operator !== 'string' || !ALLOWED[field]?.includes(operator)) {
      throw invalid(`unsupported operator ${JSON.stringify(operator)} for ${field}`);
    }
    if (field === 'enabled') return enabledPredicate(value);
    return field === 'id' ? idPredicate(operator, value) : numberPredicate(operator, value);
  });
  return (account) => predicates.every((predicate) => predicate(account));
}
