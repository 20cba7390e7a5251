import { CONNECTION_SECURITY } from '../document.js';
import { accountOutputSchema, accountPageSchema, accountsMetaSchema } from '../schemas/accounts.js';
import { bodyErrors, connectionErrors, errorResponses, serverErrors } from '../schemas/errors.js';

/** The accounts' section of the document. */
export const accountTag = { name: 'accounting/accounts', description: "Panora's accounts, pushed to the connection's provider by workers." };

const scope = { tags: [accountTag.name], security: CONNECTION_SECURITY };
const notFound = { 404: '`not_found`: no account with this id on this connection.' };

/** What the account's routes answer (routes/records), spread into each route's schema (Panora's operation ids). */
export const accountOperations = {
  create: {
    ...scope,
    operationId: 'createAccountingAccount',
    summary: 'Create Accounts',
    description:
      "Stores the account and answers at once; a worker pushes it to the connection's provider (`sync` tells how it went, a webhook tells you when). An `Idempotency-Key` header makes a retry safe.",
    response: {
      201: accountOutputSchema.describe(
        'The account, stored and queued for the provider (`sync.status` `pending`); `warnings` lists values it will not send.',
      ),
      ...errorResponses({
        ...connectionErrors,
        400: '`invalid_request`: a field fails validation or is unknown (`details` names each), a bad `Idempotency-Key`, or no `x-connection-token`, or a body not in its `Content-Encoding`; `invalid_json`: the body is not JSON in UTF-8.',
        409: '`idempotency_key_in_use`: a request with this `Idempotency-Key` is still running; retry after `Retry-After`.',
        422: "`unprocessable_account`: the connection's provider cannot take the account (`details` names each field); `connection_invalid`: the connection must be re-authorised; `idempotency_key_reused`: the key came with another request.",
        ...bodyErrors,
        ...serverErrors,
      }),
    },
  },
  list: {
    ...scope,
    operationId: 'listAccountingAccounts',
    summary: 'List  Accounts',
    response: {
      200: accountPageSchema.describe("A page of the connection's accounts."),
      ...errorResponses({ ...connectionErrors, ...serverErrors }),
    },
  },
  retrieve: {
    ...scope,
    operationId: 'retrieveAccountingAccount',
    summary: 'Retrieve Accounts',
    response: {
      200: accountOutputSchema.describe('The account, with its push state.'),
      ...errorResponses({ ...connectionErrors, ...notFound, ...serverErrors }),
    },
  },
  retry: {
    ...scope,
    operationId: 'retryAccountingAccount',
    summary: 'Retry a failed account',
    description: 'Puts a `failed` account back to `pending` and queues its push again.',
    response: {
      202: accountOutputSchema.describe('The account, `pending` again.'),
      ...errorResponses({ ...connectionErrors, ...notFound, 409: '`not_failed`: only a failed account can be retried.', ...serverErrors }),
    },
  },
  meta: {
    ...scope,
    operationId: 'retrieveAccountingAccountsMeta',
    summary: 'What the provider takes',
    description:
      "What the connection's provider takes: fields required, sent, ignored, rejected or stored; vocabularies; mappable fields; limits.",
    response: {
      200: accountsMetaSchema.describe('The provider, as the intake checks accounts against it.'),
      ...errorResponses({
        ...connectionErrors,
        422: "`unsupported_provider`: this build cannot push to the connection's provider.",
        ...serverErrors,
      }),
    },
  },
};
