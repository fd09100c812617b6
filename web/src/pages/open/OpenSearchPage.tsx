/**
 * Search over indicators and the plan text (either language): the words are
 * kept in the URL (?q=), results link to the indicator's page or to the
 * plan item's anchor.
 */
import { Button, Input } from 'antd';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/useApi';
import { useLang } from '../../useLang';
import { OpenError, OpenLoading, planItemHref, usePageTitle } from './bits';
import { publicApi, type PublicSearchHit, type PublicSearchResult } from './publicApi';

const PAGE = 50;

function hitHref(hit: PublicSearchHit): string {
  return hit.kind === 'indicator'
    ? `/open/indicators/${encodeURIComponent(hit.code)}`
    : planItemHref(hit.plan ?? '', hit.code);
}

/** The title in the reader's language when there is one, else the other, marked with its language. */
function HitTitle({ hit }: { hit: PublicSearchHit }) {
  const lang = useLang();
  const preferred = lang === 'en' ? hit.titleEn : hit.titleZh;
  if (preferred) return <>{preferred}</>;
  const other = lang === 'en' ? hit.titleZh : hit.titleEn;
  return <span lang={lang === 'en' ? 'zh-CN' : 'en'}>{other ?? hit.code}</span>;
}

export default function OpenSearchPage() {
  const { t } = useTranslation();
  usePageTitle(t('open.search.title'));
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [words, setWords] = useState(q);
  // Back and forward change the words in the URL: the box follows.
  useEffect(() => setWords(q), [q]);
  const result = useApi<PublicSearchResult>(q ? publicApi.search(q, offset, PAGE) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (words.trim()) next.set('q', words.trim());
    setParams(next);
  };
  const goTo = (nextOffset: number) => {
    const next = new URLSearchParams(params);
    if (nextOffset > 0) next.set('offset', String(nextOffset));
    else next.delete('offset');
    setParams(next);
  };

  const data = result.data;
  return (
    <div data-testid="open-search">
      <h1 className="open-title">{t('open.search.title')}</h1>
      <form role="search" className="open-search-form" onSubmit={submit}>
        <label htmlFor="open-search-q" className="open-label">
          {t('open.search.label')}
        </label>
        <div className="open-search-row">
          <Input
            id="open-search-q"
            type="search"
            name="q"
            value={words}
            onChange={(event) => setWords(event.target.value)}
            aria-describedby="open-search-hint"
            data-testid="open-search-input"
            className="open-search-input"
          />
          <Button type="primary" htmlType="submit" data-testid="open-search-submit">
            {t('open.search.submit')}
          </Button>
        </div>
        <p id="open-search-hint" className="open-muted open-small">
          {t('open.search.hint')}
        </p>
      </form>
      {result.error ? <OpenError error={result.error} onRetry={result.reload} /> : null}
      {result.loading && <OpenLoading />}
      {data && (
        <section aria-labelledby="open-search-results">
          <h2 id="open-search-results" className="open-section-title">
            {t('open.search.results')}
          </h2>
          <p role="status" className="open-meta" data-testid="open-search-count">
            {t('open.search.count', { count: data.total, q })}
          </p>
          <ol className="open-hits" data-testid="open-hits" start={data.offset + 1}>
            {data.items.map((hit) => (
              <li key={`${hit.kind}-${hit.plan ?? ''}-${hit.code}`} className="open-hit">
                <span className="open-hit-kind">{t(`open.search.kind.${hit.kind}`)}</span>{' '}
                <Link to={hitHref(hit)} className="open-hit-title" data-testid="open-hit">
                  <HitTitle hit={hit} />
                </Link>{' '}
                <span className="open-muted open-small">
                  {hit.kind === 'plan_node'
                    ? t('open.search.planItem', { path: hit.code })
                    : hit.code}
                </span>
                <p className="open-hit-snippet">{hit.snippet}</p>
              </li>
            ))}
          </ol>
          <div className="open-pager">
            {data.offset > 0 && (
              <Button onClick={() => goTo(Math.max(0, data.offset - PAGE))}>
                {t('open.search.previous')}
              </Button>
            )}
            {data.next !== null && (
              <Button onClick={() => goTo(data.offset + data.items.length)}>
                {t('open.search.next')}
              </Button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
