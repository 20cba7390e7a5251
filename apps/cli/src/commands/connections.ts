import {
  type ConnectionCredentials,
  countAccountsByStatus,
  createConnection,
  issueConnectionToken,
  listConnections,
  listPullStates,
  loadConnection,
  type PulledObjectName,
  type PullState,
  pullStatusView,
  type RateLimitOverride,
  setConnectionPullFrequency,
  setConnectionRateLimits,
  setFieldMapping,
  updateConnection,
} from '@ledgersync/db';
import { formatRateWindow, parseRateWindow } from '@ledgersync/jobs';
import { startPull } from '@ledgersync/operations';
import { findDescriptor, getDescriptor, PROVIDER_SLUGS, pulledObjectsOf } from '@ledgersync/providers';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, print } from '../output.js';
import { progress } from '../progress.js';
import { currentSession } from '../session.js';
import { resolveConnection } from './connection-ref.js';
import { addProjectListCommand, resolveProject } from './project-ref.js';

const CONNECTION_HELP = "default: the project's only connection";

interface CreateOptions {
  project?: string;
  provider: string;
  tenantId?: string;
  realmId?: string;
  baseUrl?: string;
  tokenUrl?: string;
  accessToken?: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  expiresAt?: string;
  credentialsFile?: string;
  rateLimit?: string[];
  concurrency?: string;
  companyCountry?: string;
  json?: boolean;
}

/** `--company-country gb` as stored: ISO 3166-1 alpha-2, upper case. */
function countryFrom(value: string | undefined): string | null {
  if (value === undefined) return null;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code))
    throw new CliError(`--company-country takes a two-letter ISO 3166 country code (US, GB, AU...), not "${value}"`);
  return code;
}

/** `--rate-limit 20/5s --rate-limit 1000/d --concurrency 3` as a connection's own limits. */
function limitsFrom(options: { rateLimit?: string[]; concurrency?: string }): RateLimitOverride | null {
  if (!options.rateLimit?.length && options.concurrency === undefined) return null;
  const limits: RateLimitOverride = {};
  try {
    if (options.rateLimit?.length) limits.windows = options.rateLimit.map(parseRateWindow);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (options.concurrency !== undefined) {
    const concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError('--concurrency must be a whole number from 1');
    limits.concurrency = concurrency;
  }
  return limits;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const CREDENTIAL_FIELDS = 'accessToken, refreshToken, clientId, clientSecret, expiresAt';

/**
 * A `--credentials-file`'s JSON object. A file that is not one is refused without quoting it:
 * JSON.parse's message shows the start of the text, which may be a secret.
 */
function credentialsFile(name: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(currentSession().readFile(name));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${name} is not JSON: --credentials-file takes a JSON object with ${CREDENTIAL_FIELDS}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliError(`${name} is not a JSON object: --credentials-file takes one with ${CREDENTIAL_FIELDS}`);
  return parsed as Record<string, string>;
}

/** Credentials from a JSON file (keeps them out of shell history) or from the flags. */
function credentialsFrom(options: CreateOptions): ConnectionCredentials {
  const fromFile = options.credentialsFile ? credentialsFile(options.credentialsFile) : {};
  const pick = (flag: string | undefined, ...keys: string[]) =>
    flag ?? keys.map((key) => fromFile[key]).find((value) => typeof value === 'string' && value !== '');
  const accessToken = pick(options.accessToken, 'accessToken', 'access_token');
  if (!accessToken) throw new CliError('an access token is required: --access-token or --credentials-file');
  const credentials: ConnectionCredentials = { accessToken };
  const optional = {
    refreshToken: pick(options.refreshToken, 'refreshToken', 'refresh_token'),
    clientId: pick(options.clientId, 'clientId', 'client_id'),
    clientSecret: pick(options.clientSecret, 'clientSecret', 'client_secret'),
    expiresAt: pick(options.expiresAt, 'expiresAt', 'expires_at'),
  };
  for (const [key, value] of Object.entries(optional)) if (value) credentials[key as keyof typeof optional] = value;
  return credentials;
}

export function registerConnectionCommands(program: Command): void {
  const connections = program.command('connections').description("connections to a customer's accounting software");

  connections
    .command('create')
    .description('store a connection (credentials encrypted) and print its x-connection-token (shown once)')
    .option('--project <name-or-id>', 'default: the only project')
    .requiredOption('--provider <slug>', `one of: ${PROVIDER_SLUGS.join(', ')}`)
    .option('--tenant-id <id>', "the provider's tenant (QuickBooks realm id, Xero tenant id, ...)")
    .option('--realm-id <id>', 'QuickBooks: the company (realm) id; same as --tenant-id')
    .option('--base-url <url>', "the provider's API base URL (default: its production URL)")
    .option('--token-url <url>', "the provider's OAuth token URL (default: its production URL)")
    .option('--access-token <token>')
    .option('--refresh-token <token>')
    .option('--client-id <id>', 'OAuth client id, used to refresh tokens')
    .option('--client-secret <secret>', 'OAuth client secret, used to refresh tokens')
    .option('--expires-at <time>', 'when the access token expires (RFC 3339)')
    .option('--credentials-file <path>', 'JSON with accessToken, refreshToken, clientId, clientSecret, expiresAt')
    .option('--rate-limit <rate>', "this connection's own limit, e.g. 20/5s (repeatable; default: the provider's)", collect)
    .option('--concurrency <n>', "requests in flight at once (default: the provider's)")
    .option(
      '--company-country <code>',
      "the customer's company's country (ISO 3166 alpha-2, e.g. US): some providers' limits depend on it (QuickBooks' account number length; unknown: the strictest)",
    )
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      const descriptor = findDescriptor(options.provider);
      if (!descriptor) throw new CliError(`unknown provider "${options.provider}" (known: ${PROVIDER_SLUGS.join(', ')})`);
      const tenantId = options.tenantId ?? options.realmId;
      if (!tenantId) throw new CliError(`--tenant-id is required (${descriptor.tenant.description})`);
      const credentials = credentialsFrom(options);
      const limits = limitsFrom(options);
      const companyCountry = countryFrom(options.companyCountry);
      await withContext(async ({ db, keys, logger, openQueues }) => {
        const project = await resolveProject(db, options.project);
        const { connection, token } = await createConnection(db, keys.cipher, {
          projectId: project.id,
          provider: descriptor.slug,
          tenantId,
          baseUrl: options.baseUrl ?? descriptor.baseUrl,
          tokenUrl: options.tokenUrl ?? descriptor.tokenUrl,
          credentials,
          companyCountry,
        });
        if (limits) await setConnectionRateLimits(db, connection.id, limits);
        // The customer's books appear by themselves: a full pull of what the provider offers.
        const { queues, close } = openQueues();
        try {
          await startPull({ db, queues }, connection, pulledObjectsOf(connection.provider), 'full', logger);
        } finally {
          await close();
        }
        print(
          {
            connection_id: connection.id,
            provider: connection.provider,
            tenant_id: tenantId,
            company_country: companyCountry ?? 'unknown',
            connection_token: token,
          },
          options.json ?? false,
        );
      });
    });

  addProjectListCommand(connections, listConnections);

  connections
    .command('limits')
    .description("set a connection's own rate limits, or --reset to the provider's documented ones")
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--rate-limit <rate>', 'e.g. 20/5s (repeatable)', collect)
    .option('--concurrency <n>', 'requests in flight at once')
    .option('--reset', "back to the provider's limits")
    .option('--json', 'print JSON')
    .action(
      async (options: {
        project?: string;
        connection?: string;
        rateLimit?: string[];
        concurrency?: string;
        reset?: boolean;
        json?: boolean;
      }) => {
        const limits = options.reset ? null : limitsFrom(options);
        if (!options.reset && !limits) throw new CliError('give --rate-limit and/or --concurrency, or --reset');
        await withContext(async ({ db, keys }) => {
          const { connection } = await resolveConnection(db, keys.cipher, options);
          await setConnectionRateLimits(db, connection.id, limits);
          const shown = limits
            ? [...(limits.windows ?? []).map(formatRateWindow), limits.concurrency ? `${limits.concurrency} in flight` : '']
                .filter(Boolean)
                .join(', ')
            : "the provider's";
          print({ connection_id: connection.id, limits: shown, overridden: limits !== null }, options.json ?? false);
        });
      },
    );

  connections
    .command('mappings')
    .description("show a connection's field mappings; --set slug=ProviderField and --unset slug change them")
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--set <slug=field>', 'send field_mappings.<slug> as the provider field (repeatable)', collect)
    .option('--unset <slug>', 'remove a mapping (repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; connection?: string; set?: string[]; unset?: string[]; json?: boolean }) => {
      await withContext(async ({ db, keys }) => {
        const { connection } = await resolveConnection(db, keys.cipher, options);
        const mappable = getDescriptor(connection.provider).mappableFields;
        let mappings = connection.fieldMappings;
        for (const pair of options.set ?? []) {
          const [slug, field] = pair.split('=', 2);
          if (!slug || !field) throw new CliError(`--set takes slug=ProviderField, got "${pair}"`);
          if (!mappable.includes(field))
            throw new CliError(`${connection.provider} has no mappable field "${field}" (mappable: ${mappable.join(', ')})`);
          mappings = await setFieldMapping(db, connection.id, slug, field);
        }
        for (const slug of options.unset ?? []) mappings = await setFieldMapping(db, connection.id, slug, null);
        print(
          { connection_id: connection.id, provider: connection.provider, mappings, mappable_fields: mappable.join(', ') },
          options.json ?? false,
        );
      });
    });

  connections
    .command('show')
    .description("a connection's status (active, or invalid and why), limits, mappings and accounts by sync state")
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; connection?: string; json?: boolean }) => {
      await withContext(async ({ db, keys }) => {
        const connection = await loadConnection(db, keys.cipher, (await resolveConnection(db, keys.cipher, options)).connection.id);
        if (!connection) throw new CliError(`no connection ${options.connection}`);
        const descriptor = getDescriptor(connection.provider);
        const limits = connection.rateLimits ?? descriptor.rateLimits;
        print(
          {
            connection_id: connection.id,
            provider: connection.provider,
            tenant_id: connection.tenantId,
            company_country: connection.companyCountry ?? 'unknown',
            status: connection.status,
            status_reason: connection.statusReason ?? '',
            base_url: connection.baseUrl,
            token_url: connection.tokenUrl ?? '',
            access_token_expires_at: connection.credentials.expiresAt ?? 'unknown',
            rate_limits: [
              ...(limits.windows ?? descriptor.rateLimits.windows).map(formatRateWindow),
              limits.concurrency ? `${limits.concurrency} in flight` : '',
            ]
              .filter(Boolean)
              .join(', '),
            rate_limits_overridden: connection.rateLimits !== null,
            field_mappings: connection.fieldMappings,
            accounts: await countAccountsByStatus(db, connection.id),
            books: booksStatus(await listPullStates(db, connection.id)),
          },
          options.json ?? false,
        );
      });
    });

  connections
    .command('sync')
    .description("pull the customer's books now: what changed since the last pull, or everything with --full")
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--full', 'read everything again (deletions found by what is no longer there)')
    .option('--wait', 'wait until the pulls are over, showing their progress')
    .option('--every <seconds>', "this connection's own pull frequency from now on (0: back to its project's)")
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; connection?: string; full?: boolean; wait?: boolean; every?: string; json?: boolean }) => {
      await withContext(async ({ db, keys, logger, openQueues }) => {
        const { connection } = await resolveConnection(db, keys.cipher, options);
        const scheduled = await listPullStates(db, connection.id);
        // What the provider offers, and what the connection pulled before.
        const objects = [
          ...new Set([...pulledObjectsOf(connection.provider), ...scheduled.map((state) => state.object as PulledObjectName)]),
        ];
        const before = new Map(scheduled.map((state) => [state.object, state.lastSuccessAt?.getTime() ?? 0]));
        const { queues, close, deferred } = openQueues();
        try {
          await startPull({ db, queues }, connection, objects, options.full ? 'full' : 'incremental', logger);
        } finally {
          await close();
        }
        if (options.every !== undefined) {
          const seconds = Number(options.every);
          if (!Number.isInteger(seconds) || seconds < 0) throw new CliError("--every takes whole seconds (0: the project's frequency)");
          await setConnectionPullFrequency(db, connection.id, seconds === 0 ? null : Math.max(60, seconds));
        }
        if (deferred) currentSession().stderr(`${deferred}\n`);
        if (options.wait && !deferred) {
          const bar = progress('pulling', objects.length);
          for (;;) {
            const states = await listPullStates(db, connection.id);
            const done = states.filter(
              (state) =>
                (state.lastSuccessAt?.getTime() ?? 0) > (before.get(state.object) ?? 0) ||
                state.status === 'held' ||
                state.status === 'failed',
            );
            bar.tick(done.length);
            if (done.length >= objects.length) break;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
        print(
          {
            connection_id: connection.id,
            mode: options.full ? 'full' : 'incremental',
            objects: objects.join(', '),
            books: booksStatus(await listPullStates(db, connection.id)),
          },
          options.json ?? false,
        );
      });
    });

  connections
    .command('credentials')
    .description("replace a connection's OAuth credentials (after the customer reconnects); an invalid connection becomes active again")
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--access-token <token>')
    .option('--refresh-token <token>')
    .option('--client-id <id>')
    .option('--client-secret <secret>')
    .option('--expires-at <time>', 'when the access token expires (RFC 3339)')
    .option('--credentials-file <path>', 'JSON with accessToken, refreshToken, clientId, clientSecret, expiresAt')
    .option('--base-url <url>', 'also re-point the API base URL')
    .option('--token-url <url>', 'also re-point the token URL')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions & { connection?: string }) => {
      const credentials = credentialsFrom(options);
      await withContext(async ({ db, keys }) => {
        const connection = await loadConnection(db, keys.cipher, (await resolveConnection(db, keys.cipher, options)).connection.id);
        if (!connection) throw new CliError(`no connection ${options.connection}`);
        // Keep what the operator did not give (the client credentials usually stay the same).
        const merged = { ...connection.credentials, ...credentials };
        await updateConnection(db, keys.cipher, connection.id, {
          baseUrl: options.baseUrl ?? connection.baseUrl,
          tokenUrl: options.tokenUrl ?? connection.tokenUrl,
          credentials: merged,
        });
        print({ connection_id: connection.id, status: 'active', was: connection.status }, options.json ?? false);
      });
    });

  connections
    .command('token')
    .description('issue another x-connection-token for a connection (earlier ones stay valid)')
    .option('--project <name-or-id>', "default: the connection's (with --connection), else the only project")
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; connection?: string; json?: boolean }) => {
      await withContext(async ({ db, keys }) => {
        const { connection } = await resolveConnection(db, keys.cipher, options);
        const token = await issueConnectionToken(db, connection);
        print({ connection_id: connection.id, connection_token: token }, options.json ?? false);
      });
    });
}

/** Per object, what `GET /sync/status/accounting` answers: where its pulls stand. */
function booksStatus(states: readonly PullState[]) {
  return Object.fromEntries(states.map((state) => [state.object, pullStatusView(state)]));
}
