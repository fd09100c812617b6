/**
 * Keeps the aggregates current across an import, inside its write
 * transaction: before the values are written, what the touched groups (one
 * unit, indicator, disaggregation and year) added to the aggregates above
 * them is taken away; after, what they add now is added. One indicator at a
 * time, so memory stays bounded by one indicator's share of the file.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/support.js';
import { AggregateRepository, type RawValue } from '../../db/repositories/aggregate.repository.js';
import type { Database } from '../../db/schema.js';

/**
 * The stored values of one indicator (second parameter) in the groups of one
 * staged indicator (first): the same indicator, or one it weighs. Imports
 * write basis ''.
 */
const STAGED_GROUP_VALUES = `
  select d.indicator_code as "indicatorCode", d.org_unit_code as "orgUnitCode", d.basis as basis,
    d.disaggregation as disaggregation, d.period as period, d.value as value, d.status as status
  from (
    select distinct s.unit as unit, substr(p.period, 1, 4) as y, s.disagg as disagg
    from imp_value s join imp_period p on p.id = s.period
    where s.ind = ? and s.unit >= ? and s.unit < ? and s.value is not null
  ) g
  cross join imp_unit u
  cross join imp_disagg gd
  cross join data_value d
  where u.id = g.unit and gd.id = g.disagg
    and d.indicator_code = ? and d.org_unit_code = u.code and d.basis = ''
    and d.disaggregation = gd.key and d.period >= g.y and d.period < g.y || 'Z'`;

const UNITS_PER_SLICE = 400;

export class StagedAggregates {
  private readonly aggregates: AggregateRepository;
  private indicators: { id: number; code: string }[] = [];
  /** Each staged indicator's groups, read for itself and for the indicators it weighs. */
  private passes: { staged: { id: number; code: string }; code: string }[] = [];

  constructor(private readonly trx: Kysely<Database>) {
    this.aggregates = new AggregateRepository(trx);
  }

  /** Takes away the staged groups' current share; call before the values are written. */
  async beforeWrite(): Promise<void> {
    this.indicators = await this.query<{ id: number; code: string }>(
      'select i.id as id, i.code as code from imp_indicator i where exists (select 1 from imp_value s where s.ind = i.id and s.value is not null) order by i.code',
      [],
    );
    const dependents = await this.aggregates.weightedBy();
    // Values of indicators weighted by a staged one: their aggregates move with the weights.
    this.passes = this.indicators.flatMap((staged) => [
      { staged, code: staged.code },
      ...(dependents.get(staged.code) ?? []).map((code) => ({ staged, code })),
    ]);
    if (isPostgres(this.trx)) {
      // Single saves hold these shared while they change a group (db/dialects lockValueGroups).
      for (const code of [...new Set(this.passes.map((p) => p.code))].sort()) {
        await sql`select pg_advisory_xact_lock(2, hashtext(${code}))`.execute(this.trx);
      }
    }
    await this.applyAll(-1);
  }

  /** Adds the staged groups' new share; call after the values are written. */
  async afterWrite(): Promise<void> {
    if (isPostgres(this.trx)) {
      // The planner must know the rows just written, or it joins every value to every group.
      await sql`analyze data_value`.execute(this.trx);
    }
    await this.applyAll(1);
  }

  private async applyAll(sign: 1 | -1): Promise<void> {
    const [slices] = await this.query<{ units: number | string }>(
      'select coalesce(max(id), -1) + 1 as units from imp_unit',
      [],
    );
    const units = Number(slices?.units ?? 0);
    for (const { staged, code } of this.passes) {
      // A few hundred units at a time: memory stays bounded by a slice of one indicator.
      for (let from = 0; from < units; from += UNITS_PER_SLICE) {
        const rows = await this.query<RawValue>(STAGED_GROUP_VALUES, [
          staged.id,
          from,
          from + UNITS_PER_SLICE,
          code,
        ]);
        if (rows.length === 0) continue;
        await this.aggregates.apply(await this.aggregates.contributions(rows), sign);
      }
    }
  }

  private async query<R>(text: string, parameters: unknown[]): Promise<R[]> {
    let n = 0;
    const numbered = isPostgres(this.trx) ? text.replace(/\?/g, () => `$${++n}`) : text;
    return (await this.trx.executeQuery<R>(CompiledQuery.raw(numbered, parameters))).rows;
  }
}
