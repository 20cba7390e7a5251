import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../../shared/http.js';
import { failure, PennylaneError } from '../answers.js';
import { MESSAGES } from '../messages.js';

/** The create body's fields, blank ones (absent, null) left undefined. */
export interface LedgerAccountInput {
  number?: string;
  label?: string;
  vat_rate?: string;
  country_alpha2?: string;
}

const FIELDS = ['number', 'label', 'vat_rate', 'country_alpha2'] as const;

function badRequest(message: string): PennylaneError {
  return new PennylaneError(failure(400, message));
}

/**
 * Reads `POST /ledger_accounts`' body as Rails reads params: only a JSON body is parsed (any
 * other media type leaves the params empty, so the account is then refused for its blank
 * fields); a JSON integer `number` is taken as its digits, as Rails casts it. Wrong JSON types are
 * a 400; keys Pennylane does not take are dropped, or refused with `unknownKeys: 'reject'`.
 */
export function parseCreateBody(req: FastifyRequest, unknownKeys: 'ignore' | 'reject'): LedgerAccountInput {
  const text = rawBody(req);
  if (mediaType(req) !== 'application/json' || text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(MESSAGES.invalidJson);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(MESSAGES.notAnObject);
  const body = parsed as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0 && unknownKeys === 'reject') throw badRequest(MESSAGES.unknownKeys(unknown));

  const input: LedgerAccountInput = {};
  for (const field of FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (field === 'number' && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) input.number = String(value);
    else if (typeof value === 'string') input[field] = value;
    else throw badRequest(MESSAGES.wrongType(field, 'a string'));
  }
  return input;
}
