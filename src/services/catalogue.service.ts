/**
 * The read side of plans, indicators, targets, figures and org units, in the
 * API's shapes. Composes repositories; no SQL here.
 */
import type {
  DataValue,
  DataValueRevision,
  Indicator,
  IndicatorDetail,
  OrgUnit,
  Plan,
  PlanSummary,
} from '../api/contract.js';
import {
  presentDataValue,
  presentIndicator,
  presentOrgUnit,
  presentPlanSummary,
  presentPlanTree,
  presentSource,
} from '../api/presenters.js';
import { scopesFor, type Principal } from '../core/access/policy.js';
import { NATION_CODE } from '../core/org-units.js';
import { parsePeriod, PeriodCodeError, periodEnd, periodStart } from '../core/periods.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../db/repositories/indicator.repository.js';
import { OrgUnitRepository, type OrgUnitQuery } from '../db/repositories/org-unit.repository.js';
import { PlanRepository } from '../db/repositories/plan.repository.js';
import { SourceRepository } from '../db/repositories/source.repository.js';
import type { Db } from '../db/connect.js';
import type { DataValueRow } from '../db/schema.js';
import { InputError, NotFoundError, type Problem } from './errors.js';

export interface DataValueFilter {
  indicator?: string | undefined;
  orgUnit?: string | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** A date or date-time: the values as they were then. */
  asOf?: string | undefined;
}

/** An ISO instant from a date (end of that day, UTC) or a date-time with offset; null when neither. */
function instantOf(text: string): string | null {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The command line: its operator holds the store itself, so may read and write everything. */
export const OPERATOR: Principal = {
  kind: 'user',
  userId: 0,
  username: 'operator',
  via: 'session',
  grants: [{ role: 'admin', orgUnitCode: NATION_CODE, orgUnitPath: `/${NATION_CODE}/` }],
};

/** Whose eyes: unpublished values show only within the viewer's read scope. */
function unpublishedScopes(viewer: Principal): string[] {
  return scopesFor(viewer, 'read:unpublished');
}

export class CatalogueService {
  private readonly plans: PlanRepository;
  private readonly indicators: IndicatorRepository;
  private readonly values: DataValueRepository;
  private readonly orgUnits: OrgUnitRepository;
  private readonly sources: SourceRepository;

  constructor(db: Db) {
    this.plans = new PlanRepository(db);
    this.indicators = new IndicatorRepository(db);
    this.values = new DataValueRepository(db);
    this.orgUnits = new OrgUnitRepository(db);
    this.sources = new SourceRepository(db);
  }

  async listPlans(): Promise<PlanSummary[]> {
    return (await this.plans.list()).map(presentPlanSummary);
  }

  async getPlan(code: string): Promise<Plan> {
    const plan = await this.plans.findByCode(code);
    if (!plan) throw new NotFoundError(`No plan has code ${code}`);
    const [nodes, notes, links] = await Promise.all([
      this.plans.nodes(plan.id),
      this.plans.notes(plan.id),
      this.indicators.planNodeLinks(),
    ]);
    const idByPath = new Map(nodes.map((node) => [node.path, node.id]));
    const indicatorsByNode = new Map<number, string[]>();
    for (const link of links) {
      if (link.planCode !== code) continue;
      const id = idByPath.get(link.path);
      if (id !== undefined)
        indicatorsByNode.set(id, [...(indicatorsByNode.get(id) ?? []), link.indicatorCode]);
    }
    const summary = presentPlanSummary({ ...plan, nodeCount: nodes.length });
    return {
      ...summary,
      preamble: plan.preamble,
      notes,
      tree: presentPlanTree(nodes, indicatorsByNode),
    };
  }

  async listIndicators(planCode: string | undefined, viewer: Principal): Promise<Indicator[]> {
    if (planCode !== undefined && !(await this.plans.findByCode(planCode))) {
      throw new NotFoundError(`No plan has code ${planCode}`);
    }
    const rows = await this.indicators.list(planCode);
    const codes = rows.map((row) => row.code);
    const [links, targets, values] = await Promise.all([
      this.indicators.planNodeLinks(codes),
      this.indicators.targets(codes),
      this.values.list({
        indicatorCodes: codes,
        orgUnitCode: NATION_CODE,
        unpublishedWithin: unpublishedScopes(viewer),
      }),
    ]);
    return rows.map((row) =>
      presentIndicator(
        row,
        links.filter((link) => link.indicatorCode === row.code),
        targets.filter((target) => target.indicatorCode === row.code),
        latestOf(values.filter((value) => value.indicatorCode === row.code)),
      ),
    );
  }

  async getIndicator(code: string, viewer: Principal): Promise<IndicatorDetail> {
    const row = await this.indicators.get(code);
    if (!row) throw new NotFoundError(`No indicator has code ${code}`);
    const [links, targets, values] = await Promise.all([
      this.indicators.planNodeLinks([code]),
      this.indicators.targets([code]),
      this.values.list({
        indicatorCodes: [code],
        orgUnitCode: NATION_CODE,
        unpublishedWithin: unpublishedScopes(viewer),
      }),
    ]);
    const sourceKeys = [
      ...new Set(
        values.map((value) => value.sourceKey).filter((key): key is string => key !== null),
      ),
    ];
    const sources = await this.sources.list(sourceKeys);
    return {
      ...presentIndicator(row, links, targets, latestOf(values)),
      values: values.map(presentDataValue),
      sources: sources.map(presentSource),
    };
  }

  async listDataValues(filter: DataValueFilter, viewer: Principal): Promise<DataValue[]> {
    const problems: Problem[] = [];
    const bound = (name: 'period' | 'from' | 'to', code: string | undefined) => {
      if (code === undefined) return undefined;
      try {
        return parsePeriod(code);
      } catch (error) {
        if (!(error instanceof PeriodCodeError)) throw error;
        problems.push({ path: name, message: error.message });
        return undefined;
      }
    };
    const period = bound('period', filter.period);
    const from = bound('from', filter.from);
    const to = bound('to', filter.to);
    const asOf = filter.asOf === undefined ? undefined : instantOf(filter.asOf);
    if (asOf === null) {
      problems.push({
        path: 'asOf',
        message: `"${filter.asOf}" is not a date (2024-06-30) or date-time with offset (2024-06-30T12:00:00Z)`,
      });
    }
    if (problems.length > 0) {
      const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
      throw new InputError(`Invalid query: ${summary}`, problems);
    }
    if (filter.indicator !== undefined && !(await this.indicators.get(filter.indicator))) {
      throw new NotFoundError(`No indicator has code ${filter.indicator}`);
    }
    const rows = await this.values.list({
      indicatorCodes: filter.indicator === undefined ? undefined : [filter.indicator],
      orgUnitCode: filter.orgUnit,
      period: period ? filter.period : undefined,
      endFrom: from ? periodStart(from) : undefined,
      endTo: to ? periodEnd(to) : undefined,
      limit: filter.limit,
      offset: filter.offset,
      unpublishedWithin: unpublishedScopes(viewer),
      asOf: asOf ?? undefined,
    });
    return rows.map(presentDataValue);
  }

  /** Every state one value has had, oldest first: who, when, why. Unpublished states need read scope. */
  async valueHistory(
    key: { indicator: string; orgUnit: string; period: string; basis: string },
    viewer: Principal,
  ): Promise<DataValueRevision[]> {
    const unit = await this.orgUnits.get(key.orgUnit);
    const scopes = unpublishedScopes(viewer);
    const seesDrafts = unit !== undefined && scopes.some((path) => unit.path.startsWith(path));
    const rows = await this.values.list({
      indicatorCodes: [key.indicator],
      orgUnitCode: key.orgUnit,
      period: key.period,
      unpublishedWithin: seesDrafts ? scopes : [],
    });
    const value = rows.find((row) => row.basis === key.basis);
    if (!value) {
      throw new NotFoundError(
        `No value ${key.indicator} ${key.orgUnit} ${key.period} that you may see`,
      );
    }
    const revisions = await this.values.revisions(value.id);
    return revisions
      .filter((revision) => seesDrafts || revision.status === 'published')
      .map((revision) => ({
        version: revision.version,
        value: revision.value,
        status: revision.status,
        comment: revision.comment,
        reason: revision.reason,
        recordedBy: revision.recordedBy,
        recordedAt: revision.recordedAt,
        revisionNote: revision.revisionNote,
      }));
  }

  async listOrgUnits(query: OrgUnitQuery): Promise<{ items: OrgUnit[]; total: number }> {
    const { items, total } = await this.orgUnits.list(query);
    return { items: items.map(presentOrgUnit), total };
  }

  async getOrgUnit(code: string): Promise<OrgUnit> {
    const row = await this.orgUnits.get(code);
    if (!row) throw new NotFoundError(`No org unit has code ${code}`);
    return presentOrgUnit(row);
  }
}

/** The latest value of a series in series order; on a tie of period, the first basis. */
function latestOf(values: readonly DataValueRow[]): DataValueRow | null {
  let latest: DataValueRow | null = null;
  for (const value of values) {
    if (
      !latest ||
      value.periodEnd > latest.periodEnd ||
      (value.periodEnd === latest.periodEnd && value.period.length < latest.period.length)
    ) {
      latest = value;
    }
  }
  return latest;
}
