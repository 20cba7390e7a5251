import type { XeroAccount } from './types.js';
import { parseError, tokenize } from './where-lexer.js';
import type { Token } from './where-lexer.js';
import { callMethod } from './where-methods.js';
import type { Node, Value } from './where-methods.js';

interface FieldDef {
  name: string;
  type: 'String' | 'Boolean' | 'Guid';
  get(account: XeroAccount): Value;
}

const STRING_FIELDS = [
  'Code',
  'Name',
  'Type',
  'Status',
  'Description',
  'Class',
  'TaxType',
  'BankAccountNumber',
  'BankAccountType',
  'CurrencyCode',
  'ReportingCode',
  'ReportingCodeName',
] as const;
const BOOLEAN_FIELDS = ['EnablePaymentsToAccount', 'ShowInExpenseClaims', 'HasAttachments', 'AddToWatchlist'] as const;

const FIELDS: FieldDef[] = [
  { name: 'AccountID', type: 'Guid', get: (a) => a.AccountID },
  ...STRING_FIELDS.map((name): FieldDef => ({ name, type: 'String', get: (a) => a[name] ?? null })),
  // Xero leaves SystemAccount empty on accounts an app creates.
  { name: 'SystemAccount', type: 'String', get: (a) => a.SystemAccount ?? null },
  ...BOOLEAN_FIELDS.map((name): FieldDef => ({ name, type: 'Boolean', get: (a) => a[name] })),
];
// Dynamic LINQ resolves member names case-insensitively.
const FIELD_BY_NAME = new Map(FIELDS.map((field) => [field.name.toLowerCase(), field]));

function field(token: Token): FieldDef {
  const found = FIELD_BY_NAME.get(String(token.value).toLowerCase());
  if (found === undefined) throw parseError(`No property or field '${token.text}' exists in type 'Account'`, token.position);
  return found;
}

function comparable(left: Node, right: Node): boolean {
  // Only reference types compare with null: strings here (bools, numbers and GUIDs are .NET structs).
  if (left.isNull || right.isNull) {
    const other = left.isNull ? right : left;
    return other.isNull === true || other.type === 'String';
  }
  const numeric = (n: Node) => n.type === 'Int32' || n.type === 'Decimal';
  if (numeric(left) && numeric(right)) return true;
  // A GUID compares with its string form, as Xero's own examples do (`AccountID=="..."`).
  const textual = (n: Node) => n.type === 'String' || n.type === 'Guid';
  if (textual(left) && textual(right)) return true;
  return left.type === right.type;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==' || op === '=') return a === b;
  if (op === '!=' || op === '<>') return a !== b;
  if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean') return false;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return op === '<' ? order < 0 : op === '>' ? order > 0 : op === '<=' ? order <= 0 : order >= 0;
}

const COMPARISONS = new Set(['==', '=', '!=', '<>', '<', '>', '<=', '>=']);
const RELATIONAL = new Set(['<', '>', '<=', '>=']);

/** A recursive-descent parser for the subset of Dynamic LINQ that Xero's `where` takes. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    const rest = this.peek();
    if (rest.kind !== 'eof') throw parseError("')' or operator expected", rest.position);
    if (node.type !== 'Boolean') throw parseError("Expression of type 'Boolean' expected", 0);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(...words: string[]): boolean {
    const token = this.peek();
    return token.kind === 'ident' && words.includes(token.text.toUpperCase());
  }

  private isSymbol(...symbols: string[]): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && symbols.includes(token.text);
  }

  private expect(symbol: string): void {
    if (!this.isSymbol(symbol)) throw parseError(`'${symbol}' expected`, this.peek().position);
    this.next();
  }

  private logical(left: Node, right: Node, op: 'and' | 'or', position: number): Node {
    if (left.type !== 'Boolean' || right.type !== 'Boolean') {
      throw parseError(
        `Operator '${op === 'and' ? 'and' : 'or'}' incompatible with operand types '${left.type}' and '${right.type}'`,
        position,
      );
    }
    return op === 'and'
      ? { type: 'Boolean', eval: (a) => left.eval(a) === true && right.eval(a) === true }
      : { type: 'Boolean', eval: (a) => left.eval(a) === true || right.eval(a) === true };
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('OR') || this.isSymbol('||')) {
      const position = this.next().position;
      left = this.logical(left, this.and(), 'or', position);
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isWord('AND') || this.isSymbol('&&')) {
      const position = this.next().position;
      left = this.logical(left, this.unary(), 'and', position);
    }
    return left;
  }

  private unary(): Node {
    if (this.isWord('NOT') || this.isSymbol('!')) {
      const position = this.next().position;
      const operand = this.unary();
      if (operand.type !== 'Boolean') throw parseError(`Operator '!' incompatible with operand type '${operand.type}'`, position);
      return { type: 'Boolean', eval: (a) => operand.eval(a) !== true };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.primary();
    if (!this.isSymbol(...COMPARISONS)) return left;
    const opToken = this.next();
    const op = opToken.text;
    const right = this.primary();
    const relational = RELATIONAL.has(op) && (left.type === 'Boolean' || right.type === 'Boolean' || left.isNull || right.isNull);
    if (!comparable(left, right) || relational) {
      throw parseError(`Operator '${op}' incompatible with operand types '${left.type}' and '${right.type}'`, opToken.position);
    }
    // GUIDs compare as values, whatever the case of their hex digits.
    const guid = left.type === 'Guid' || right.type === 'Guid';
    const value = (node: Node) => (a: XeroAccount) => {
      const v = node.eval(a);
      return guid && typeof v === 'string' ? v.toLowerCase() : v;
    };
    const l = value(left);
    const r = value(right);
    return { type: 'Boolean', eval: (a) => compare(op, l(a), r(a)) };
  }

  private primary(): Node {
    const token = this.next();
    let node: Node;
    if (token.kind === 'symbol' && token.text === '(') {
      node = this.or();
      this.expect(')');
    } else if (token.kind === 'string') {
      const value = String(token.value);
      node = { type: 'String', eval: () => value };
    } else if (token.kind === 'number') {
      const value = Number(token.value);
      node = { type: token.text.includes('.') ? 'Decimal' : 'Int32', eval: () => value };
    } else if (token.kind === 'ident') {
      node = this.identifier(token);
    } else {
      throw parseError('Expression expected', token.position);
    }
    while (this.isSymbol('.')) node = this.method(node);
    return node;
  }

  private identifier(token: Token): Node {
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return { type: 'Boolean', eval: () => word === 'true' };
    if (word === 'null') return { type: 'Object', isNull: true, eval: () => null };
    if (word === 'guid' && this.isSymbol('(')) {
      this.next();
      const literal = this.next();
      if (literal.kind !== 'string') throw parseError('String literal expected', literal.position);
      this.expect(')');
      const value = String(literal.value).toLowerCase();
      return { type: 'Guid', eval: () => value };
    }
    const def = field(token);
    return { type: def.type, eval: (a) => def.get(a) };
  }

  private method(receiver: Node): Node {
    this.expect('.');
    const name = this.next();
    if (name.kind !== 'ident') throw parseError('Identifier expected', name.position);
    this.expect('(');
    const args: Node[] = [];
    while (!this.isSymbol(')')) {
      args.push(this.or());
      if (!this.isSymbol(')')) this.expect(',');
    }
    this.expect(')');
    return callMethod(receiver, name.text, args, name.position);
  }
}

/**
 * Compiles a Xero `where` expression (Dynamic LINQ: `Type=="BANK" AND Status=="ACTIVE"`,
 * `Name.Contains("Rent")`, `AccountID==Guid("...")`, `!`, `OR`, parentheses). String comparisons
 * are ordinal (case-sensitive), as in .NET; `.ToLower()` makes them case-insensitive.
 * Throws a `XeroError` (QueryParseException) when the expression does not parse or type-check.
 */
export function compileWhere(text: string): (account: XeroAccount) => boolean {
  const node = new Parser(tokenize(text)).parse();
  return (account) => node.eval(account) === true;
}

/** Compiles an `order` parameter (`Name`, `Code DESC`, `Type ASC, Name DESC`) into a comparator. */
export function compileOrder(text: string): (a: XeroAccount, b: XeroAccount) => number {
  const keys = text.split(',').map((part) => {
    const trimmed = part.trim();
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(ASC|ASCENDING|DESC|DESCENDING))?$/i.exec(trimmed);
    const position = Math.max(0, text.indexOf(trimmed));
    if (!match?.[1]) throw parseError('Syntax error', position);
    const def = field({ kind: 'ident', text: match[1], value: match[1], position });
    return { def, sign: match[2]?.toUpperCase().startsWith('DESC') ? -1 : 1 };
  });
  return (a, b) => {
    for (const { def, sign } of keys) {
      const x = def.get(a);
      const y = def.get(b);
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}
