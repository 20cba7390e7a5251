import { invalidQuery, queryParseError } from './faults.js';

/** A value of a queryable property, or of a literal in a query. */
export type Literal = string | number | boolean;

interface Token {
  kind: 'word' | 'string' | 'number' | 'symbol' | 'eof';
  text: string;
  value: Literal;
  column: number;
}

type Operator = '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';

interface Condition {
  field: QueryField<unknown>;
  operator: Operator;
  values: Literal[];
}

interface Ordering {
  field: QueryField<unknown>;
  descending: boolean;
}

/** A parsed select statement against one entity. */
export interface ParsedQuery {
  count: boolean;
  entity: string;
  table: QueryTable<unknown>;
  where: Condition[];
  orderBy: Ordering[];
  startPosition: number;
  maxResults: number;
}

type FieldKind = 'string' | 'number' | 'boolean' | 'date';

/** A property the query language can filter and order on. */
export interface QueryField<R> {
  name: string;
  kind: FieldKind;
  get(record: R): Literal | undefined;
}

/** An entity `/query` serves, declared by its object (`accounts/`). */
export interface QueryTable<R> {
  /** As QuickBooks spells it: the FROM name (matched case-insensitively) and the QueryResponse key. */
  entity: string;
  fields: readonly QueryField<R>[];
  /** The property rows are ordered by without ORDERBY (lower-cased name). */
  defaultOrder: string;
  /**
   * A name list's Active property (lower-cased name): without a condition on it, a query answers
   * active records only.
   */
  activeField?: string;
  /** A realm's records, in Id order. */
  rows(realmId: string): Iterable<R>;
  /**
   * The same as an array, when the table keeps one: a query that orders by Id and filters nothing
   * away (a full read, `Active IN (true, false)`) is then a slice, O(page) however large the realm.
   */
  inIdOrder?(realmId: string): readonly R[];
  /** The numeric Id, the last tie-break of every order. */
  id(record: R): number;
  /** A copy as answered, so later changes never reach an answer already given. */
  snapshot(record: R): R;
}

// Intuit's own samples write "Metadata.CreateTime", so property names match case-insensitively.
function fieldsByName(table: QueryTable<unknown>): Map<string, QueryField<unknown>> {
  return new Map(table.fields.map((field) => [field.name.toLowerCase(), field]));
}

const DEFAULT_MAX_RESULTS = 100;
const MAX_MAX_RESULTS = 1000;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j] as string;
        if (c === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else if (c === "'") {
          closed = true;
          j++;
          break;
        } else {
          value += c;
          j++;
        }
      }
      if (!closed) throw queryParseError(`Invalid content. Lexical error at line 1, column ${text.length + 1}.  Encountered: <EOF> after : "${text.slice(i)}"`);
      tokens.push({ kind: 'string', text: text.slice(i, j), value, column });
      i = j;
    } else if (/[0-9-]/.test(ch)) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!match) throw queryParseError(`Invalid content. Lexical error at line 1, column ${column}.  Encountered: "${ch}" (${ch.charCodeAt(0)}), after : ""`);
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), column });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0], value: match[0], column });
      i += match[0].length;
    } else if (ch === '<' || ch === '>') {
      const op = text[i + 1] === '=' ? `${ch}=` : ch;
      tokens.push({ kind: 'symbol', text: op, value: op, column });
      i += op.length;
    } else if ('*(),='.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, value: ch, column });
      i++;
    } else {
      throw queryParseError(`Invalid content. Lexical error at line 1, column ${column}.  Encountered: "${ch}" (${ch.charCodeAt(0)}), after : ""`);
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', column: text.length + 1 });
  return tokens;
}

class Parser {
  private position = 0;
  private fields = new Map<string, QueryField<unknown>>();

  constructor(
    private readonly tokens: Token[],
    private readonly tables: readonly QueryTable<unknown>[],
  ) {}

  private peek(): Token {
    return this.tokens[this.position] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private fail(token: Token): never {
    const shown = token.kind === 'eof' ? '<EOF>' : token.text;
    throw queryParseError(`Encountered " ${shown} " at line 1, column ${token.column}.`);
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private keyword(keyword: string): void {
    if (!this.isKeyword(keyword)) this.fail(this.peek());
    this.next();
  }

  private symbol(symbol: string): void {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) this.fail(token);
    this.next();
  }

  private word(): Token {
    const token = this.peek();
    if (token.kind !== 'word') this.fail(token);
    return this.next();
  }

  private positiveInteger(): number {
    const token = this.peek();
    if (token.kind !== 'number' || !Number.isInteger(token.value) || (token.value as number) < 0) this.fail(token);
    this.next();
    return token.value as number;
  }

  private field(): QueryField<unknown> {
    const token = this.word();
    const field = this.fields.get(token.text.toLowerCase());
    if (field === undefined) throw invalidQuery(`property '${token.text}' is not queryable`);
    return field;
  }

  private literal(): Literal {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'number') return this.next().value;
    if (token.kind === 'word' && (token.text.toLowerCase() === 'true' || token.text.toLowerCase() === 'false')) {
      this.next();
      return token.text.toLowerCase() === 'true';
    }
    return this.fail(token);
  }

  private condition(): Condition {
    const field = this.field();
    const token = this.next();
    if (token.kind === 'symbol' && ['=', '<', '>', '<=', '>='].includes(token.text)) {
      return { field, operator: token.text as Operator, values: [this.literal()] };
    }
    if (token.kind === 'word' && token.text.toLowerCase() === 'like') {
      const pattern = this.peek();
      if (pattern.kind !== 'string') this.fail(pattern);
      if (field.kind !== 'string') throw invalidQuery(`LIKE is not supported for property '${field.name}'`);
      this.next();
      return { field, operator: 'LIKE', values: [pattern.value] };
    }
    if (token.kind === 'word' && token.text.toLowerCase() === 'in') {
      this.symbol('(');
      const values = [this.literal()];
      while (this.peek().kind === 'symbol' && this.peek().text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.symbol(')');
      return { field, operator: 'IN', values };
    }
    return this.fail(token);
  }

  parse(): ParsedQuery {
    this.keyword('select');
    let count = false;
    if (this.isKeyword('count')) {
      this.next();
      this.symbol('(');
      this.symbol('*');
      this.symbol(')');
      count = true;
    } else {
      this.symbol('*');
    }
    this.keyword('from');
    const entity = this.word().text;
    const table = this.tables.find((t) => t.entity.toLowerCase() === entity.toLowerCase());
    // An entity the fake does not serve is refused once the whole query parsed, as the Account-only
    // fake did; until then its properties are looked up among the first entity's.
    const fieldsOf = table ?? this.tables[0];
    if (fieldsOf !== undefined) this.fields = fieldsByName(fieldsOf);
    const where: Condition[] = [];
    if (this.isKeyword('where')) {
      this.next();
      where.push(this.condition());
      while (this.isKeyword('and')) {
        this.next();
        where.push(this.condition());
      }
    }
    const orderBy: Ordering[] = [];
    if (this.isKeyword('orderby') || this.isKeyword('order')) {
      if (this.next().text.toLowerCase() === 'order') this.keyword('by');
      do {
        if (orderBy.length > 0) this.next();
        const field = this.field();
        let descending = false;
        if (this.isKeyword('asc') || this.isKeyword('desc')) descending = this.next().text.toLowerCase() === 'desc';
        orderBy.push({ field, descending });
      } while (this.peek().kind === 'symbol' && this.peek().text === ',');
    }
    let startPosition = 1;
    let maxResults = DEFAULT_MAX_RESULTS;
    for (let clauses = 0; clauses < 2; clauses++) {
      if (this.isKeyword('startposition')) {
        this.next();
        startPosition = Math.max(1, this.positiveInteger());
      } else if (this.isKeyword('maxresults')) {
        this.next();
        maxResults = Math.min(MAX_MAX_RESULTS, this.positiveInteger());
      }
    }
    if (this.peek().kind !== 'eof') this.fail(this.peek());
    if (table === undefined) {
      const served = this.tables.map((t) => t.entity).join(', ');
      throw invalidQuery(`entity '${entity}' is not served by the fake QuickBooks API (${served} only)`);
    }
    return { count, entity, table, where, orderBy, startPosition, maxResults };
  }
}

/** Parses Intuit's query language (the subset the fake serves) against the entities served; throws 4000/4001 faults. */
export function parseQuery(text: string | undefined, tables: readonly QueryTable<unknown>[]): ParsedQuery {
  if (text === undefined || text.trim() === '') throw queryParseError('The query provided was empty');
  return new Parser(tokenize(text), tables).parse();
}

// `=` and IN compare a string exactly, LIKE ignores case: Intuit documents neither, and the exact
// match is the stricter side for `Name = '...'` lookups (NOTES.md).
function normalise(field: QueryField<unknown>, value: Literal, exact: boolean): Literal | undefined {
  switch (field.kind) {
    case 'string':
      return exact ? String(value) : String(value).toLowerCase();
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'date': {
      const time = typeof value === 'number' ? value : Date.parse(String(value));
      return Number.isFinite(time) ? time : undefined;
    }
  }
}

function likeMatcher(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

function matches(record: unknown, condition: Condition): boolean {
  const raw = condition.field.get(record);
  if (raw === undefined) return false;
  const exact = condition.operator === '=' || condition.operator === 'IN';
  const actual = normalise(condition.field, raw, exact);
  if (actual === undefined) return false;
  if (condition.operator === 'LIKE') return likeMatcher(String(condition.values[0])).test(actual as string);
  const wanted = condition.values.map((value) => normalise(condition.field, value, exact));
  switch (condition.operator) {
    case '=':
      return actual === wanted[0];
    case 'IN':
      return wanted.includes(actual);
    default: {
      const target = wanted[0];
      if (target === undefined || typeof target !== typeof actual) return false;
      if (condition.operator === '<') return actual < target;
      if (condition.operator === '>') return actual > target;
      if (condition.operator === '<=') return actual <= target;
      return actual >= target;
    }
  }
}

function compare(table: QueryTable<unknown>, a: unknown, b: unknown, orderBy: Ordering[]): number {
  for (const { field, descending } of orderBy) {
    const left = field.get(a);
    const right = field.get(b);
    if (left === right) continue;
    // Missing values sort first, as nulls do in ascending order.
    let result: number;
    if (left === undefined) result = -1;
    else if (right === undefined) result = 1;
    else if (typeof left === 'string' && typeof right === 'string') result = left.toLowerCase() < right.toLowerCase() ? -1 : left.toLowerCase() > right.toLowerCase() ? 1 : 0;
    else result = left < right ? -1 : left > right ? 1 : 0;
    if (result !== 0) return descending ? -result : result;
  }
  return table.id(a) - table.id(b);
}

// A condition every record meets: IN on a boolean property with both values.
const keepsAll = (condition: Condition) =>
  condition.operator === 'IN' && condition.field.kind === 'boolean' && condition.values.includes(true) && condition.values.includes(false);

function pageInIdOrder(query: ParsedQuery, realmId: string): unknown[] | undefined {
  const { table, orderBy } = query;
  if (table.inIdOrder === undefined || query.count) return undefined;
  const first = orderBy[0];
  const byId = orderBy.length === 1 && first?.field.name === 'Id' && !first.descending;
  const everything = query.where.length > 0 && query.where.every(keepsAll);
  if (!byId || !everything) return undefined;
  return table.inIdOrder(realmId).slice(query.startPosition - 1, query.startPosition - 1 + query.maxResults);
}

function answer(query: ParsedQuery, page: unknown[]): Record<string, unknown> {
  if (page.length === 0) return {};
  return { [query.table.entity]: page.map((record) => query.table.snapshot(record)), startPosition: query.startPosition, maxResults: page.length };
}

/** Runs a parsed query over a realm and shapes `QueryResponse` as QuickBooks does (`{}` when nothing matches). */
export function runQuery(query: ParsedQuery, realmId: string): Record<string, unknown> {
  const fast = pageInIdOrder(query, realmId);
  if (fast) return answer(query, fast);
  const { table } = query;
  const active = table.activeField === undefined ? undefined : fieldsByName(table).get(table.activeField);
  const onlyActive = active !== undefined && !query.where.some((condition) => condition.field === active);
  const selected: unknown[] = [];
  for (const record of table.rows(realmId)) {
    if (onlyActive && active.get(record) !== true) continue;
    if (query.where.every((condition) => matches(record, condition))) selected.push(record);
  }
  if (query.count) return { totalCount: selected.length };
  const defaultField = fieldsByName(table).get(table.defaultOrder);
  const defaultOrder: Ordering[] = defaultField ? [{ field: defaultField, descending: false }] : [];
  selected.sort((a, b) => compare(table, a, b, query.orderBy.length > 0 ? query.orderBy : defaultOrder));
  return answer(query, selected.slice(query.startPosition - 1, query.startPosition - 1 + query.maxResults));
}
