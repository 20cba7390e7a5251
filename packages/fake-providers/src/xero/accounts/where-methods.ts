import type { XeroAccount } from './types.js';
import { parseError } from './where-lexer.js';

export type ValueType = 'String' | 'Boolean' | 'Guid' | 'Int32' | 'Decimal' | 'Object';
export type Value = string | number | boolean | null;

/** A typed sub-expression of a `where`, compiled to a function of the account. */
export interface Node {
  type: ValueType;
  /** True for the `null` literal, which compares with any reference type. */
  isNull?: boolean;
  eval(account: XeroAccount): Value;
}

// The System.String methods Xero's own filter examples use.
const TRANSFORMS: Record<string, (text: string) => string> = {
  ToLower: (text) => text.toLowerCase(),
  ToUpper: (text) => text.toUpperCase(),
  Trim: (text) => text.trim(),
};
const TESTS: Record<string, (text: string, needle: string) => boolean> = {
  Contains: (text, needle) => text.includes(needle),
  StartsWith: (text, needle) => text.startsWith(needle),
  EndsWith: (text, needle) => text.endsWith(needle),
};

/** Types and compiles `receiver.method(args)`; a method on null yields null (or false for a test). */
export function callMethod(receiver: Node, method: string, args: Node[], position: number): Node {
  const text = (account: XeroAccount): string | null => {
    const value = receiver.eval(account);
    return value === null ? null : String(value);
  };
  const transform = Object.hasOwn(TRANSFORMS, method) ? TRANSFORMS[method] : undefined;
  if (receiver.type === 'String' && transform && args.length === 0) {
    return {
      type: 'String',
      eval: (account) => {
        const value = text(account);
        return value === null ? null : transform(value);
      },
    };
  }
  const test = Object.hasOwn(TESTS, method) ? TESTS[method] : undefined;
  const [arg] = args;
  if (receiver.type === 'String' && test && args.length === 1 && arg?.type === 'String') {
    return {
      type: 'Boolean',
      eval: (account) => {
        const value = text(account);
        const needle = arg.eval(account);
        return value !== null && typeof needle === 'string' && test(value, needle);
      },
    };
  }
  throw parseError(`No applicable method '${method}' exists in type '${receiver.type}'`, position);
}
