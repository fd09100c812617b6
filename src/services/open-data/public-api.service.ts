/**
 * The read side of the versioned public API: what an anonymous reader may
 * see (published values only, never drafts, whoever calls), paged. Composes
 * the catalogue, progress and release services; no SQL here.
 */
import type { PlanProgressView } from '../../api/analytics-contract.js';
import type { Indicator, Plan, PlanNodeTree } from '../../api/contract.js';
import type {
  PublicIndicatorDetail,
  PublicIndicatorQuery,
  PublicSearchHit,
  PublicSearchQuery,
  PublicValueQuery,
} from '../../api/public-contract.js';
import type { ReleaseList, ReleaseQuery } from '../../api/releases-contract.js';
import type { Principal } from '../../core/access/policy.js';
import { NATION_CODE } from '../../core/org-units.js';
import { PROGRESS_BANDS } from '../../core/progress/index.js';
import {
  decodeCursor,
  encodeCursor,
  matchesAll,
  searchWords,
  snippetAround,
} from '../../core/open-data/public-paging.js';
import type { Services } from '../container.js';
import { InputError } from '../errors.js';

const CJK = /[\u3400-\u9fff]/;

/** Every public read is made with the eyes of an anonymous visitor: no drafts, ever. */
const PUBLIC_READER: Principal = { kind: 'anonymous' };

/** One page and where the next begins (an offset or a cursor); null on the last page. */
export interface Page<T> {
  items: T[];
  total: number | null;
  limit: number;
  offset: number;
  next: { offset: number } | { cursor: string } | null;
}

export class PublicApiService {
  constructor(private readonly services: Pick<Services, 'catalogue' | 'progress' | 'releases'>) {}

  /** Indicators in code order, filtered by plan and words; paged by offset or cursor. */
  async listIndicators(query: PublicIndicatorQuery): Promise<Page<Indicator>> {
    if (query.cursor !== undefined && query.offset !== undefined) {
      throw new InputError('Give cursor or offset, not both', [
        { path: 'cursor', message: 'cursor and offset cannot be used together' },
      ]);
    }
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && after === null) {
      throw new InputError(`The cursor "${query.cursor}" is not one this API gave out`, [
        { path: 'cursor', message: 'not a cursor of a next link' },
      ]);
    }
    const words = query.q === undefined ? [] : searchWords(query.q);
    const all = (await this.services.catalogue.listIndicators(query.plan, PUBLIC_READER))
      .filter((indicator) =>
        matchesAll(words, [indicator.code, indicator.nameEn, indicator.nameZh]),
      )
      // Code order in JavaScript, the same on both engines whatever their collation.
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const offset =
      after !== null
        ? all.filter((indicator) => indicator.code <= after).length
        : (query.offset ?? 0);
    const items = all.slice(offset, offset + query.limit);
    const more = offset + items.length < all.length;
    return {
      items,
      total: all.length,
      limit: query.limit,
      offset,
      next: !more
        ? null
        : query.offset !== undefined
          ? { offset: offset + items.length }
          : { cursor: encodeCursor(items.at(-1)!.code) },
    };
  }

  /** Definition, targets, published national series with sources, and progress to each target. */
  async indicator(code: string): Promise<PublicIndicatorDetail> {
    const [detail, progress] = await Promise.all([
      this.services.catalogue.getIndicator(code, PUBLIC_READER),
      this.services.progress.indicator(PUBLIC_READER, code, NATION_CODE),
    ]);
    const latestSource =
      detail.latest?.sourceKey == null
        ? null
        : (detail.sources.find((source) => source.key === detail.latest!.sourceKey) ?? null);
    return { ...detail, latestSource, progress };
  }

  /** Published values of one indicator (as published on `asOf` when given), paged by offset. */
  async values(code: string, query: PublicValueQuery) {
    const offset = query.offset ?? 0;
    // One more than the page shows whether a next page exists, without counting every row.
    const rows = await this.services.catalogue.listDataValues(
      {
        indicator: code,
        orgUnit: query.orgUnit,
        from: query.from,
        to: query.to,
        asOf: query.asOf,
        limit: query.limit + 1,
        offset,
      },
      PUBLIC_READER,
    );
    const items = rows.slice(0, query.limit);
    return {
      items,
      total: null,
      limit: query.limit,
      offset,
      next: rows.length > query.limit ? { offset: offset + query.limit } : null,
    } satisfies Page<(typeof items)[number]>;
  }

  /**
   * Indicators (code, names) and the text of every plan (node titles and
   * text), in both languages: indicators first, in code order, then plan
   * nodes in plan and reading order.
   */
  async search(query: PublicSearchQuery): Promise<Page<PublicSearchHit>> {
    const words = searchWords(query.q);
    const hits: PublicSearchHit[] = [];
    const indicators = await this.services.catalogue.listIndicators(undefined, PUBLIC_READER);
    for (const indicator of [...indicators].sort((a, b) => (a.code < b.code ? -1 : 1))) {
      const texts = [indicator.code, indicator.nameEn, indicator.nameZh];
      if (!matchesAll(words, texts)) continue;
      hits.push({
        kind: 'indicator',
        code: indicator.code,
        plan: null,
        titleEn: indicator.nameEn,
        titleZh: indicator.nameZh,
        snippet: snippetAround(
          [indicator.nameEn, indicator.nameZh, indicator.definitionEn].join(' · '),
          words,
        ),
        href: `/api/public/v1/indicators/${encodeURIComponent(indicator.code)}`,
      });
    }
    for (const summary of await this.services.catalogue.listPlans()) {
      const plan = await this.services.catalogue.getPlan(summary.code);
      for (const node of flatten(plan.tree)) {
        if (!matchesAll(words, [node.title, node.text])) continue;
        hits.push({
          kind: 'plan_node',
          code: node.path,
          plan: plan.code,
          // Plan texts are kept in one language: the Outline's translation, local plans' Chinese.
          titleEn: CJK.test(node.title) ? null : node.title,
          titleZh: CJK.test(node.title) ? node.title : null,
          snippet: snippetAround(`${node.title} ${node.text}`, words),
          href: `/api/public/v1/plans/${encodeURIComponent(plan.code)}`,
        });
      }
    }
    const offset = query.offset ?? 0;
    const items = hits.slice(offset, offset + query.limit);
    return {
      items,
      total: hits.length,
      limit: query.limit,
      offset,
      next: offset + items.length < hits.length ? { offset: offset + items.length } : null,
    };
  }

  /** A plan's text as a tree: chapters, sections, measures, with their targets. */
  plan(code: string): Promise<Plan> {
    return this.services.catalogue.getPlan(code);
  }

  /** Every target of a plan at a unit, judged on published figures only. */
  async progress(plan: string, orgUnit: string): Promise<PlanProgressView> {
    const result = await this.services.progress.plan(PUBLIC_READER, plan, orgUnit);
    return { ...result, bands: [...PROGRESS_BANDS[result.method]] };
  }

  releases(query: ReleaseQuery): Promise<ReleaseList> {
    return this.services.releases.list(query);
  }
}

function* flatten(nodes: readonly PlanNodeTree[]): Generator<PlanNodeTree> {
  for (const node of nodes) {
    yield node;
    yield* flatten(node.children);
  }
}
