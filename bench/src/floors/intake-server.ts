import { Queue } from 'bullmq';
import Fastify from 'fastify';
import postgres from 'postgres';
import { uuidv7 } from '../support/ids.js';
import { onTerm, redisConnection, required } from './floor-env.js';

// The intake floor: the least the design needs per request. A bare Fastify handler that parses
// the JSON body, does one INSERT and one queue.add, and answers 201 with the row. No key or
// connection lookup, no validation, no logging: what ledgersync does beyond this is its overhead.
const sql = postgres(required('DATABASE_URL'), { max: 20, onnotice: () => {} });
const queue = new Queue('push', { connection: redisConnection(required('REDIS_URL')), prefix: required('QUEUE_PREFIX') });
const projectId = required('FLOOR_PROJECT_ID');
const connectionId = required('FLOOR_CONNECTION_ID');

type Body = Record<string, string | number | Record<string, unknown> | null | undefined>;

const app = Fastify();
app.post('/accounting/accounts', async (request, reply) => {
  const body = request.body as Body;
  const id = uuidv7();
  const [row] = await sql`
    insert into accounts (id, project_id, connection_id, name, description, classification, type, status, current_balance,
                          currency, account_number, parent_account_id, company_info_id, field_mappings)
    values (${id}, ${projectId}, ${connectionId}, ${(body.name as string) ?? null}, ${(body.description as string) ?? null},
            ${(body.classification as string) ?? null}, ${(body.type as string) ?? null}, ${(body.status as string) ?? null},
            ${(body.current_balance as number) ?? null}, ${(body.currency as string) ?? null}, ${(body.account_number as string) ?? null},
            ${(body.parent_account as string) ?? null}, ${(body.company_info_id as string) ?? null},
            ${body.field_mappings ? JSON.stringify(body.field_mappings) : null}::jsonb)
    returning *`;
  await queue.add('push', { object: 'account', id }, { jobId: id });
  return reply.status(201).send(row);
});

await app.listen({ port: Number(required('PORT')), host: '127.0.0.1' });
process.stdout.write('floor ready\n');
onTerm(async () => {
  await app.close();
  await queue.close();
  await sql.end({ timeout: 5 });
});
