import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyTerms, suggestAlignments, type AlignmentText } from './suggest-alignment.js';

describe('keyTerms', () => {
  it.each([
    ['推进宽带网络', ['推进', '进宽', '宽带', '带网', '网络']],
    ['宽带，网络', ['宽带', '网络']],
    ['5G网络', ['网络', '5g']],
    ['Optimizing and upgrading broadband networks', ['optimiz', 'upgrad', 'broadband', 'network']],
    [
      'Raising utilization rates of information resources',
      ['rais', 'utilization', 'rate', 'information', 'resource'],
    ],
    ['the policies of the state', ['policy', 'state']],
    ['Ａｂｃ　ＡＢＣ ｄｅｆ', ['abc', 'def']],
    ['IPv6 by 2020, 4G and 5G', ['ipv6', '4g', '5g']],
    ['', []],
    ['。，、', []],
  ])('%j -> %j', (text, terms) => {
    expect([...keyTerms(text)].sort()).toEqual([...terms].sort());
  });
});

const measures: AlignmentText[] = [
  { path: 'III.2.3', title: '优化升级宽带网络', text: '加快宽带网络建设，推进光纤到户。' },
  { path: 'IV.2.2', title: '提高政府信息化水平', text: '推进电子政务，建设一体化政务服务平台。' },
  { path: 'IV.4.1', title: '推进教育信息化', text: '建设教育资源公共服务平台。' },
  { path: 'V.3.2', title: '保障关键信息基础设施安全', text: '建立关键信息基础设施安全保护制度。' },
];

describe('suggestAlignments', () => {
  it('puts the measure sharing the rarest terms first', () => {
    const result = suggestAlignments(
      [
        { path: 'II.1.3', title: '推进宽带网络优化升级', text: '实施宽带乡村工程，推进光纤到户。' },
        { path: 'II.2.3', title: '深化电子政务应用', text: '建设全省一体化网上政务服务平台。' },
        { path: 'II.3.2', title: '保障关键信息基础设施安全', text: '开展安全检查。' },
        { path: 'III.1', title: 'Organisational leadership', text: '' },
      ],
      measures,
    );
    expect(result.get('II.1.3')![0]).toMatchObject({ measurePath: 'III.2.3' });
    expect(result.get('II.1.3')![0]!.sharedTerms).toContain('宽带');
    expect(result.get('II.2.3')![0]).toMatchObject({ measurePath: 'IV.2.2' });
    expect(result.get('II.3.2')![0]).toMatchObject({ measurePath: 'V.3.2' });
    // Nothing in common: no suggestion rather than a guess.
    expect(result.get('III.1')).toEqual([]);
  });

  it('finds a measure from its own text with the full score, and respects the limit', () => {
    const result = suggestAlignments(measures, measures, { limit: 2 });
    for (const measure of measures) {
      const suggestions = result.get(measure.path)!;
      expect(suggestions[0]).toMatchObject({ measurePath: measure.path, score: 1 });
      expect(suggestions.length).toBeLessThanOrEqual(2);
    }
  });

  const text = fc.string({
    maxLength: 40,
    unit: fc.constantFrom(...'宽带网络政务服务平台安全教育 abc network of'.split('')),
  });
  const item = fc.record({ path: fc.string({ minLength: 1, maxLength: 6 }), title: text, text });

  it('scores within 0..1, best first, shared terms in both texts (property)', () => {
    fc.assert(
      fc.property(
        // Paths are unique within a plan, as the store guarantees.
        fc.uniqueArray(item, { selector: (entry) => entry.path, maxLength: 6 }),
        fc.uniqueArray(item, { selector: (entry) => entry.path, maxLength: 8 }),
        (nodes, targets) => {
          const result = suggestAlignments(nodes, targets, { limit: 5 });
          for (const node of nodes) {
            const suggestions = result.get(node.path)!;
            expect(suggestions.length).toBeLessThanOrEqual(5);
            const nodeTerms = keyTerms(`${node.title}\n${node.text}`);
            suggestions.forEach((suggestion, index) => {
              expect(suggestion.score).toBeGreaterThan(0);
              expect(suggestion.score).toBeLessThanOrEqual(1);
              if (index > 0)
                expect(suggestion.score).toBeLessThanOrEqual(suggestions[index - 1]!.score);
              const target = targets.find(
                (candidate) => candidate.path === suggestion.measurePath,
              )!;
              const targetTerms = keyTerms(`${target.title}\n${target.text}`);
              for (const term of suggestion.sharedTerms) {
                expect(nodeTerms.has(term)).toBe(true);
                expect(targetTerms.has(term)).toBe(true);
              }
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
