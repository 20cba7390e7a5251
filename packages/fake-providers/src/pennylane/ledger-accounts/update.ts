import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../../shared/http.js';
import { failure, json, PennylaneError, type PennylaneAnswer } from '../answers.js';
import { MESSAGES } from '../messages.js';
import type { HandlerContext } from '../routes.js';
import type { LedgerAccountStore } from './store.js';

// "Update a ledger account" takes label and letterable; enabled since November 2026 (changelog).
const FIELDS = ['label', 'letterable', 'enabled'] as const;

/**
 * `PUT /ledger_accounts/{id}`: a new label, or the account enabled or disabled. Its number, VAT
 * rate and country stay (they are not update fields); `updated_at` moves on when timestamps are on.
 */
export function updateLedgerAccount(
  req: FastifyRequest,
  context: HandlerContext,
  company: LedgerAccountStore | undefined,
  settings: { unknownKeys: 'ignore' | 'reject'; timestamps: boolean },
): PennylaneAnswer {
  const raw = (req.params as { id?: string }).id ?? '';
  const account = /^\d+$/.test(raw) ? company?.records.get(Number(raw)) : undefined;
  if (account === undefined || company === undefined) return failure(404, MESSAGES.notFound);
  const text = rawBody(req);
  let body: Record<string, unknown> = {};
  if (mediaType(req) === 'application/json' && text !== undefined && text.trim() !== '') {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new PennylaneError(failure(400, MESSAGES.invalidJson));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PennylaneError(failure(400, MESSAGES.notAnObject));
  }
  const unknown = Object.keys(body).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0 && settings.unknownKeys === 'reject') return failure(400, MESSAGES.unknownKeys(unknown));
  const { label, letterable, enabled } = body;
  if (label !== undefined && typeof label !== 'string') return failure(400, MESSAGES.wrongType('label', 'a string'));
  if (letterable !== undefined && typeof letterable !== 'boolean') return failure(400, MESSAGES.wrongType('letterable', 'a boolean'));
  if (enabled !== undefined && typeof enabled !== 'boolean') return failure(400, MESSAGES.wrongType('enabled', 'a boolean'));
  if (typeof label === 'string' && label.trim() === '') return failure(422, MESSAGES.blank('Label'));
  const updated = {
    ...account,
    ...(typeof label === 'string' ? { label: label.trim() } : {}),
    ...(typeof enabled === 'boolean' ? { enabled } : {}),
    ...(settings.timestamps ? { updated_at: new Date(context.now).toISOString() } : {}),
  };
  company.rewrite(updated);
  return json(200, updated);
}
