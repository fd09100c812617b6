import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  logGamma,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
  studentTSurvival,
} from './student-t.js';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [5, Math.log(24)],
    [10.5, Math.log(1133278.3889487856)], // Γ(10.5)
    [0.1, Math.log(9.513507698668732)],
  ])('ln Γ(%d)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });
});

describe('regularizedIncompleteBeta', () => {
  it.each([
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
    [0.3, 1, 1, 0.3],
    [0.3, 3, 1, 0.027],
    [0.3, 1, 4, 1 - 0.7 ** 4],
    // scipy.special.betainc(2.5, 0.5, 0.8) and (0.5, 5, 0.05)
    [0.8, 2.5, 0.5, 0.3143726376470172],
    [0.05, 0.5, 5, 0.515208786901603],
    [0, 2, 3, 0],
    [1, 2, 3, 1],
  ])('I_%d(%d, %d)', (x, a, b, expected) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(expected, 13);
  });

  it('is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    // x = k / 2^20, so that 1 − x is exact too.
    const x = fc.integer({ min: 0, max: 2 ** 20 }).map((k) => k / 2 ** 20);
    fc.assert(
      fc.property(
        x,
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (x, a, b) => {
          const sum = regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a);
          expect(sum).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('refuses arguments outside its domain', () => {
    expect(() => regularizedIncompleteBeta(1.1, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
  });
});

describe('Student t', () => {
  it.each([
    // Printed t tables (three decimals) ...
    [0.975, 1, 12.706],
    [0.975, 10, 2.228],
    [0.9, 5, 1.476],
    [0.95, 20, 1.725],
    [0.995, 3, 5.841],
  ])('quantile %d with %d df matches the t table', (p, df, table) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(table, 3);
  });

  it.each([
    // ... and scipy.stats.t.ppf to full precision.
    [0.975, 1, 12.706204736174694],
    [0.975, 10, 2.228138851986274],
    [0.9, 5, 1.4758840488244815],
    [0.95, 2, 2.9199855803537242],
    [0.999999, 4, 41.5778541501515],
    [0.6, 30, 0.2556053649519128],
    [0.975, 1000, 1.9623390808264083],
    [0.9, 0.5, 10.27032441023451],
    [1e-10, 3, -2225.769284683093],
  ])('quantile %d with %d df to 1e-12', (p, df, expected) => {
    expectRelative(studentTQuantile(p, df), expected, 1e-12);
  });

  it.each([
    // scipy.stats.t.cdf and t.sf
    [1.5, 3, 0.8847080673775886, 0.11529193262241147],
    [-2, 7, 0.042809664281488025, 0.957190335718512],
    [10, 1, 0.9682744825694465, 0.03172551743055357],
    [100, 5, 0.9999999990519993, 9.48000711231182e-10],
    [1e-8, 4, 0.50000000375, 0.49999999625],
    [3, 1e4, 0.9986467759050012, 0.001353224094998833],
    [0.3, 0.7, 0.5853824068143325, 0.4146175931856675],
  ])('CDF and upper tail at %d with %d df', (x, df, cdf, survival) => {
    expectRelative(studentTCdf(x, df), cdf, 1e-12);
    expectRelative(studentTSurvival(x, df), survival, 1e-11);
  });

  it('has closed forms for 1 and 2 degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        // Cauchy: tan(π(p − ½)); two df: (2p − 1) / √(2p(1 − p)).
        expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
        expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
      }),
    );
  });

  it('is centred and symmetric', () => {
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTPdf(0, 1)).toBeCloseTo(1 / Math.PI, 15);
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (x, df) => {
          expect(studentTCdf(x, df) + studentTCdf(-x, df)).toBeCloseTo(1, 14);
          expect(studentTSurvival(x, df)).toBeCloseTo(studentTCdf(-x, df), 14);
        },
      ),
    );
  });

  it('quantile inverts the CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          const x = studentTQuantile(p, df);
          expect(studentTCdf(x, df)).toBeCloseTo(p, 12);
        },
      ),
    );
  });

  it('approaches the normal distribution as the degrees of freedom grow', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
  });

  it('has the limits at the edges', () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(1e200, 4)).toBe(1);
  });

  it('refuses nonsense', () => {
    expect(() => studentTQuantile(1.5, 4)).toThrow(RangeError);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
    expect(() => studentTCdf(1, NaN)).toThrow(RangeError);
  });
});
