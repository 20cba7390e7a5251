import { Queue, Worker } from 'bullmq';
import postgres from 'postgres';
import { onTerm, redisConnection, required } from './floor-env.js';

// The pipeline floor: a bare BullMQ worker that reads the row, POSTs it to the provider, writes
// the provider's id (and answer) back and enqueues one webhook job. The access token comes from
// the environment: no connection lookup, no decryption, no limiter, no event, no logging.
const sql = postgres(required('DATABASE_URL'), { max: 20, onnotice: () => {} });
const connection = redisConnection(required('REDIS_URL'));
const prefix = required('QUEUE_PREFIX');
const providerUrl = required('FLOOR_PROVIDER_URL');
const accessToken = required('FLOOR_ACCESS_TOKEN');
const webhooks = new Queue('webhooks', { connection, prefix });

interface AccountRow {
  id: string;
  name: string;
  description: string | null;
  account_number: string | null;
  currency: string | null;
  current_balance: number | null;
}

const worker = new Worker<{ object: string; id: string }>(
  'push',
  async (job) => {
    const [row] = await sql<AccountRow[]>`select * from accounts where id = ${job.data.id}`;
    if (!row) return;
    // The bench pushes one kind of account ("Current Asset"), so the mapping is a constant.
    const response = await fetch(`${providerUrl}/account?minorversion=75&requestid=${row.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        Name: row.name,
        AccountType: 'Other Current Asset',
        AcctNum: row.account_number,
        Description: row.description,
        CurrencyRef: { value: row.currency },
        OpeningBalance: row.current_balance,
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`provider answered ${response.status}: ${text.slice(0, 200)}`);
    const answer = JSON.parse(text) as { Account: { Id: string } };
    await sql`
      update accounts set remote_id = ${answer.Account.Id}, remote_data = ${text}::jsonb, sync_status = 'synced',
                          synced_at = ${new Date()}, modified_at = ${new Date()}
      where id = ${row.id}`;
    await webhooks.add('deliver-webhook', { accountId: row.id });
  },
  { connection, prefix, concurrency: Number(required('FLOOR_CONCURRENCY')) },
);
worker.on('error', (error) => process.stderr.write(`${error.message}\n`));
await worker.waitUntilReady();
process.stdout.write('floor ready\n');
onTerm(async () => {
  await worker.close(true);
  await webhooks.close();
  await sql.end({ timeout: 5 });
});
