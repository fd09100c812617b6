/**
 * Turns what a caller names (units, a subtree at a level, a unit and its
 * children; periods, or a range of years at a period type) into the explicit
 * lists the analytics service works on.
 */
import type { Kysely } from 'kysely';
import { formatPeriod, periodsWithin, PERIOD_TYPES, type PeriodType } from '../../core/periods.js';
import type { Database } from '../../db/schema.js';
import { InputError } from '../errors.js';

export interface CellSelection {
  indicators: string[];
  orgUnits?: string[] | undefined;
  /** A unit and its children. */
  childrenOf?: string | undefined;
  /** Every unit of `level` in this unit's subtree. */
  under?: string | undefined;
  level?: string | undefined;
  periods?: string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  periodType?: PeriodType | undefined;
  basis?: string | undefined;
}

export interface ResolvedSelection {
  indicators: string[];
  orgUnits: string[];
  periods: string[];
  basis?: string | undefined;
}

export async function resolveSelection(
  db: Kysely<Database>,
  selection: CellSelection,
): Promise<ResolvedSelection> {
  if (selection.indicators.length === 0)
    throw new InputError('indicator: name at least one indicator');
  const orgUnits = [...(selection.orgUnits ?? [])];
  if (selection.childrenOf !== undefined) {
    const parent = await db
      .selectFrom('orgUnit')
      .select('code')
      .where('code', '=', selection.childrenOf)
      .executeTakeFirst();
    if (!parent) throw new InputError(`children: no org unit has code ${selection.childrenOf}`);
    const children = await db
      .selectFrom('orgUnit')
      .select('code')
      .where('parentCode', '=', parent.code)
      .orderBy('sortOrder')
      .execute();
    orgUnits.push(parent.code, ...children.map((c) => c.code));
  }
  if (selection.under !== undefined) {
    const root = await db
      .selectFrom('orgUnit')
      .select(['code', 'path'])
      .where('code', '=', selection.under)
      .executeTakeFirst();
    if (!root) throw new InputError(`under: no org unit has code ${selection.under}`);
    let query = db
      .selectFrom('orgUnit')
      .select('code')
      .where('path', 'like', `${root.path}%`)
      .orderBy('path');
    if (selection.level !== undefined) query = query.where('level', '=', selection.level as never);
    orgUnits.push(...(await query.execute()).map((u) => u.code));
  }
  if (orgUnits.length === 0) throw new InputError('orgUnit: name org units, children or under');

  const periods = [...(selection.periods ?? [])];
  if (selection.from !== undefined || selection.to !== undefined) {
    const from = selection.from ?? selection.to!;
    const to = selection.to ?? selection.from!;
    if (to < from) throw new InputError(`from ${from} is after to ${to}`);
    if (to - from > 100) throw new InputError('from/to: at most 100 years at once');
    const type = selection.periodType ?? 'year';
    if (!PERIOD_TYPES.includes(type)) throw new InputError(`periodType: ${type} is not one`);
    for (let year = from; year <= to; year++) {
      periods.push(
        ...periodsWithin({ type: 'year', year, index: 1 }, type).map((p) => formatPeriod(p)),
      );
    }
  }
  if (periods.length === 0) throw new InputError('period: name periods, or from and to');
  return {
    indicators: [...new Set(selection.indicators)],
    orgUnits: [...new Set(orgUnits)],
    periods: [...new Set(periods)],
    basis: selection.basis,
  };
}
