/** One stored value as the writers take it: codes, the number, and optional human names. */
export interface ExportRow {
  indicator: string;
  orgUnit: string;
  /** A Planwatch period code: 2024, 2024S1, 2024Q3, 202407. */
  period: string;
  /** Canonical key "AREA=URBAN;ENTERPRISE=SOE"; '' is the total. */
  disaggregation: string;
  value: number;
  comment: string | null;
  source: string | null;
  indicatorName?: string;
  orgUnitName?: string;
  unitLabel?: string;
}
