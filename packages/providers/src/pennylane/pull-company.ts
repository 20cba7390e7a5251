import type { PulledCompanyInfoFields } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { PullContext, PullHandler } from '../types.js';
import { classifyPennylaneFailure, quotaPauseMs, sendPennylane } from './client.js';
import { idOf, record } from './pull-page.js';

/**
 * `GET /me` (User profile): the company the token belongs to, `{id, name, reg_no}`, with any
 * token whatever its scopes. `reg_no` is the SIREN, a registration number, not a tax number: it
 * stays in remote_data. Pennylane says nothing of the currency or country here.
 */
export const pennylaneCompanyReader: PullHandler<PulledCompanyInfoFields> = {
  async list(context: PullContext) {
    const response = await sendPennylane(context, { method: 'GET', path: '/me' });
    const now = Date.now();
    if (response.status !== 200) throw classifyPennylaneFailure(response, [], now);
    const company = record(record(response.body)?.company);
    const id = company ? idOf(company) : undefined;
    if (!company || !id)
      throw new UnexpectedResponse('pennylane', 'Pennylane answered /me without company.id', { status: response.status });
    const pause = quotaPauseMs(response.headers, now);
    return {
      records: [{ remoteId: id, fields: { name: typeof company.name === 'string' ? company.name : null }, remoteData: company }],
      skipped: [],
      next: null,
      ...(pause !== undefined ? { quotaPauseMs: pause } : {}),
    };
  },
};
