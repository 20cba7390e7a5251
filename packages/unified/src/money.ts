import { z } from 'zod';
import { JsonNumber } from './exact-json.js';

/**
 * Money, exactly. An amount travels as a JSON number (Panora's schema says `number`), is kept as
 * its decimal digits (`"99999999999999.99"`, never a double), stored in a Postgres `numeric`, and
 * written back as a bare JSON number with the same digits. This is the rule for every amount:
 * account balances today, invoice, journal and payment amounts next.
 */
export type Decimal = string & { readonly __brand: 'Decimal' };

const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const LITERAL = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Beyond this many digits a number is not an amount at all (and would cost memory to write out). */
const SANE_DIGITS = 400;

/**
 * A JSON number literal (or a double) as plain decimal digits, keeping its scale: `1.50e2` is
 * `"150"`, `1.500e1` is `"15.00"`, `-0` is `"0"`. Null when it would need more than 400 digits.
 */
export function toDecimal(value: number | JsonNumber | string): Decimal | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  const match = LITERAL.exec(text);
  if (!match) return null;
  const [, sign, whole = '', fraction = '', exponentText] = match;
  const exponent = exponentText ? Number(exponentText) : 0;
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > SANE_DIGITS) return null;
  let digits = whole + fraction;
  let point = whole.length + exponent; // digits before the decimal point
  if (point > SANE_DIGITS || digits.length - point > SANE_DIGITS) return null;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const integer = digits.slice(0, point).replace(/^0+(?=[0-9])/, '');
  const decimals = digits.slice(point);
  const unsigned = decimals ? `${integer}.${decimals}` : integer;
  // Zero keeps its scale and loses its sign: -0.00 is 0.00, as Postgres' numeric has it.
  return (sign && /[1-9]/.test(unsigned) ? `-${unsigned}` : unsigned) as Decimal;
}

/** `text` as a {@link Decimal}; throws when it is not a number (for literals in code and tests). */
export function decimal(text: string): Decimal {
  const amount = toDecimal(text);
  if (amount === null) throw new TypeError(`not an amount: ${text}`);
  return amount;
}

export const isDecimal = (value: unknown): value is Decimal => typeof value === 'string' && DECIMAL.test(value);

/** Digits after the decimal point (`"10.50"` → 2). */
export const decimalPlaces = (amount: Decimal): number => amount.split('.')[1]?.length ?? 0;

/** Digits before the decimal point, leading zeros aside (`"0.5"` → 0, `"-120.00"` → 3). */
export const integerDigits = (amount: Decimal): number => amount.replace(/^-/, '').split('.')[0]?.replace(/^0+/, '').length ?? 0;

/** The amount as a JSON number with its digits, for responses, webhooks and provider payloads. */
export const jsonAmount = (amount: Decimal): JsonNumber => new JsonNumber(amount);

/**
 * The unified input of an amount: a JSON number, parsed without loss (see exact-json.ts), as its
 * decimal digits. A string is refused, as Panora's schema types the field `number`.
 */
export const amountSchema = z
  .union([z.number(), z.instanceof(JsonNumber)], { error: 'expected a number' })
  .transform((value, ctx) => {
    const amount = toDecimal(value);
    if (amount === null) {
      ctx.addIssue({ code: 'custom', message: 'is not a finite amount' });
      return z.NEVER;
    }
    return amount;
  });

/**
 * ISO 4217 minor units of the currencies that do not have two (list 1, "minor unit" column):
 * an amount with more decimals than its currency has is not money in that currency.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, CLF: 4, UYW: 4,
};
export const minorUnits = (currency: string): number => MINOR_UNITS[currency.toUpperCase()] ?? 2;

/** What any amount must fit, whatever the provider: no currency has more than 4 decimals. */
export const AMOUNT_LIMITS = { maxDecimals: 4, maxIntegerDigits: 18 } as const;

export interface AmountLimits {
  /** Most decimals taken; the currency's own minor units lower it. */
  maxDecimals: number;
  /** Most digits before the decimal point. */
  maxIntegerDigits: number;
}

/** Why `amount` cannot be taken under `limits` in `currency` (when given), or null when it can. */
export function amountViolation(amount: Decimal, currency: string | null | undefined, limits: AmountLimits = AMOUNT_LIMITS): string | null {
  const decimals = currency ? Math.min(limits.maxDecimals, minorUnits(currency)) : limits.maxDecimals;
  if (decimalPlaces(amount) > decimals) {
    return currency
      ? `has ${decimalPlaces(amount)} decimals; ${currency.toUpperCase()} amounts take at most ${decimals} here`
      : `has ${decimalPlaces(amount)} decimals; at most ${decimals} are taken`;
  }
  if (integerDigits(amount) > limits.maxIntegerDigits) {
    return `is too large: at most ${limits.maxIntegerDigits} digits before the decimal point`;
  }
  return null;
}
