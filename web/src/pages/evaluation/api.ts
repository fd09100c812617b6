/**
 * The evaluation API as the web app calls it: URLs and the two writes (run,
 * publish). Types come from the shared contract (src/api/evaluation-contract.ts).
 */
import type {
  EvaluationRanking,
  EvaluationRunCreate,
} from '../../../../src/api/evaluation-contract';
import { sendJson } from '../../api/client';

export type {
  ComponentPoints,
  ComponentScore,
  EvaluationComponentKey,
  EvaluationRanking,
  EvaluationRunList,
  EvaluationRunStatusName,
  EvaluationRunSummary,
  EvaluationSchemeView,
  RankingRow,
  ScoreItem,
  Scorecard,
  ScorecardHistoryPoint,
} from '../../../../src/api/evaluation-contract';

export type ReportFormat = 'pdf' | 'html' | 'xlsx';

const enc = encodeURIComponent;

export const evaluationApi = {
  runs: () => '/api/evaluations',
  ranking: (year: number) => `/api/evaluations/${year}`,
  scorecard: (year: number, code: string) => `/api/evaluations/${year}/units/${enc(code)}`,
  run: (year: number) => `/api/evaluations/${year}/runs`,
  publish: (runId: number) => `/api/evaluation-runs/${runId}/publish`,
  scheme: (year: number) => `/api/evaluation-schemes/${year}`,
  report: (year: number, lang: 'zh-CN' | 'en', format: ReportFormat) =>
    `/api/evaluations/${year}/report?lang=${enc(lang)}&format=${format}`,
};

/** Scores the year as of the cut-off day; the result is the year's draft. */
export function runEvaluation(year: number, run: EvaluationRunCreate): Promise<EvaluationRanking> {
  return sendJson<EvaluationRanking>('POST', evaluationApi.run(year), run);
}

/** Publishes a draft run: from then on it is frozen. */
export function publishRun(runId: number): Promise<EvaluationRanking> {
  return sendJson<EvaluationRanking>('POST', evaluationApi.publish(runId));
}
