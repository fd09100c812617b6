export { parsePlanText } from './parse-plan-text.js';
export {
  renderPlanText,
  type PlanTextDraft,
  type PlanTextDraftNode,
  type RenderPlanTextOptions,
} from './render-plan-text.js';
export type {
  ImportNote,
  ImportNoteKind,
  ImportProblem,
  ParsedPlan,
  ParsedPlanNode,
  PlanNodeKind,
} from './types.js';
