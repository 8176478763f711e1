/**
 * A number without binary floating-point noise, for what people read (tables, CSV, JSON
 * printed by the CLI): rounded to 12 significant digits, so 0.8000000000000002 is 0.8 and
 * 50.00000000000071 ms is 50 ms, while every digit a measured figure has is kept. Integers and
 * non-finite values are returned as they are.
 */
export function cleanNumber(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(12));
}
