/**
 * The HTTP API's response shapes, one zod schema per resource. The server
 * validates and documents its responses with them (OpenAPI), and the web app
 * imports the inferred types, so both sides share one definition.
 */
import { z } from 'zod';
import { ROLES } from '../core/access/policy.js';

export const healthSchema = z.object({
  status: z.literal('ok'),
  store: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

export const orgUnitLevels = ['nation', 'province', 'prefecture', 'county', 'department'] as const;

export const orgUnitSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(orgUnitLevels),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  /** Edition of the administrative division codes (GB/T 2260) the code belongs to; null for departments. */
  divisionEdition: z.string().nullable(),
});

export const orgUnitListSchema = z.object({
  items: z.array(orgUnitSchema),
  total: z.number().int(),
});

export const planNodeKinds = ['chapter', 'section', 'principle', 'objective', 'measure'] as const;

export interface PlanNodeTree {
  id: number;
  kind: (typeof planNodeKinds)[number];
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  text: string;
  indicatorCodes: string[];
  children: PlanNodeTree[];
}

export const planNodeTreeSchema: z.ZodType<PlanNodeTree> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    kind: z.enum(planNodeKinds),
    number: z.string(),
    printedNumber: z.string().nullable(),
    path: z.string(),
    title: z.string(),
    text: z.string(),
    indicatorCodes: z.array(z.string()),
    children: z.array(planNodeTreeSchema),
  }),
);

export const importNoteSchema = z.object({
  line: z.number().int(),
  kind: z.string(),
  message: z.string(),
});

export const planSummarySchema = z.object({
  code: z.string(),
  title: z.string(),
  issuers: z.array(z.string()),
  issuedOn: z.string().nullable(),
  source: z.string(),
  nodeCount: z.number().int(),
});

export const planSchema = planSummarySchema.extend({
  preamble: z.string(),
  notes: z.array(importNoteSchema),
  tree: z.array(planNodeTreeSchema),
});

export const targetSchema = z.object({
  id: z.number().int(),
  indicatorCode: z.string(),
  orgUnitCode: z.string(),
  year: z.number().int(),
  kind: z.enum(['numeric', 'qualitative']),
  value: z.number().nullable(),
  comparator: z.string().nullable(),
  baselineYear: z.number().int().nullable(),
  baselineValue: z.number().nullable(),
  derivation: z.string().nullable(),
  milestoneEn: z.string().nullable(),
  milestoneZh: z.string().nullable(),
  status: z.string().nullable(),
  sentence: z.string(),
  planCode: z.string(),
  planNodePath: z.string(),
});

export const dataValueSchema = z.object({
  indicatorCode: z.string(),
  orgUnitCode: z.string(),
  period: z.string(),
  periodType: z.enum(['year', 'half_year', 'quarter', 'month']),
  /** In the indicator's unit and multiplier. */
  value: z.number(),
  /** How the figure was defined; values on different bases are kept apart. */
  basis: z.string(),
  sourceKey: z.string().nullable(),
  confidence: z.enum(['high', 'medium', 'low']).nullable(),
  /** The value and unit exactly as published, before conversion to the indicator's multiplier. */
  publishedValue: z.string().nullable(),
  publishedUnit: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** 'published' figures are public; 'draft' values only to users whose scope covers the unit. */
  status: z.enum(['draft', 'published']),
  comment: z.string().nullable(),
  /** Increases with every change; send it back as expectedVersion when changing the value. */
  version: z.number().int(),
  /** When this published figure was last revised, and the note saying why; null if never revised. */
  revisedAt: z.string().nullable(),
  revisionNote: z.string().nullable(),
});

export const dataValueRevisionSchema = z.object({
  version: z.number().int(),
  value: z.number(),
  status: z.enum(['draft', 'published']),
  comment: z.string().nullable(),
  /** Why it changed, as the writer said. */
  reason: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** On a correction of a published figure: the note published with it. */
  revisionNote: z.string().nullable(),
});

export const sourceSchema = z.object({
  key: z.string(),
  title: z.string(),
  whereFound: z.string().nullable(),
});

export const indicatorSchema = z.object({
  code: z.string(),
  kind: z.enum(['numeric', 'qualitative']),
  nameEn: z.string(),
  nameZh: z.string(),
  unit: z.string().nullable(),
  unitMult: z.number().int(),
  direction: z.enum(['increase', 'decrease', 'none']),
  aggregation: z.string(),
  definitionEn: z.string(),
  definitionZh: z.string(),
  source: z.string().nullable(),
  planNodes: z.array(z.object({ planCode: z.string(), path: z.string(), title: z.string() })),
  targets: z.array(targetSchema),
  /** The most recent national value (latest period; on ties, the first basis alphabetically), or null. */
  latest: dataValueSchema.nullable(),
});

export const indicatorDetailSchema = indicatorSchema.extend({
  values: z.array(dataValueSchema),
  sources: z.array(sourceSchema),
});

export const indicatorListSchema = z.object({ items: z.array(indicatorSchema) });
export const dataValueListSchema = z.object({ items: z.array(dataValueSchema) });

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** With a conflict: the record as it is now, so the caller sees what changed. */
  current: z.unknown().optional(),
});

export type Health = z.infer<typeof healthSchema>;
export type OrgUnit = z.infer<typeof orgUnitSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type Plan = z.infer<typeof planSchema>;
export type Target = z.infer<typeof targetSchema>;
export type DataValue = z.infer<typeof dataValueSchema>;
export type DataValueRevision = z.infer<typeof dataValueRevisionSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorDetail = z.infer<typeof indicatorDetailSchema>;
export type ApiError = z.infer<typeof errorSchema>;

// ---- Access: accounts, roles, sessions, API tokens, audit ----

export const roles = ROLES;
export type Role = (typeof roles)[number];

export const grantSchema = z.object({
  role: z.enum(roles),
  orgUnitCode: z.string().min(1).max(64),
});

export const roleAssignmentSchema = grantSchema.extend({
  id: z.number().int(),
  orgUnitNameZh: z.string(),
  orgUnitNameEn: z.string().nullable(),
  grantedAt: z.string(),
});

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  createdAt: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  roles: z.array(roleAssignmentSchema),
  email: z.string().nullable().describe('Where the daily digest of notices goes; null: inbox only'),
});

/** The signed-in user as the web app needs it: who, what they may do where, and the CSRF token. */
export const sessionSchema = z.object({
  user: userSchema,
  /** Actions the user may take somewhere (for showing and hiding screens; the server checks every request anyway). */
  actions: z.array(z.string()),
  csrfToken: z.string(),
  expiresAt: z.string(),
});

export const signInSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(12, 'at least 12 characters').max(1000),
});

export const userCreateSchema = z.object({
  username: z
    .string()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, underscore, hyphen'),
  displayName: z.string().min(1).max(200),
  password: z.string().min(12, 'at least 12 characters').max(1000),
  roles: z.array(grantSchema).max(50).default([]),
  email: z.email('an address such as name@example.org').max(254).optional(),
});

export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  grants: z.array(grantSchema),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const apiTokenCreateSchema = z.object({
  name: z.string().min(1).max(100),
  grants: z.array(grantSchema).min(1).max(50),
  /** ISO date-time; at most a year ahead. */
  expiresAt: z.string().datetime({ offset: true }),
});

export const apiTokenCreatedSchema = apiTokenSchema.extend({
  /** The secret, shown this once; only its hash is stored. */
  token: z.string(),
});

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorIp: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export const dataValueWriteSchema = z.object({
  indicatorCode: z.string().min(1).max(64),
  orgUnitCode: z.string().min(1).max(64),
  period: z.string().min(1).max(16),
  value: z.number().finite(),
  comment: z.string().max(2000).nullable().default(null),
  /** The version the writer saw; required to change an existing value, so no update is lost. */
  expectedVersion: z.number().int().min(1).max(2_147_483_647).optional(),
  /** Why the value changes, kept with the revision. */
  reason: z.string().max(2000).nullable().default(null),
});

/** A correction of a published figure: it stays public, with the note. */
export const publishedRevisionSchema = z.object({
  indicatorCode: z.string().min(1).max(64),
  orgUnitCode: z.string().min(1).max(64),
  period: z.string().min(1).max(16),
  basis: z
    .string()
    .max(64)
    .default('')
    .describe("The figure's basis label ('' for the definition)"),
  disaggregation: z.string().max(200).default('').describe("Category options, '' for the total"),
  value: z.number().finite(),
  /** Why the published figure changes; published with it. */
  note: z.string().trim().min(1).max(2000),
  /** The version the reviser saw, so no update is lost. */
  expectedVersion: z.number().int().min(1).max(2_147_483_647),
  /** The source of the corrected figure, when not the one cited before. */
  sourceKey: z.string().min(1).max(64).nullable().optional(),
});

export type Grant = z.infer<typeof grantSchema>;
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;
export type User = z.infer<typeof userSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
