import { randomBytes } from 'node:crypto';

/** Sage ids (businesses, ledger accounts...): 32 lower-case hex characters. */
export function sageId(): string {
  return randomBytes(16).toString('hex');
}
