/**
 * Small pieces the portal's pages share: the page title, sections with real
 * headings, loading and error states that link back into the portal, and
 * dates and quantities in the reader's language.
 */
import { Alert, Button, Spin } from 'antd';
import { useEffect, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiRequestError } from '../../api/client';
import { formatQuantity, type Lang } from '../../format/quantity';
import { OUTLINE_PLAN, type Indicator } from './publicApi';

/** Loading, said to screen readers too; the text in the portal's readable grey. */
export function OpenLoading() {
  const { t } = useTranslation();
  return (
    <div className="open-loading" role="status" aria-live="polite">
      <Spin />
      <span className="open-muted">{t('common.loading')}</span>
    </div>
  );
}

/** The browser tab says which page of the portal this is (WCAG 2.4.2). */
export function usePageTitle(title: string | null): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    if (title === null) return;
    document.title = `${title} · ${t('open.title')}`;
  }, [title, t, i18n.language]);
}

/** A part of a page under its own h2 (or deeper) heading, named by it for assistive technology. */
export function Section({
  title,
  level = 2,
  extra,
  children,
  testId,
  className,
}: {
  title: ReactNode;
  level?: 2 | 3;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      aria-labelledby={id}
      className={`open-section${className ? ` ${className}` : ''}`}
      data-testid={testId}
    >
      <div className="open-section-head">
        <Heading id={id} className="open-section-title">
          {title}
        </Heading>
        {extra}
      </div>
      {children}
    </section>
  );
}

/** What went wrong loading a part of the portal, in words, with a way to try again. */
export function OpenError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiRequestError && error.status === 404;
  const detail =
    error instanceof ApiRequestError
      ? error.status === null
        ? t('error.network', { message: error.message })
        : `${t('error.status', { status: error.status })} ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={notFound ? t('open.error.notFound') : t('error.title')}
      description={
        <div data-testid="open-error">
          <p className="open-error-detail">{detail}</p>
          <p className="open-error-actions">
            {onRetry && !notFound && (
              <Button onClick={onRetry} className="open-error-retry">
                {t('common.retry')}
              </Button>
            )}
            <Link to="/open">{t('open.error.home')}</Link>
          </p>
        </div>
      }
    />
  );
}

export function indicatorName(indicator: Pick<Indicator, 'nameEn' | 'nameZh'>, lang: Lang): string {
  return lang === 'en' ? indicator.nameEn : indicator.nameZh;
}

/** The name in the other language, marked as such for screen readers (WCAG 3.1.2). */
export function OtherName({
  indicator,
  lang,
}: {
  indicator: Pick<Indicator, 'nameEn' | 'nameZh'>;
  lang: Lang;
}) {
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  return <span lang={other}>{indicatorName(indicator, other)}</span>;
}

/** A value in the indicator's unit and multiplier: "37.21 万亿元", "11.51 Tbps". */
export function quantityOf(
  indicator: Pick<Indicator, 'unit' | 'unitMult'>,
  lang: Lang,
  digits = 2,
): (value: number) => string {
  return (value) =>
    formatQuantity(value, indicator.unit, indicator.unitMult, lang, {
      maximumFractionDigits: digits,
    });
}

/** A calendar day (YYYY-MM-DD or an ISO time) in the reader's language, in UTC like the API's days. */
export function formatDay(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** A day, or a moment (shown to the minute, in UTC like the API's days). */
export function formatAsOf(asOf: string, lang: Lang): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return formatDay(asOf, lang);
  const date = new Date(asOf);
  if (Number.isNaN(date.getTime())) return asOf;
  const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  }).format(date);
  return `${formatDay(asOf, lang)} ${time} UTC`;
}

/** Where a plan item is in the portal: the plan text with the item's anchor. */
export function planItemHref(plan: string, path: string): string {
  return `${plan === OUTLINE_PLAN ? '/open/plan' : `/open/plans/${encodeURIComponent(plan)}`}#${encodeURIComponent(path)}`;
}
