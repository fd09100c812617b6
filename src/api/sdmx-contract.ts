/**
 * The SDMX service's request shapes (SDMX REST 2.x style, under /api/sdmx).
 * Responses are SDMX messages (SDMX-JSON 2.0, SDMX-CSV 2.0) whose shape the
 * SDMX standard defines; they are described loosely here.
 */
import { z } from 'zod';

const code = z.string().trim().min(1).max(64);

export const SDMX_DATA_FORMATS = ['jsondata', 'csvdata'] as const;

export const SDMX_JSON_DATA = 'application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8';
export const SDMX_CSV_DATA = 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8';
export const SDMX_JSON_STRUCTURE =
  'application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8';

export const sdmxDataQuerySchema = z.object({
  /** Observations of periods ending on or after the start of this period (2020, 2020-Q1, 2020-S1, 2020-06, or a day). */
  startPeriod: z.string().trim().max(32).optional(),
  /** Observations of periods ending by the end of this period. */
  endPeriod: z.string().trim().max(32).optional(),
  /** A day or date-time: the values as published then (a vintage). */
  asOf: z.string().trim().max(40).optional(),
  /** Overrides the Accept header: jsondata (SDMX-JSON 2.0, the default) or csvdata (SDMX-CSV 2.0). */
  format: z.enum(SDMX_DATA_FORMATS).optional(),
});
export type SdmxDataQueryParams = z.infer<typeof sdmxDataQuerySchema>;

export const sdmxDataParamsSchema = z.object({
  /** A dataflow ID (NIDS_ANNUAL, ALL) or AGENCY,ID[,VERSION]. */
  flow: z.string().trim().min(1).max(100),
  /** Dot-separated codes in dimension order; `+` joins several; empty or `*` for all; `all` for the whole key. */
  key: z.string().max(2000).optional(),
});

export const sdmxFlowParamsSchema = z.object({ agency: code, id: code.optional() });
export const sdmxStructureParamsSchema = z.object({ agency: code, id: code });
export const sdmxFullDataParamsSchema = z.object({
  agency: code,
  flowId: code,
  version: code,
  key: z.string().max(2000).optional(),
});

/** An SDMX-JSON message: meta and data, as the SDMX-JSON 2.0 schemas define them. */
export const sdmxMessageSchema = z
  .object({ meta: z.record(z.string(), z.unknown()), data: z.record(z.string(), z.unknown()) })
  .loose();
