import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../shared/http.js';
import { ZohoError, invalidField, zohoError } from './answers.js';
import { ZOHO_ERRORS } from './messages.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON object of a write, as Zoho Books reads it: a JSON body, or (Zoho's older style, still
 * served) a form whose `JSONString` field holds the JSON. Without either, Zoho finds no
 * `JSONString`; text that does not parse as a JSON object is "not well formed".
 */
export function readJsonObject(req: FastifyRequest): Record<string, unknown> {
  const type = mediaType(req);
  let text: string | null | undefined;
  if (type === 'application/json') text = rawBody(req);
  else if (type === 'application/x-www-form-urlencoded') text = new URLSearchParams(rawBody(req) ?? '').get('JSONString');
  if (text === undefined || text === null || text.trim() === '') throw invalidField('JSONString');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ZohoError(zohoError(400, ZOHO_ERRORS.malformedJson));
  }
  if (!isRecord(parsed)) throw new ZohoError(zohoError(400, ZOHO_ERRORS.malformedJson));
  return parsed;
}
