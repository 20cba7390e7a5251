/**
 * JSON that keeps a number's digits. `JSON.parse` turns `99999999999999.99` into the double
 * 99999999999999.98 and `10000.50` into 10000.5; money must reach Postgres and the provider as the
 * client wrote it. Node 20 has neither `JSON.parse`'s source text access nor `JSON.rawJSON`, so:
 *
 * - parsing keeps every number literal that a double does not reproduce to the letter as a
 *   {@link JsonNumber} (its source text); the others stay plain numbers, so code that reads ordinary
 *   numbers is unchanged;
 * - stringifying writes a `JsonNumber` as its digits, a bare JSON number on the wire.
 */

/** A JSON number kept as its text (`"99999999999999.99"`), because a double would change it. */
export class JsonNumber {
  constructor(readonly source: string) {
    if (!NUMBER_LITERAL.test(source)) throw new TypeError(`not a JSON number: ${source.slice(0, 40)}`);
  }
  /** For plain `JSON.stringify`, which cannot write raw digits: the nearest double. */
  toJSON(): number {
    return Number(this.source);
  }
  toString(): string {
    return this.source;
  }
}

export const NUMBER_LITERAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The body is not JSON; `position` is the offset in the text where parsing stopped. */
export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

// Strings are skipped whole, so a digit inside a string is never taken for a number.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g;
// Sticky twins for the exact parser (matchAll copies TOKENS' lastIndex, so it is never moved).
const STRING = /"(?:[^"\\]|\\.)*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Whether every number literal of `text` is reproduced exactly by `String(Number(literal))`. */
function numbersSurviveDoubles(text: string): boolean {
  for (const [token] of text.matchAll(TOKENS)) {
    if (token.charCodeAt(0) === 34 /* " */) continue;
    if (String(Number(token)) !== token) return false;
  }
  return true;
}

export interface ParseOptions {
  /** Deepest nesting allowed; deeper is a syntax error (a hostile depth cannot overflow the stack). */
  maxDepth?: number;
}

/**
 * `JSON.parse`, keeping the digits of numbers a double would change. Most documents have none,
 * and take the native parser. Keys `__proto__` and `constructor` come back as own properties of
 * prototype-less objects only in the exact path; callers refuse them before use, as Fastify's
 * secure parser does.
 */
export function parseJsonExact(text: string, options: ParseOptions = {}): unknown {
  if (numbersSurviveDoubles(text)) return JSON.parse(text);
  return new ExactParser(text, options.maxDepth ?? 512).document();
}

class ExactParser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): unknown {
    const value = this.value(0);
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private value(depth: number): unknown {
    if (depth > this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === 't') return this.word('true', true);
    if (c === 'f') return this.word('false', false);
    if (c === 'n') return this.word('null', null);
    return this.number();
  }

  private object(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = Object.create(null);
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return object;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (this.text[this.at++] !== ':') this.fail('expected ":"');
      object[key] = this.value(depth + 1);
      this.space();
      const next = this.text[this.at++];
      if (next === '}') return object;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): unknown[] {
    const array: unknown[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.at++];
      if (next === ']') return array;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    STRING.lastIndex = this.at;
    const match = STRING.exec(this.text);
    if (!match) this.fail('unterminated string');
    this.at += match[0].length;
    try {
      // The native parser decodes escapes and refuses raw control characters, as JSON says.
      return JSON.parse(match[0]) as string;
    } catch {
      this.fail('invalid string');
    }
  }

  private number(): number | JsonNumber {
    NUMBER.lastIndex = this.at;
    const found = NUMBER.exec(this.text);
    if (!found) this.fail('unexpected character');
    this.at += found[0].length;
    const literal = found[0];
    const double = Number(literal);
    return String(double) === literal ? double : new JsonNumber(literal);
  }

  private word<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail('unexpected character');
    this.at += word.length;
    return value;
  }

  private space(): void {
    while (this.at < this.text.length) {
      const c = this.text.charCodeAt(this.at);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.at++;
    }
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.at}`, this.at);
  }
}

// A marker no JSON string can contain unescaped (JSON.stringify escapes control characters), so
// it cannot be forged by data; the random part keeps even an escaped look-alike from matching.
const MARK = `\u0001${Math.random().toString(36).slice(2)}:`;
const ESCAPED_MARK = JSON.stringify(MARK).slice(1, -1);
const MARKED = new RegExp(`"${ESCAPED_MARK.replace(/\\/g, '\\\\')}(-?[0-9][0-9.eE+-]*)"`, 'g');

/**
 * A `JSON.stringify` replacer that writes each {@link JsonNumber} as a marked string; pass the
 * result through {@link unmarkJsonNumbers}. For serializers that take a replacer (Fastify's).
 */
export function markJsonNumbers(this: unknown, key: string, item: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof JsonNumber ? MARK + original.source : item;
}

/** Turns the marked strings of {@link markJsonNumbers} into bare JSON numbers. */
export function unmarkJsonNumbers(text: string): string {
  return text.includes(ESCAPED_MARK) ? text.replace(MARKED, '$1') : text;
}

/** `JSON.stringify`, writing each {@link JsonNumber} as its digits. */
export function stringifyJsonExact(value: unknown): string {
  return unmarkJsonNumbers(JSON.stringify(value, markJsonNumbers));
}
