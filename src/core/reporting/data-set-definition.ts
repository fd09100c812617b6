/**
 * A data set (reporting form) as an administrator writes it: JSON in a file
 * for the defaults and the CLI, the same JSON through the API. Checked here
 * for shape; the service checks it against the store (indicators, units).
 */
import { z } from 'zod';
import { PERIOD_TYPES } from '../periods.js';
import { APPROVAL_LEVELS } from './approval.js';

const code = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, starting with a letter');
const upperCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'capital letters, digits and _, starting with a letter');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date, YYYY-MM-DD');

export const categoryDefinitionSchema = z.object({
  code: upperCode,
  nameEn: z.string().min(1).max(200),
  nameZh: z.string().min(1).max(200),
  options: z
    .array(
      z.object({
        code: upperCode,
        nameEn: z.string().min(1).max(200),
        nameZh: z.string().min(1).max(200),
      }),
    )
    .min(2, 'a category needs at least two options'),
});
export type CategoryDefinition = z.infer<typeof categoryDefinitionSchema>;

export const dataSetDefinitionSchema = z
  .object({
    code,
    nameEn: z.string().min(1).max(300),
    nameZh: z.string().min(1).max(300),
    periodType: z.enum(PERIOD_TYPES),
    opensAfterDays: z.number().int().min(-366).max(366),
    closesAfterDays: z.number().int().min(-366).max(731),
    approvalLevels: z.array(z.enum(APPROVAL_LEVELS)).max(APPROVAL_LEVELS.length),
    /** Categories this form breaks indicators down by (defined once, shared by every form). */
    categories: z.array(categoryDefinitionSchema).default([]),
    indicators: z
      .array(
        z.object({
          indicator: z.string().min(1).max(64),
          required: z.boolean().default(false),
          min: z.number().finite().nullable().default(null),
          max: z.number().finite().nullable().default(null),
          outlierThreshold: z.number().positive().nullable().default(null),
          /** Category codes the indicator is broken down by, in order. */
          categories: z.array(upperCode).default([]),
        }),
      )
      .min(1),
    /** Units that must report: every unit of these levels, and/or these codes. */
    orgUnits: z.object({
      levels: z
        .array(z.enum(['province', 'prefecture', 'county', 'department', 'nation']))
        .default([]),
      codes: z.array(z.string().min(1).max(64)).default([]),
    }),
    windows: z
      .array(z.object({ period: z.string().min(4).max(8), opensOn: isoDate, closesOn: isoDate }))
      .default([]),
    rules: z
      .array(
        z.object({
          code,
          severity: z.enum(['error', 'warning']),
          nameEn: z.string().min(1).max(300),
          nameZh: z.string().min(1).max(300),
          definition: z.unknown(),
        }),
      )
      .default([]),
  })
  .superRefine((definition, context) => {
    const seen = new Set<string>();
    definition.indicators.forEach((entry, index) => {
      if (seen.has(entry.indicator)) {
        context.addIssue({
          code: 'custom',
          path: ['indicators', index, 'indicator'],
          message: `${entry.indicator} is listed twice`,
        });
      }
      seen.add(entry.indicator);
      if (entry.min !== null && entry.max !== null && entry.min > entry.max) {
        context.addIssue({
          code: 'custom',
          path: ['indicators', index, 'max'],
          message: `max ${entry.max} is below min ${entry.min}`,
        });
      }
    });
    definition.windows.forEach((window, index) => {
      if (window.opensOn > window.closesOn) {
        context.addIssue({
          code: 'custom',
          path: ['windows', index, 'closesOn'],
          message: `closes on ${window.closesOn}, before it opens on ${window.opensOn}`,
        });
      }
    });
    if (definition.opensAfterDays > definition.closesAfterDays) {
      context.addIssue({
        code: 'custom',
        path: ['closesAfterDays'],
        message: 'the window closes before it opens',
      });
    }
  });
export type DataSetDefinition = z.infer<typeof dataSetDefinitionSchema>;
export type DataSetDefinitionInput = z.input<typeof dataSetDefinitionSchema>;
