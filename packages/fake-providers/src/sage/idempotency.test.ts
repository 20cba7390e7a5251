import { describe, expect, it } from 'vitest';
import { diagnosis, recordInvalid } from './answers.js';
import type { SageAnswer } from './answers.js';
import { IdempotencyLedger } from './idempotency.js';
import type { IdempotentWrite } from './idempotency.js';

const KEY = 'c3a8adaa26daf36e02f3c672b69e3323';
const BUSINESS = '0d40342d0287cd6b13555c54afca6c90';

function write(resource: string, body: Record<string, unknown>, now = 0): IdempotentWrite {
  return { businessId: BUSINESS, now, resource, method: 'POST', path: `/v3.1/${resource}s`, text: JSON.stringify({ [resource]: body }) };
}

/** A write that counts its runs and answers what it is given. */
function counting(answer: SageAnswer) {
  const runs = { count: 0 };
  const write = () => {
    runs.count++;
    return answer;
  };
  return { runs, write };
}

describe("Sage's idempotency_id", () => {
  it('replays an error answer too, without running the write again', () => {
    const ledger = new IdempotencyLedger();
    const refused = recordInvalid([diagnosis('RecordInvalid', 'Nominal code has already been taken', 'nominal_code')]);
    const { runs, write: run } = counting(refused);
    const request = write('ledger_account', { nominal_code: 1000, idempotency_id: KEY });
    expect(ledger.answer(request, run)).toBe(refused);
    expect(ledger.answer(request, run)).toBe(refused);
    expect(runs.count).toBe(1);
  });

  it("refuses an id reused on another resource with Sage's IdempotencyResourceMismatch", () => {
    const ledger = new IdempotencyLedger();
    const created = counting({ status: 201, json: { id: 'x' } });
    ledger.answer(write('ledger_account', { idempotency_id: KEY }), created.write);
    const other = counting({ status: 201, json: { id: 'y' } });
    expect(ledger.answer(write('contact', { idempotency_id: KEY }), other.write)).toEqual(
      recordInvalid([diagnosis('IdempotencyResourceMismatch', 'Entity type mismatch')]),
    );
    expect(other.runs.count).toBe(0);
  });

  it('runs a write without an id, or whose body is not JSON, every time', () => {
    const ledger = new IdempotencyLedger();
    const { runs, write: run } = counting({ status: 201, json: {} });
    ledger.answer(write('ledger_account', { nominal_code: 1 }), run);
    ledger.answer(write('ledger_account', { nominal_code: 1, idempotency_id: null }), run);
    ledger.answer({ ...write('ledger_account', {}), text: 'not json' }, run);
    ledger.answer({ ...write('ledger_account', {}), text: 'not json' }, run);
    expect(runs.count).toBe(4);
  });
});
