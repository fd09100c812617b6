import { expect } from 'vitest';

/** `actual` equals `expected` to a relative tolerance (default 1e-9). */
export function expectRelative(
  actual: number | null | undefined,
  expected: number,
  tolerance = 1e-9,
): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    tolerance * Math.abs(expected),
  );
}

/** Observations from [period, value] pairs. */
export function series(...pairs: [string, number][]): { period: string; value: number }[] {
  return pairs.map(([period, value]) => ({ period, value }));
}
