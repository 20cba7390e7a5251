import Fastify from 'fastify';
import postgres from 'postgres';
import { uuidv7 } from '../support/ids.js';
import { onTerm, required } from './floor-env.js';

// Panora's way, as the slow-provider scenario's comparison: the provider is called inside the
// request. Parse, INSERT, POST to the provider, write its id back, answer 201 with the row.
const sql = postgres(required('DATABASE_URL'), { max: 20, onnotice: () => {} });
const projectId = required('FLOOR_PROJECT_ID');
const connectionId = required('FLOOR_CONNECTION_ID');
const providerUrl = required('FLOOR_PROVIDER_URL');
const accessToken = required('FLOOR_ACCESS_TOKEN');
const parentRemoteId = required('FLOOR_PARENT_REMOTE_ID');

type Body = Record<string, string | number | Record<string, unknown> | null | undefined>;

const app = Fastify();
app.post('/accounting/accounts', async (request, reply) => {
  const body = request.body as Body;
  const id = uuidv7();
  await sql`
    insert into accounts (id, project_id, connection_id, name, description, classification, type, status, current_balance,
                          currency, account_number, company_info_id, field_mappings)
    values (${id}, ${projectId}, ${connectionId}, ${(body.name as string) ?? null}, ${(body.description as string) ?? null},
            ${(body.classification as string) ?? null}, ${(body.type as string) ?? null}, ${(body.status as string) ?? null},
            ${(body.current_balance as number) ?? null}, ${(body.currency as string) ?? null}, ${(body.account_number as string) ?? null},
            ${(body.company_info_id as string) ?? null}, ${body.field_mappings ? JSON.stringify(body.field_mappings) : null}::jsonb)`;
  const response = await fetch(`${providerUrl}/account?minorversion=75&requestid=${id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      Name: body.name,
      AccountType: 'Other Current Asset',
      AcctNum: body.account_number,
      Description: body.description,
      CurrencyRef: { value: body.currency },
      ParentRef: { value: parentRemoteId },
    }),
  });
  const text = await response.text();
  if (!response.ok) return reply.status(502).send({ error: 'provider_error', status: response.status });
  const answer = JSON.parse(text) as { Account: { Id: string } };
  const [row] = await sql`
    update accounts set remote_id = ${answer.Account.Id}, remote_data = ${text}::jsonb, sync_status = 'synced', synced_at = now()
    where id = ${id} returning *`;
  return reply.status(201).send(row);
});

await app.listen({ port: Number(required('PORT')), host: '127.0.0.1' });
process.stdout.write('floor ready\n');
onTerm(async () => {
  await app.close();
  await sql.end({ timeout: 5 });
});
