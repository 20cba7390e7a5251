import { type Decimal, JsonNumber, toDecimal } from '@ledgersync/unified';

/**
 * A Xero rate (a percent, "decimal to 4dp": `15.0000`, `8.875`) as basis points, exactly: the
 * decimal point moves two places on the digits as Xero wrote them, never through a double.
 * Trailing zeros are dropped (`15.0000` → `1500`). Undefined when the value is not a number.
 */
export function percentToBasisPoints(value: unknown): Decimal | undefined {
  if (typeof value !== 'number' && !(value instanceof JsonNumber)) return undefined;
  const percent = toDecimal(value);
  if (percent === null) return undefined;
  const points = toDecimal(`${percent}e2`);
  if (points === null) return undefined;
  return (points.includes('.') ? points.replace(/0+$/, '').replace(/\.$/, '') : points) as Decimal;
}
