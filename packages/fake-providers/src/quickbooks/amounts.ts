import { JsonNumber } from '@ledgersync/unified';

/**
 * Amounts as QuickBooks keeps them: decimals, not doubles (Intuit's SDKs type them BigDecimal),
 * at two places (totals and balances are stored to two decimals; help.breadwinner.com, "Can
 * Breadwinner handle 7 decimal places?"). Intuit documents no largest OpeningBalance: this fake
 * is the stricter side and refuses more than 11 digits before the point (QuickBooks Desktop's
 * amount fields) and more than two after it, where the real service may round.
 */
const AMOUNT = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
const MAX_INTEGER_DIGITS = 11;

/** The cents of a JSON amount, or null when QuickBooks would not take it. */
export function amountCents(value: number | JsonNumber): bigint | null {
  const match = AMOUNT.exec(String(value));
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) return null;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -cents : cents;
}

/** Cents as the JSON number QuickBooks answers (`10000`, `1234.5`, `-0.07`). */
export function centsAmount(cents: bigint): JsonNumber {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const fraction = String(abs % 100n).padStart(2, '0').replace(/0+$/, '');
  return new JsonNumber(`${negative ? '-' : ''}${abs / 100n}${fraction ? `.${fraction}` : ''}`);
}
