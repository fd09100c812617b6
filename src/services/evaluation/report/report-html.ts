/**
 * The yearly report as one self-contained HTML document in the model's
 * language: inline CSS and inline SVG charts, no scripts and no requests, laid
 * out for A4 print (each section starts on a new page).
 */
import { COMPONENT_KEYS } from '../../../core/evaluation/index.js';
import {
  deliveryChart,
  FONT_FAMILY,
  rankingChart,
  statusChart,
  targetChart,
} from './report-charts.js';
import { ReportFormat, STATUS_COLORS } from './report-format.js';
import type { ReportModel, ReportTarget } from './report-model.js';
import { PLAN_NAMES, reportText, textKey } from './report-text.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** The plan's title in the report's language (the stored title for plans without one). */
export function planTitle(model: ReportModel): string {
  return PLAN_NAMES[model.plan.code]?.title[model.lang] ?? model.plan.title;
}

function planIssuers(model: ReportModel): string {
  return (
    PLAN_NAMES[model.plan.code]?.issuers[model.lang] ??
    model.plan.issuers.join(model.lang === 'en' ? ' and ' : '、')
  );
}

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { font-family: ${FONT_FAMILY}; font-size: 10pt; color: #1f1f1f; }
body { margin: 0; }
h1 { font-size: 22pt; margin: 0 0 8mm; line-height: 1.3; }
h2 { font-size: 15pt; margin: 0 0 4mm; padding-bottom: 2mm; border-bottom: 2px solid #1677ff; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; }
p { margin: 0 0 3mm; line-height: 1.5; }
section { break-before: page; }
section.follows { break-before: auto; margin-top: 10mm; }
.title-page { break-before: auto; padding-top: 60mm; }
.title-page .kind { font-size: 14pt; color: #1677ff; margin-bottom: 4mm; }
.title-page .year { font-size: 30pt; font-weight: bold; margin-bottom: 20mm; }
.title-page .meta p { color: #434343; }
.title-page .contents { margin-top: 16mm; }
.title-page .contents ul { list-style: none; padding-left: 0; }
.title-page .contents li { margin: 1.5mm 0; }
.draft { border: 2px solid #cf1322; color: #cf1322; font-weight: bold; padding: 2mm 3mm; margin: 0 0 4mm; }
.note { color: #595959; font-size: 9pt; }
.missing { color: #8c8c8c; font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-size: 8.5pt; }
table.fixed { table-layout: fixed; }
td { overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #d9d9d9; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #f0f5ff; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.total td { font-weight: bold; background: #fafafa; }
.status { display: inline-block; padding: 0.3mm 1.2mm; border-radius: 2px; font-weight: bold; }
.chart { margin: 2mm 0 4mm; break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 3mm; margin-bottom: 5mm; }
.charts .chart { width: calc(50% - 1.5mm); margin: 0; border: 1px solid #f0f0f0; }
`;

export function renderReportHtml(model: ReportModel): string {
  const t = reportText(model.lang);
  const format = new ReportFormat(model.lang, t);
  const title = planTitle(model);
  const body = [
    titlePage(model, format, title),
    progressSection(model, format),
    deliverySection(model, format),
    inspectionSection(model, format),
    rankingSection(model, format),
    annexSection(model, format),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${title} — ${t('reportKind')} ${t('reportYear', { year: model.year })}`)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function cell(text: string, className?: string): string {
  return `<td${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;
}

interface Header {
  text: string;
  num?: boolean;
  /** Share of the table's width in percent; columns without one share what is left. */
  width?: number;
}

function table(headers: readonly Header[], rows: readonly string[]): string {
  const head = headers
    .map(
      (h) =>
        `<th${h.num ? ' class="num"' : ''}${h.width ? ` style="width:${h.width}%"` : ''}>${escapeHtml(h.text)}</th>`,
    )
    .join('');
  // Columns given widths keep them: an automatic layout lets long words squeeze the prose.
  const fixed = headers.some((h) => h.width !== undefined) ? ' class="fixed"' : '';
  return `<table${fixed}><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function runLine(model: ReportModel, format: ReportFormat): string {
  const run = model.evaluation;
  if (!run) {
    return format.t(model.evaluationUnpublished ? 'runUnpublished' : 'runNone', {
      year: model.year,
    });
  }
  if (run.status === 'published') {
    return format.t('runPublished', {
      id: run.id,
      cutoff: run.cutoffOn,
      publishedAt: run.publishedAt ? format.dateTime(run.publishedAt) : '—',
    });
  }
  return format.t('runDraft', { id: run.id, cutoff: run.cutoffOn });
}

function titlePage(model: ReportModel, format: ReportFormat, title: string): string {
  const { t } = format;
  const sections = [
    'sectionProgress',
    'sectionDelivery',
    'sectionInspections',
    'sectionRanking',
    'sectionAnnex',
  ] as const;
  const issued = model.plan.issuedOn
    ? `<p>${escapeHtml(t('issued', { date: model.plan.issuedOn, issuers: planIssuers(model) }))}</p>`
    : '';
  return `<div class="title-page">
<div class="kind">${escapeHtml(t('reportKind'))}</div>
<h1>${escapeHtml(title)}</h1>
<div class="year">${escapeHtml(t('reportYear', { year: model.year }))}</div>
<div class="meta">
${issued}
<p>${escapeHtml(t('generatedAt', { at: format.dateTime(model.generatedAt) }))}</p>
<p data-run-status>${escapeHtml(runLine(model, format))}</p>
<p>${escapeHtml(t('methodLine', { method: t(textKey('method_', model.plan.method)) }))}</p>
<p>${escapeHtml(t('figuresLine', { year: model.year, asOf: model.assessedOn }))}</p>
</div>
<div class="contents"><h3>${escapeHtml(t('contents'))}</h3><ul>${sections
    .map((key) => `<li>${escapeHtml(t(key))}</li>`)
    .join('')}</ul></div>
</div>`;
}

function statusBadge(target: ReportTarget, format: ReportFormat): string {
  const colors = STATUS_COLORS[target.status];
  return `<span class="status" style="color:${colors.text};background:${colors.background};border:1px solid ${colors.color}">${escapeHtml(format.status(target.status))}</span>`;
}

function progressSection(model: ReportModel, format: ReportFormat): string {
  const { t } = format;
  const targets = model.targets;
  const numeric = targets.filter((target) => target.progress.target.kind === 'numeric');
  const years = [...new Set(targets.map((target) => target.progress.target.year))].sort();
  const missing = targets.filter(
    (target) => target.latest === null && target.progress.milestone?.inputs.latest == null,
  );
  const rows = targets.map((target) => {
    const { progress } = target;
    const latest = target.latest
      ? `${format.quantity(target.latest.value, target.latest.unit, target.latest.unitMult)} (${format.period(target.latest.period)})`
      : progress.target.kind === 'qualitative'
        ? t('noEvidence')
        : t('noFigure', { year: model.year });
    const source = target.latest?.source
      ? `${target.latest.source.key}: ${target.latest.source.title}`
      : target.latest
        ? t('noSource')
        : '';
    return `<tr>${cell(format.indicatorName(progress.indicator))}${cell(String(progress.target.year), 'num')}${cell(format.targetText(target))}${cell(latest, target.latest ? undefined : 'missing')}${cell(source)}<td>${statusBadge(target, format)}</td>${cell(format.explanation(target))}</tr>`;
  });
  const charts = numeric
    .map((target) => `<div class="chart">${targetChart(target, model.year, format)}</div>`)
    .join('\n');
  return `<section id="progress">
<h2>${escapeHtml(t('sectionProgress'))}</h2>
<p>${escapeHtml(
    t('progressIntro', {
      count: targets.length,
      numeric: numeric.length,
      qualitative: targets.length - numeric.length,
      years: years.join(model.lang === 'en' ? ' and ' : '、'),
      year: model.year,
    }),
  )}</p>
${missing.length > 0 ? `<p class="note">${escapeHtml(t('progressMissing', { count: missing.length, year: model.year }))}</p>` : ''}
<h3>${escapeHtml(t('chartStatusTitle'))}</h3>
<div class="chart">${statusChart(targets, format)}</div>
<h3>${escapeHtml(t('chartSeriesTitle', { year: model.year }))}</h3>
<div class="charts">${charts}</div>
${table(
  [
    { text: t('colIndicator'), width: 14 },
    { text: t('colTargetYear'), num: true, width: 7 },
    { text: t('colTarget'), width: 14 },
    { text: t('colLatest', { year: model.year }), width: 12 },
    { text: t('colSource'), width: 13 },
    { text: t('colStatus'), width: model.lang === 'en' ? 13 : 11 },
    { text: t('colExplanation') },
  ],
  rows,
)}
</section>`;
}

function deliverySection(model: ReportModel, format: ReportFormat): string {
  const { t } = format;
  const { delivery } = model;
  const heading = `<h2>${escapeHtml(t('sectionDelivery'))}</h2>`;
  if (delivery.total.due === 0) {
    return `<section id="delivery">${heading}<p class="missing">${escapeHtml(t('deliveryNone', { year: model.year }))}</p></section>`;
  }
  const share = (onTime: number, due: number) => (due === 0 ? '—' : format.share(onTime / due));
  const row = (label: string, counts: typeof delivery.total, className = '') =>
    `<tr${className ? ` class="${className}"` : ''}>${cell(label)}${cell(String(counts.due), 'num')}${cell(String(counts.onTime), 'num')}${cell(String(counts.late), 'num')}${cell(String(counts.open), 'num')}${cell(share(counts.onTime, counts.due), 'num')}</tr>`;
  const summary = table(
    [
      { text: t('colLevel') },
      { text: t('colDue', { year: model.year }), num: true },
      { text: t('colOnTime'), num: true },
      { text: t('colLate'), num: true },
      { text: t('colOpen'), num: true },
      { text: t('colOnTimeShare'), num: true },
    ],
    [
      ...delivery.byLevel.map((counts) => row(t(textKey('level_', counts.level)), counts)),
      row(t('total'), delivery.total, 'total'),
    ],
  );
  const tasks = table(
    [
      { text: t('colTask') },
      { text: t('colLeadUnit') },
      { text: t('colDueOn') },
      { text: t('colDoneOn') },
      { text: t('colDelivery') },
    ],
    delivery.tasks.map(
      (task) =>
        `<tr>${cell(task.title)}${cell(format.unitName(task.leadUnit))}${cell(task.dueOn)}${cell(task.doneOn ?? '—')}${cell(t(textKey('delivery_', task.delivery)))}</tr>`,
    ),
  );
  return `<section id="delivery">${heading}
<p>${escapeHtml(t('deliveryIntro', { year: model.year }))}</p>
<div class="chart">${deliveryChart(delivery, model.year, format)}</div>
${summary}
${tasks}
</section>`;
}

function inspectionSection(model: ReportModel, format: ReportFormat): string {
  const { t } = format;
  const { inspections } = model;
  const heading = `<h2>${escapeHtml(t('sectionInspections'))}</h2>`;
  if (inspections.units.length === 0) {
    return `<section id="inspections" class="follows">${heading}<p class="missing">${escapeHtml(t('inspectionsNone', { year: model.year }))}</p></section>`;
  }
  const row = (label: string, r: typeof inspections.total, className = '') =>
    `<tr${className ? ` class="${className}"` : ''}>${cell(label)}${[
      r.inspections,
      r.openFindings.critical,
      r.openFindings.major,
      r.openFindings.minor,
      r.openRectifications,
      r.overdueRectifications,
    ]
      .map((n) => cell(String(n), 'num'))
      .join('')}</tr>`;
  return `<section id="inspections" class="follows">${heading}
<p>${escapeHtml(t('inspectionsIntro', { year: model.year, asOf: inspections.asOf }))}</p>
${table(
  [
    { text: t('colUnit') },
    { text: t('colInspections'), num: true },
    { text: t('colCritical'), num: true },
    { text: t('colMajor'), num: true },
    { text: t('colMinor'), num: true },
    { text: t('colOpenRectifications'), num: true },
    { text: t('colOverdueRectifications'), num: true },
  ],
  [
    ...inspections.units.map((r) => row(format.unitName(r.unit), r)),
    row(t('total'), inspections.total, 'total'),
  ],
)}
</section>`;
}

function rankingSection(model: ReportModel, format: ReportFormat): string {
  const { t } = format;
  const run = model.evaluation;
  const heading = `<h2>${escapeHtml(t('sectionRanking'))}</h2>`;
  if (!run) {
    const none = model.evaluationUnpublished ? 'rankingUnpublished' : 'rankingNone';
    return `<section id="ranking">${heading}<p class="missing" data-no-evaluation>${escapeHtml(t(none, { year: model.year }))}</p></section>`;
  }
  const draft =
    run.status === 'draft' ? `<p class="draft">${escapeHtml(t('rankingDraft'))}</p>` : '';
  const intro = `<p>${escapeHtml(t('rankingIntro', { scheme: run.schemeVersion, cutoff: run.cutoffOn, previous: model.year - 1 }))}</p>`;
  const notEvaluated =
    run.notEvaluated.length > 0
      ? `<p class="note">${escapeHtml(
          t('rankingNotEvaluated', {
            count: run.notEvaluated.length,
            year: model.year,
            units: run.notEvaluated
              .map((unit) => format.unitName(unit))
              .join(model.lang === 'en' ? ', ' : '、'),
          }),
        )}</p>`
      : '';
  if (run.ranked.length === 0) {
    return `<section id="ranking">${heading}${draft}${intro}<p class="missing">${escapeHtml(t('rankingEmpty', { year: model.year }))}</p>${notEvaluated}</section>`;
  }
  const rows = run.ranked.map(
    (row) =>
      `<tr>${cell(String(row.rank), 'num')}${cell(format.unitName(row.unit))}${cell(format.points(row.total), 'num')}${COMPONENT_KEYS.map(
        (key) => cell(format.points(row.components[key]), 'num'),
      ).join(
        '',
      )}${cell(format.change(row.rankChange, 0), 'num')}${cell(format.change(row.totalChange, 2), 'num')}</tr>`,
  );
  return `<section id="ranking">${heading}${draft}${intro}
<div class="chart">${rankingChart(run.ranked, format)}</div>
${table(
  [
    { text: t('colRank'), num: true },
    { text: t('colUnit') },
    { text: t('colTotal'), num: true },
    ...COMPONENT_KEYS.map((key) => ({ text: t(textKey('component_', key)), num: true })),
    { text: t('colRankChange'), num: true },
    { text: t('colTotalChange'), num: true },
  ],
  rows,
)}
${notEvaluated}
</section>`;
}

function annexSection(model: ReportModel, format: ReportFormat): string {
  const { t } = format;
  const heading = `<h2>${escapeHtml(t('sectionAnnex'))}</h2>`;
  if (model.figures.length === 0) {
    return `<section id="annex">${heading}<p class="missing">${escapeHtml(t('annexNone', { year: model.year }))}</p></section>`;
  }
  const rows = model.figures.map(
    (figure) =>
      `<tr>${cell(format.indicatorName({ nameEn: figure.indicatorNameEn, nameZh: figure.indicatorNameZh }))}${cell(format.unitName(figure.orgUnit))}${cell(format.period(figure.period))}${cell(format.number(figure.value, 4), 'num')}${cell(format.unitOfMeasure(figure.unit, figure.unitMult))}${cell(figure.source ? `${figure.source.key}: ${figure.source.title}${figure.source.whereFound ? ` (${figure.source.whereFound})` : ''}` : t('noSource'))}${cell(figure.source?.releasedIn ?? t('notKnown'))}</tr>`,
  );
  return `<section id="annex">${heading}
<p>${escapeHtml(t('annexIntro', { year: model.year }))}</p>
${table(
  [
    { text: t('colIndicator') },
    { text: t('colOrgUnit') },
    { text: t('colPeriod') },
    { text: t('colValue'), num: true },
    { text: t('colUnitOfMeasure') },
    { text: t('colSource') },
    { text: t('colReleased') },
  ],
  rows,
)}
</section>`;
}
