import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import type { PennylaneAnswer } from '../answers.js';
import { failure, json } from '../answers.js';
import { MESSAGES } from '../messages.js';
import { decodeCursor, encodeCursor, parseLimit } from '../pagination.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, PennylaneObject } from '../routes.js';
import { parseCreateBody } from './body.js';
import { DEFAULT_CHART } from './default-chart.js';
import { compileFilter } from './filter.js';
import type { LedgerRules } from './rules.js';
import { buildLedgerAccount, checkLedgerAccount } from './rules.js';
import { LedgerAccountStore } from './store.js';
import { type PennylaneThirdParty, ThirdParties } from './third-parties.js';
import type { PennylaneLedgerAccount } from './types.js';
import { updateLedgerAccount } from './update.js';

// Any one of these scopes lets a request through. The all-in-one `ledger` scope stopped working
// with Pennylane's 2026 API changes (providers/src/pennylane/NOTES.md): a token holding only it is
// refused with 403 like any token without the scope.
const WRITE_SCOPES = ['ledger_accounts:all'];
const READ_SCOPES = ['ledger_accounts:readonly', 'ledger_accounts:all'];

/** The fake's settings the ledger accounts read. */
export interface LedgerAccountSettings {
  rules: LedgerRules;
  unknownKeys: 'ignore' | 'reject';
  /** Ids start after this (the fake's `idsAfter`). */
  idsAfter: number;
  /** Whether a new company starts with Pennylane's default chart (default-chart.ts). */
  defaultChart: boolean;
  now(): number;
}

/** An account added out of band (the company's own screens, an import): any number and label, enabled unless said. */
export interface SeedLedgerAccount {
  number: string;
  label: string;
  vat_rate?: string;
  enabled?: boolean;
}

/** The ledger accounts object: create, list, read. */
export interface PennylaneLedgerAccounts extends PennylaneObject {
  /** A company's accounts, by id (copies). */
  list(companyId: string): PennylaneLedgerAccount[];
  /** The suppliers creating 401… accounts made in a company (copies). */
  suppliers(companyId: string): PennylaneThirdParty[];
  /** The company customers creating 411… accounts made in a company (copies). */
  companyCustomers(companyId: string): PennylaneThirdParty[];
  /** Adds `count` generated accounts (`6xxxxx`), or those given, to a company, with no side effect: their ids. */
  seed(companyId: string, accounts: number | readonly SeedLedgerAccount[]): number[];
}

export function pennylaneLedgerAccounts(settings: LedgerAccountSettings): PennylaneLedgerAccounts {
  const { rules } = settings;
  // Pennylane ids are unique across companies: one sequence for the fake.
  let lastId = settings.idsAfter;
  const thirdParties = new ThirdParties(settings.idsAfter);

  const insertSeed = (company: LedgerAccountStore, seed: SeedLedgerAccount): number => {
    lastId += 1;
    const at = new Date(settings.now()).toISOString();
    const account: PennylaneLedgerAccount = {
      id: lastId,
      number: seed.number,
      label: seed.label,
      vat_rate: seed.vat_rate ?? 'any',
      country_alpha2: rules.defaultCountry,
      enabled: seed.enabled ?? true,
      ...(rules.timestamps ? { created_at: at, updated_at: at } : {}),
    };
    company.insert(account.id, account);
    return account.id;
  };

  const stores = new PerTenant(() => {
    const company = new LedgerAccountStore(rules.uniqueBy);
    if (settings.defaultChart) for (const seed of DEFAULT_CHART) insertSeed(company, seed);
    return company;
  });

  /**
   * `POST /ledger_accounts`: 201 with the account, 422 with every broken rule in one sentence. A
   * 401… number also makes a supplier, a 411… one a company customer (see third-parties.ts).
   */
  const create = (req: FastifyRequest, context: HandlerContext): PennylaneAnswer => {
    const company = stores.of(context.companyId);
    const input = parseCreateBody(req, settings.unknownKeys);
    const messages = checkLedgerAccount(input, company, rules);
    if (messages.length > 0) return failure(422, messages.join(', '));
    lastId += 1;
    const account = buildLedgerAccount(input, lastId, context.now, rules);
    company.insert(account.id, account);
    thirdParties.createFor(context.companyId, account);
    return json(201, account);
  };

  /** `GET /ledger_accounts`: the company's accounts by id, filtered by `filter`, a page of `limit` after `cursor`. */
  const list = (req: FastifyRequest, context: HandlerContext): PennylaneAnswer => {
    const query = queryParams(req.url);
    const limit = parseLimit(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : 0;
    const matches = query.filter ? compileFilter(query.filter) : () => true;
    const company = stores.of(context.companyId);
    const accounts = company.ordered();
    // One past the page tells whether more follow; the scan stops there.
    const items: PennylaneLedgerAccount[] = [];
    let hasMore = false;
    for (let index = company.firstAfter(after); index < accounts.length; index++) {
      const account = accounts[index];
      if (account === undefined || !matches(account)) continue;
      if (items.length === limit) {
        hasMore = true;
        break;
      }
      items.push(account);
    }
    const last = items.at(-1);
    return json(200, { items, has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(last.id) : null });
  };

  /** `GET /ledger_accounts/{id}`: 404 for an id that is not one of the company's accounts. */
  const read = (req: FastifyRequest, context: HandlerContext): PennylaneAnswer => {
    const raw = (req.params as { id?: string }).id ?? '';
    const account = /^\d+$/.test(raw) ? stores.of(context.companyId).records.get(Number(raw)) : undefined;
    return account === undefined ? failure(404, MESSAGES.notFound) : json(200, account);
  };

  return {
    register(app, { api }) {
      app.post(`${API_PATH}/ledger_accounts`, api(create, WRITE_SCOPES));
      app.get(`${API_PATH}/ledger_accounts`, api(list, READ_SCOPES));
      app.get(`${API_PATH}/ledger_accounts/:id`, api(read, READ_SCOPES));
      app.put(
        `${API_PATH}/ledger_accounts/:id`,
        api((req, context) => updateLedgerAccount(req, context, stores.of(context.companyId), { ...settings, timestamps: rules.timestamps }), WRITE_SCOPES),
      );
    },
    list: (companyId) => [...stores.of(companyId).records.values()].map((account) => ({ ...account })),
    suppliers: (companyId) => thirdParties.list(companyId, 'supplier'),
    companyCustomers: (companyId) => thirdParties.list(companyId, 'company_customer'),
    seed: (companyId, seeds) => {
      const company = stores.of(companyId);
      if (typeof seeds !== 'number') return seeds.map((seed) => insertSeed(company, seed));
      const ids: number[] = [];
      // Numbers under 6 (expenses) from 6000001 up: digits of the French chart, none taken by the default chart.
      for (let i = 1; i <= seeds; i++) ids.push(insertSeed(company, { number: String(6_000_000 + company.records.size), label: `Charge ${i}` }));
      return ids;
    },
    reset: () => {
      stores.clear();
      thirdParties.reset();
      lastId = settings.idsAfter;
    },
  };
}
