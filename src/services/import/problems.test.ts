import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProblemCollector } from './problems.js';

describe('ProblemCollector', () => {
  it('keeps the first problems by position, however late they arrive, and counts the rest', () => {
    const arrival = fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 300 });
    fc.assert(
      fc.property(arrival, fc.integer({ min: 1, max: 40 }), (lines, cap) => {
        const collector = new ProblemCollector(cap);
        lines.forEach((line, index) => collector.add({ order: line, line, message: `#${index}` }));
        const { problems, more } = collector.result();
        // Stable: equal positions keep their order of arrival.
        const expected = lines
          .map((line, index) => ({ line, message: `#${index}` }))
          .sort((a, b) => a.line - b.line)
          .slice(0, cap);
        expect(problems.map((problem) => [problem.line, problem.message])).toEqual(
          expected.map((problem) => [problem.line, problem.message]),
        );
        expect(more).toBe(lines.length - expected.length);
        expect(collector.total).toBe(lines.length);
      }),
    );
  });

  it('orders the problems of one line by column', () => {
    const collector = new ProblemCollector();
    collector.add({ order: 3, line: 3, column: 4, message: 'value' });
    collector.add({ order: 2, line: 2, message: 'line' });
    collector.add({ order: 3, line: 3, column: 1, message: 'indicator' });
    expect(collector.result().problems.map((problem) => problem.message)).toEqual([
      'line',
      'indicator',
      'value',
    ]);
  });
});
