/**
 * How the report says things: names, periods, quantities (the core's
 * formatter, with 万/亿/万亿 in Chinese), points, shares, and the one-sentence
 * reason for each target's status, in the report's language.
 */
import { roundPoints } from '../../../core/evaluation/index.js';
import type { ProgressStatus } from '../../../core/progress/index.js';
import { formatNumber, formatQuantity, unitLabel } from '../../../core/quantity.js';
import type { ReportTarget, ReportUnit } from './report-model.js';
import { textKey, type ReportLanguage, type Translate } from './report-text.js';

/** Display order of statuses: outcomes, the trajectory from best to worst, then no data (as the dashboard). */
export const STATUS_ORDER: readonly ProgressStatus[] = [
  'achieved',
  'missed',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
  'insufficient_data',
];

/** The dashboard's status colours (web/src/components/progressStatus.ts). */
export const STATUS_COLORS: Readonly<
  Record<ProgressStatus, { color: string; text: string; background: string }>
> = {
  achieved: { color: '#389e0d', text: '#237804', background: '#f6ffed' },
  on_track: { color: '#7cb305', text: '#3f6600', background: '#fcffe6' },
  acceleration_needed: { color: '#fadb14', text: '#874d00', background: '#fffbe6' },
  limited_progress: { color: '#fa8c16', text: '#ad4e00', background: '#fff7e6' },
  deterioration: { color: '#f5222d', text: '#a8071a', background: '#fff1f0' },
  missed: { color: '#a8071a', text: '#820014', background: '#fff1f0' },
  insufficient_data: { color: '#bfbfbf', text: '#595959', background: '#fafafa' },
};

const RATIO_SYMBOL: Record<string, string> = {
  unsd_cagr_ratio: 'CR',
  unsd_extrapolation: 'r',
  statcan: 'R',
};

export class ReportFormat {
  constructor(
    readonly lang: ReportLanguage,
    readonly t: Translate,
  ) {}

  unitName(unit: Pick<ReportUnit, 'nameZh' | 'nameEn'>): string {
    return this.lang === 'en' ? (unit.nameEn ?? unit.nameZh) : unit.nameZh;
  }

  indicatorName(names: { nameEn: string; nameZh: string }): string {
    return this.lang === 'en' ? names.nameEn : names.nameZh;
  }

  quantity(value: number, unit: string | null, unitMult: number): string {
    return formatQuantity(value, unit, unitMult, this.lang);
  }

  unitOfMeasure(unit: string | null, unitMult: number): string {
    return unitLabel(unit, unitMult, this.lang);
  }

  number(value: number, digits = 2): string {
    return formatNumber(value, this.lang, digits);
  }

  /** Points as the ranking compares them: two decimals. */
  points(value: number): string {
    return roundPoints(value).toFixed(2);
  }

  /** +3, −1.25, or "new" when there is nothing to compare with. */
  change(value: number | null, decimals: number): string {
    if (value === null) return this.t('changeNew');
    if (value === 0) return '0';
    return `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(decimals)}`;
  }

  share(value: number): string {
    return `${formatNumber(value * 100, this.lang, 1)}%`;
  }

  ratio(value: number): string {
    return new Intl.NumberFormat(this.lang === 'en' ? 'en-US' : 'zh-CN', {
      minimumFractionDigits: 3,
      maximumFractionDigits: 3,
    }).format(value);
  }

  /** "2016S1" → "2016 H1" / "2016 年上半年"; codes it does not know as they are. */
  period(code: string): string {
    const match = /^(\d{4})(?:([SQ])(\d)|(\d{2}))?$/.exec(code);
    if (!match) return code;
    const year = match[1]!;
    if (match[2] === 'S') return this.t(match[3] === '1' ? 'periodHalf1' : 'periodHalf2', { year });
    if (match[2] === 'Q') return this.t('periodQuarter', { year, quarter: match[3]! });
    if (match[4] !== undefined) return this.t('periodMonth', { year, month: match[4] });
    return year;
  }

  /** "2026-11-27T08:45:00.000Z" → "2026-11-27 08:45". */
  dateTime(iso: string): string {
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }

  status(status: ProgressStatus): string {
    return this.t(textKey('status_', status));
  }

  /** The target in words: "at least 6 trillion yuan", or the milestone. */
  targetText(target: ReportTarget): string {
    const { target: t, indicator } = target.progress;
    if (t.kind === 'qualitative' || t.value === null)
      return (this.lang === 'en' ? t.milestoneEn : t.milestoneZh) ?? t.sentence;
    return this.comparator(
      t.comparator,
      this.quantity(t.value, indicator.unit, indicator.unitMult),
    );
  }

  comparator(comparator: string | null, value: string): string {
    const known = ['at_least', 'at_most', 'approach'];
    return known.includes(comparator ?? 'at_least')
      ? this.t(textKey('comparator_', comparator ?? 'at_least'), { value })
      : value;
  }

  /** One sentence saying why the target has its status (the web's explain summary). */
  explanation(target: ReportTarget): string {
    const { assessment, milestone, indicator } = target.progress;
    const quantity = (value: number) => this.quantity(value, indicator.unit, indicator.unitMult);
    if (milestone) {
      const status = this.status(milestone.status);
      const deadline = milestone.inputs.deadline;
      const latest = milestone.inputs.latest;
      if (!latest) return this.t('milestoneNone', { deadline, status });
      return this.t('milestoneSome', {
        evidence: this.t(textKey('evidence_', latest.status)),
        date: latest.recordedAt.slice(0, 10),
        deadline,
        status,
      });
    }
    if (!assessment) return this.t('reason_no_observation_by_target_year');
    const { base, latest, target: goal } = assessment.inputs;
    if (assessment.status === 'insufficient_data' || !latest) {
      return this.t(textKey('reason_', assessment.reason ?? 'no_observation_by_target_year'));
    }
    const common = {
      latest: quantity(latest.value),
      period: this.period(latest.period),
      target: this.comparator(goal.comparator, quantity(goal.value)),
      year: goal.year,
      share: assessment.shareAttained === null ? '—' : this.share(assessment.shareAttained),
      status: this.status(assessment.status),
    };
    if (assessment.final) return this.t('explainFinal', common);
    if (assessment.status === 'achieved') return this.t('explainEarly', common);
    return this.t(textKey('explain_', assessment.method), {
      ...common,
      base: base ? quantity(base.value) : '—',
      basePeriod: base ? this.period(base.period) : '—',
      symbol: RATIO_SYMBOL[assessment.method] ?? 'ratio',
      ratio: assessment.ratio === null ? '—' : this.ratio(assessment.ratio),
      band: assessment.band ? this.band(assessment.band.label) : '—',
    });
  }

  /** A band's published category in the report's language (the publication's English when unknown). */
  band(label: string): string {
    const slug = label
      .toLowerCase()
      .replace(/[^a-z]+/g, '_')
      .replace(/^_|_$/g, '');
    try {
      return this.t(textKey('band_', slug));
    } catch {
      return label;
    }
  }
}
