import { expect, it } from 'vitest';
import { describeEachStore } from '../test-support/stores.js';
import { migrations } from './migrations/index.js';

// Migrations are append-only: this snapshot of the resulting schema changes only
// when a new migration is added, and then the diff shows exactly what changed.
describeEachStore('schema', (fixture) => {
  it('is what the migrations make of it', async () => {
    const tables = await fixture.store.db.introspection.getTables();
    const shape = tables
      .filter((table) => !table.name.startsWith('kysely_'))
      .map((table) => ({
        table: table.name,
        columns: table.columns.map((column) => `${column.name}${column.isNullable ? '?' : ''}`),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(shape).toMatchSnapshot();
  });
});

it('lists migrations in name order, so new ones go at the end', () => {
  const names = Object.keys(migrations);
  expect(names).toEqual([...names].sort());
  expect(names[0]).toBe('2026-11-26T2100-initial');
});
