/**
 * Reads a plan document into the store: parse (pure core), refuse on any
 * problem with every line named, otherwise insert the plan with its tree and
 * the importer's notes in one transaction.
 */
import { createHash } from 'node:crypto';
import { parsePlanText } from '../core/plan-text/parse-plan-text.js';
import type { ParsedPlan, ParsedPlanNode } from '../core/plan-text/types.js';
import { PlanRepository, type NewPlanNodeTree } from '../db/repositories/plan.repository.js';
import type { Db, Tx } from '../db/connect.js';
import { appendAudit, type Actor } from './audit.service.js';
import { ConflictError, InputError } from './errors.js';

export const PLAN_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface PlanImportRequest {
  code: string;
  text: string;
  /** Where the text came from (file name, URL, publisher), kept with the plan. */
  source: string;
  /** Name used in messages, e.g. the file's path. */
  fileName: string;
  /** Replaces the title read from the text's first line. */
  title?: string | undefined;
  /** A local plan: the plan it follows and the unit whose plan it is. */
  follows?: { parentPlanId: number; parentPlanCode: string; ownerOrgUnitCode: string } | undefined;
}

export interface PlanImportResult {
  planId: number;
  code: string;
  nodeCount: number;
  parsed: ParsedPlan;
}

/** Parses without storing; throws InputError naming every line that cannot be placed. */
export function parsePlanDocument(text: string, fileName: string): ParsedPlan {
  if (text.includes('\uFFFD')) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    throw new InputError(`${fileName} is not valid UTF-8 text`, [
      { path: fileName, line, message: 'invalid UTF-8 byte sequence; save the file as UTF-8' },
    ]);
  }
  const parsed = parsePlanText(text);
  if (parsed.problems.length > 0) {
    throw new InputError(
      `${fileName} cannot be imported as a plan: ${parsed.problems.length} problem${parsed.problems.length > 1 ? 's' : ''}`,
      parsed.problems.map((problem) => ({ path: fileName, ...problem })),
    );
  }
  return parsed;
}

export async function importPlan(
  db: Db,
  request: PlanImportRequest,
  actor: Actor,
): Promise<PlanImportResult> {
  return db.transaction().execute((trx) => importPlanIn(trx, request, actor));
}

/** The same, inside a transaction the caller holds (e.g. loading the defaults). */
export async function importPlanIn(
  trx: Tx,
  request: PlanImportRequest,
  actor: Actor,
): Promise<PlanImportResult> {
  if (!PLAN_CODE.test(request.code)) {
    throw new InputError(
      `"${request.code}" is not a plan code: use lower-case letters, digits and hyphens`,
      [{ path: 'code', message: 'expected a code like nids-2016' }],
    );
  }
  const parsed = parsePlanDocument(request.text, request.fileName);
  const plans = new PlanRepository(trx);
  if (await plans.findByCode(request.code)) {
    throw new ConflictError(`A plan with code ${request.code} exists already; choose another code`);
  }
  const title = request.title ?? parsed.title;
  const planId = await plans.insert({
    code: request.code,
    title,
    issuers: parsed.issuers,
    issuedOn: parsed.issuedOn,
    source: request.source,
    preamble: parsed.preamble,
    textSha256: createHash('sha256').update(request.text).digest('hex'),
    importedAt: new Date().toISOString(),
    nodes: parsed.nodes.map(toNewNode),
    notes: parsed.notes,
    parentPlanId: request.follows?.parentPlanId ?? null,
    ownerOrgUnitCode: request.follows?.ownerOrgUnitCode ?? null,
  });
  const nodeCount = countNodes(parsed.nodes);
  await appendAudit(trx, actor, {
    action: 'plan.import',
    entityType: 'plan',
    entityId: request.code,
    after: {
      title,
      source: request.source,
      nodes: nodeCount,
      notes: parsed.notes.length,
      ...(request.follows
        ? { alignsTo: request.follows.parentPlanCode, owner: request.follows.ownerOrgUnitCode }
        : {}),
    },
  });
  return { planId, code: request.code, nodeCount, parsed };
}

function toNewNode(node: ParsedPlanNode): NewPlanNodeTree {
  return {
    kind: node.kind,
    number: node.number,
    printedNumber: node.printedNumber,
    path: node.path,
    title: node.title,
    body: node.text,
    sourceLine: node.line,
    children: node.children.map(toNewNode),
  };
}

function countNodes(nodes: readonly ParsedPlanNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}
