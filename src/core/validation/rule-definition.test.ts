import { describe, expect, it } from 'vitest';
import { parseRuleDefinition, RuleDefinitionSchema } from './rule-definition.js';

describe('parseRuleDefinition accepts', () => {
  it('a compare rule, filling in the defaults', () => {
    expect(
      parseRuleDefinition({
        kind: 'compare',
        left: [{ indicator: 'users_5g' }],
        operator: '<=',
        right: [{ indicator: 'mobile_users' }],
      }),
    ).toEqual({
      ok: true,
      definition: {
        kind: 'compare',
        left: [{ indicator: 'users_5g', disaggregation: '', coefficient: 1 }],
        operator: '<=',
        right: [{ indicator: 'mobile_users', disaggregation: '', coefficient: 1 }],
        missing: 'skip',
      },
    });
  });

  it('a linear combination with disaggregations, coefficients and missing: zero', () => {
    const definition = {
      kind: 'compare',
      left: [
        { indicator: 'broadband', disaggregation: 'AREA=URBAN;ENTERPRISE=SOE', coefficient: 2 },
        { indicator: 'broadband', disaggregation: 'AREA=RURAL', coefficient: -0.5 },
      ],
      operator: '!=',
      right: [{ indicator: 'mobile_users', disaggregation: '', coefficient: 1e-3 }],
      missing: 'zero',
    };
    expect(parseRuleDefinition(definition)).toEqual({ ok: true, definition });
  });

  it.each(['<=', '<', '>=', '>', '=', '!='])('operator %s', (operator) => {
    const result = parseRuleDefinition({
      kind: 'compare',
      left: [{ indicator: 'a' }],
      operator,
      right: [{ indicator: 'b' }],
    });
    expect(result.ok).toBe(true);
  });

  it('a share rule', () => {
    expect(parseRuleDefinition({ kind: 'share', indicator: 'broadband_share' })).toEqual({
      ok: true,
      definition: { kind: 'share', indicator: 'broadband_share', disaggregation: '' },
    });
  });

  it('what it wrote, read back from JSON text, unchanged', () => {
    const first = parseRuleDefinition({
      kind: 'compare',
      left: [{ indicator: 'a', disaggregation: 'AREA=URBAN' }],
      operator: '>',
      right: [{ indicator: 'b', coefficient: 0.25 }],
    });
    if (!first.ok) throw new Error('expected a definition');
    const again = parseRuleDefinition(JSON.parse(JSON.stringify(first.definition)));
    expect(again).toEqual(first);
  });
});

describe('parseRuleDefinition refuses, naming the path', () => {
  const compare = (overrides: Record<string, unknown>) => ({
    kind: 'compare',
    left: [{ indicator: 'a' }],
    operator: '<=',
    right: [{ indicator: 'b' }],
    ...overrides,
  });

  it.each<[string, unknown, string[]]>([
    ['null', null, ['']],
    ['a string of JSON text', '{"kind":"share","indicator":"a"}', ['']],
    ['an array', [], ['']],
    ['an unknown kind', { kind: 'ratio' }, ['kind']],
    ['no kind', { indicator: 'a' }, ['kind']],
    ['an empty left side', compare({ left: [] }), ['left']],
    ['no right side', compare({ right: undefined }), ['right']],
    ['an unknown operator', compare({ operator: '=>' }), ['operator']],
    [
      'a word for a coefficient',
      compare({ left: [{ indicator: 'a', coefficient: 'two' }] }),
      ['left.0.coefficient'],
    ],
    [
      'a coefficient of 0',
      compare({ right: [{ indicator: 'b' }, { indicator: 'c', coefficient: 0 }] }),
      ['right.1.coefficient'],
    ],
    [
      'an infinite coefficient',
      compare({ left: [{ indicator: 'a', coefficient: Infinity }] }),
      ['left.0.coefficient'],
    ],
    [
      'a NaN coefficient',
      compare({ left: [{ indicator: 'a', coefficient: NaN }] }),
      ['left.0.coefficient'],
    ],
    ['an empty indicator code', compare({ left: [{ indicator: '' }] }), ['left.0.indicator']],
    [
      'an indicator code with spaces',
      compare({ left: [{ indicator: ' a' }] }),
      ['left.0.indicator'],
    ],
    ['a term that is a string', compare({ left: ['a'] }), ['left.0']],
    ['a misspelt key', compare({ left: [{ indicator: 'a', coeficient: 2 }] }), ['left.0']],
    [
      'a malformed disaggregation',
      compare({ left: [{ indicator: 'a', disaggregation: 'AREA:URBAN' }] }),
      ['left.0.disaggregation'],
    ],
    [
      'a disaggregation with an empty part',
      compare({ left: [{ indicator: 'a', disaggregation: 'AREA=URBAN;' }] }),
      ['left.0.disaggregation'],
    ],
    ['an unknown missing strategy', compare({ missing: 'ignore' }), ['missing']],
    ['a share without indicator', { kind: 'share' }, ['indicator']],
    ['a share with compare fields', { kind: 'share', indicator: 'a', operator: '<=' }, ['']],
    [
      'several problems at once',
      compare({ operator: '≤', missing: 'never', right: [{ indicator: 1 }] }),
      ['operator', 'right.0.indicator', 'missing'],
    ],
  ])('%s', (_, json, paths) => {
    const result = parseRuleDefinition(json);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((problem) => problem.path).sort()).toEqual([...paths].sort());
    for (const problem of result.problems) expect(problem.message).not.toBe('');
  });

  it('explains a malformed disaggregation key', () => {
    const result = parseRuleDefinition({ kind: 'share', indicator: 'a', disaggregation: 'urban' });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'disaggregation',
          message: 'a disaggregation key like "AREA=URBAN;ENTERPRISE=SOE", or "" for the total',
        },
      ],
    });
  });

  it('is the schema the parser uses', () => {
    expect(RuleDefinitionSchema.safeParse({ kind: 'share', indicator: 'a' }).success).toBe(true);
    expect(RuleDefinitionSchema.safeParse({ kind: 'share', indicator: '' }).success).toBe(false);
  });
});
