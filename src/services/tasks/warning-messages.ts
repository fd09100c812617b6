/**
 * The text of each early warning, in English and Chinese: it names the task,
 * its unit, what is wrong and since when, so the inbox line and the digest
 * say enough without opening the task.
 */
import type { ProgressStatus } from '../../core/progress/index.js';

export interface MessageTask {
  id: number;
  title: string;
  leadUnitCode: string;
  leadUnitNameZh: string;
  leadUnitNameEn: string | null;
  dueOn: string;
  startOn: string;
  lastUpdateOn: string | null;
}

export type WarningText =
  | { kind: 'overdue'; since: string }
  | { kind: 'milestone_due_soon'; milestone: string; milestoneDueOn: string }
  | { kind: 'milestone_overdue'; milestone: string; since: string }
  | { kind: 'no_update'; since: string }
  | {
      kind: 'indicator_off_track';
      indicator: string;
      indicatorNameEn: string;
      indicatorNameZh: string;
      year: number;
      status: ProgressStatus;
      since: string;
    };

const STATUS_NAMES: Record<ProgressStatus, [en: string, zh: string]> = {
  achieved: ['achieved', '已实现'],
  missed: ['missed', '未实现'],
  on_track: ['on track', '进展顺利'],
  acceleration_needed: ['acceleration needed', '需加快进度'],
  limited_progress: ['limited progress', '进展有限'],
  deterioration: ['deteriorating', '出现倒退'],
  insufficient_data: ['insufficient data', '数据不足'],
};

export function warningMessage(task: MessageTask, text: WarningText): string {
  const unitEn = `${task.leadUnitNameEn ?? task.leadUnitNameZh} (${task.leadUnitCode})`;
  const taskEn = `task #${task.id} "${task.title}" of ${unitEn}`;
  const taskZh = `${task.leadUnitNameZh}（${task.leadUnitCode}）的任务 #${task.id}“${task.title}”`;
  switch (text.kind) {
    case 'overdue':
      return (
        `Overdue since ${text.since}: ${taskEn} was due ${task.dueOn}` +
        ` / 自 ${text.since} 起逾期：${taskZh}应于 ${task.dueOn} 完成`
      );
    case 'milestone_due_soon':
      return (
        `Milestone due ${text.milestoneDueOn}: "${text.milestone}" of ${taskEn}` +
        ` / 里程碑即将到期（${text.milestoneDueOn}）：${taskZh}的“${text.milestone}”`
      );
    case 'milestone_overdue':
      return (
        `Milestone overdue since ${text.since}: "${text.milestone}" of ${taskEn}` +
        ` / 里程碑自 ${text.since} 起逾期：${taskZh}的“${text.milestone}”`
      );
    case 'no_update': {
      const last = task.lastUpdateOn ?? task.startOn;
      const lastEn = task.lastUpdateOn === null ? `started ${last}` : `last updated ${last}`;
      const lastZh = task.lastUpdateOn === null ? `${last} 开始后` : `自 ${last} 最近一次报告后`;
      return (
        `No update since ${text.since}: ${taskEn} (${lastEn})` +
        ` / 自 ${text.since} 起未报告进展：${taskZh}${lastZh}未再更新`
      );
    }
    case 'indicator_off_track': {
      const [statusEn, statusZh] = STATUS_NAMES[text.status];
      return (
        `Indicator off track since ${text.since}: "${text.indicatorNameEn}" (${text.indicator}), ` +
        `${text.year} target: ${statusEn}; ${taskEn} is linked to it` +
        ` / 自 ${text.since} 起指标偏离目标：“${text.indicatorNameZh}”（${text.indicator}）` +
        `${text.year} 年目标${statusZh}，关联${taskZh}`
      );
    }
  }
}
