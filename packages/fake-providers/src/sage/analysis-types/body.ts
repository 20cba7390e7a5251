import type { SageAnswer, SageDiagnosis } from '../answers.js';
import { diagnosis, recordInvalid } from '../answers.js';
import { MESSAGES } from '../ledger-accounts/messages.js';

type Kind = 'string' | 'strings';

/** A body's attributes under its root, each of its kind; unknown attributes refused, naming them. */
export function readRoot(
  text: string | undefined,
  root: string,
  kinds: Readonly<Record<string, Kind>>,
  required: readonly string[],
): { ok: true; input: Record<string, string | string[]> } | { ok: false; answer: SageAnswer } {
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return { ok: false, answer: recordInvalid([diagnosis('RecordInvalid', MESSAGES.invalidJson)]) };
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[root] : undefined;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { ok: false, answer: recordInvalid([diagnosis('RecordInvalid', MESSAGES.missingRoot(root), root)]) };
  }
  const problems: SageDiagnosis[] = [];
  const input: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(fields)) {
    const kind = kinds[key];
    if (!kind) problems.push(diagnosis('RecordInvalid', MESSAGES.unknownAttribute(key), key));
    else if (kind === 'string' && typeof value === 'string') input[key] = value;
    else if (kind === 'strings' && Array.isArray(value) && value.every((v) => typeof v === 'string')) input[key] = value as string[];
    else if (value !== null) problems.push(diagnosis('RecordInvalid', MESSAGES.notString, key));
  }
  for (const key of required) {
    const value = input[key];
    if (!problems.some((p) => p.$source === key) && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
      problems.push(diagnosis('RecordInvalid', MESSAGES.required, key));
    }
  }
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string' && value.trim() === '' && !problems.some((p) => p.$source === key)) {
      problems.push(diagnosis('RecordInvalid', MESSAGES.required, key));
    }
  }
  return problems.length > 0 ? { ok: false, answer: recordInvalid(problems) } : { ok: true, input };
}
