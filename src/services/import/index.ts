export { RecordChecker, type CheckedValue, type PeriodInfo } from './checker.js';
export {
  ImportEngine,
  ImportRefusedError,
  type ImportInput,
  type ImportLayout,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type JsonValue,
} from './engine.js';
export { loadLookups, type ImportLookups, type IndicatorInfo, type UnitInfo } from './lookups.js';
export { PROBLEM_CAP, ProblemCollector, type ImportProblem } from './problems.js';
