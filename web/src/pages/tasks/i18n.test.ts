import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reviewStates, warningKinds } from '../../../../src/api/tasks-contract';
import { DEFAULT_EVIDENCE_LIMITS } from '../../../../src/services/tasks/evidence-store';
import en from '../../i18n/tasks.en.json';
import zh from '../../i18n/tasks.zh-CN.json';
import { EVIDENCE_LIMITS, MY_TASK_GROUPS, TASK_STATUSES } from './model';

const here = path.dirname(fileURLToPath(import.meta.url));

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keysOf(inner, prefix ? `${prefix}.${key}` : key),
  );
}

const enKeys = new Set(keysOf(en));
const zhKeys = new Set(keysOf(zh));
/** A key as t() looks it up: itself, or its plural forms. */
const has = (keys: Set<string>, key: string) =>
  keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`));

/** Every static `t('tasks.…')` / `t('inbox.…')` in the task pages and the shell. */
function usedKeys(): string[] {
  const files = [
    ...fs
      .readdirSync(here)
      .filter((f) => f.endsWith('.tsx') || (f.endsWith('.ts') && !f.endsWith('.test.ts')))
      .map((f) => path.join(here, f)),
    path.join(here, '../../App.tsx'),
  ];
  const keys = new Set<string>();
  for (const file of files)
    for (const match of fs
      .readFileSync(file, 'utf8')
      .matchAll(/\bt\(\s*'((?:tasks|inbox)\.[A-Za-z0-9_.]+)'/g))
      keys.add(match[1]!);
  return [...keys];
}

/** Keys built from values at run time (`t(\`tasks.status.${status}\`)`). */
const FAMILIES = [
  ...TASK_STATUSES.map((s) => `tasks.status.${s}`),
  ...warningKinds.map((k) => `tasks.warning.${k}`),
  ...reviewStates.map((s) => `tasks.review.state.${s}`),
  ...(['accepted', 'queried'] as const).map((s) => `tasks.review.by.${s}`),
  ...(['accept', 'query'] as const).flatMap((d) => [
    `tasks.review.title.${d}`,
    `tasks.review.ok.${d}`,
    `tasks.review.done.${d}`,
  ]),
  ...MY_TASK_GROUPS.map((g) => `tasks.mine.group.${g}`),
  ...['list', 'board', 'timeline'].map((v) => `tasks.view.${v}`),
  ...['new', 'subTask', 'edit'].map((m) => `tasks.form.submit.${m}`),
  ...['tooMany', 'tooLarge', 'totalTooLarge', 'type'].map((p) => `tasks.update.problem.${p}`),
  ...['warning', 'escalation', 'task_assigned', 'update_posted', 'update_reviewed'].map(
    (s) => `inbox.stage.${s}`,
  ),
];

describe('task pages in both languages', () => {
  it('have the same keys in English and Chinese', () => {
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('keep everything under "tasks" and "inbox"', () => {
    expect(Object.keys(en).sort()).toEqual(['inbox', 'tasks']);
  });

  it('translate every key the pages use', () => {
    const used = [...usedKeys(), ...FAMILIES];
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !has(enKeys, key))).toEqual([]);
    expect(used.filter((key) => !has(zhKeys, key))).toEqual([]);
  });

  it('leave no string empty', () => {
    const values = (tree: unknown): unknown[] =>
      typeof tree === 'object' && tree !== null ? Object.values(tree).flatMap(values) : [tree];
    expect(values(en).filter((v) => typeof v !== 'string' || v.trim() === '')).toEqual([]);
    expect(values(zh).filter((v) => typeof v !== 'string' || v.trim() === '')).toEqual([]);
  });

  it('check evidence against the limits the server keeps', () => {
    expect(EVIDENCE_LIMITS).toEqual(DEFAULT_EVIDENCE_LIMITS);
  });
});
