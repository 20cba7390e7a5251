import { XeroError, queryParseException } from '../answers.js';

export interface Token {
  kind: 'ident' | 'string' | 'number' | 'symbol' | 'eof';
  text: string;
  /** The string literal's value, the number's value, or the symbol / identifier text. */
  value: string | number;
  /** Zero-based offset, as Dynamic LINQ reports positions. */
  position: number;
}

const SYMBOLS = ['==', '!=', '<>', '<=', '>=', '&&', '||', '=', '<', '>', '!', '(', ')', '.', ','];

/** Xero's `where` errors come from Dynamic LINQ: `<message> (at index N)`. */
export function parseError(message: string, position: number): XeroError {
  return new XeroError(queryParseException(`${message} (at index ${position})`));
}

/** Splits a Dynamic LINQ expression into tokens; string literals take `"` or `'`, escaped by doubling or `\`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        const c = text[j];
        if (c === undefined) throw parseError('Unterminated string literal', i);
        if (c === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else if (c === ch && text[j + 1] === ch) {
          value += ch;
          j += 2;
        } else if (c === ch) {
          j++;
          break;
        } else {
          value += c;
          j++;
        }
      }
      tokens.push({ kind: 'string', text: text.slice(i, j), value, position: i });
      i = j;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), position: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], value: ident[0], position: i });
      i += ident[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol === undefined) throw parseError(`Syntax error '${ch}'`, i);
    tokens.push({ kind: 'symbol', text: symbol, value: symbol, position: i });
    i += symbol.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', position: text.length });
  return tokens;
}
