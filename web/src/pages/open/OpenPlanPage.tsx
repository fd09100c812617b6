/**
 * A plan's whole text on one page: contents, then every chapter, section and
 * item under a heading of its depth, each with an anchor named by its path
 * (/open/plan#III.2.1) so search results and indicators link into the text.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useApi } from '../../api/useApi';
import { useLang } from '../../useLang';
import { formatDay, indicatorName, OpenError, OpenLoading, usePageTitle } from './bits';
import {
  OUTLINE_PLAN,
  publicApi,
  type Plan,
  type PlanNodeTree,
  type PublicIndicatorList,
} from './publicApi';

const CJK = /[\u3400-\u9fff]/;

/** "III", "(3)", "3." — the number as the plan's structure has it. */
function nodeNumber(node: Pick<PlanNodeTree, 'kind' | 'number'>): string {
  if (node.kind === 'chapter') return node.number;
  if (node.kind === 'section') return `(${node.number})`;
  return `${node.number}.`;
}

function Contents({ nodes, lang }: { nodes: readonly PlanNodeTree[]; lang?: string }) {
  return (
    <ul className="open-toc-list" lang={lang}>
      {nodes.map((node) => (
        <li key={node.path}>
          <a href={`#${encodeURIComponent(node.path)}`}>
            {nodeNumber(node)} {node.title}
          </a>
          {node.kind === 'chapter' && node.children.length > 0 && (
            <Contents nodes={node.children.filter((child) => child.kind === 'section')} />
          )}
        </li>
      ))}
    </ul>
  );
}

function NodeText({
  node,
  depth,
  names,
}: {
  node: PlanNodeTree;
  depth: number;
  /** Indicator names in the reader's language, by code. */
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  // h2 for chapters, then one level deeper per level of the tree (at most h6).
  const Heading = `h${Math.min(2 + depth, 6)}` as 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
  const paragraphs = node.text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <section className={`open-plan-node open-plan-${node.kind}`} data-path={node.path}>
      <Heading id={node.path} className="open-plan-heading" tabIndex={-1}>
        <span className="open-plan-number">{nodeNumber(node)}</span> {node.title}
      </Heading>
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      {node.indicatorCodes.length > 0 && (
        <p className="open-small" lang={lang}>
          {t('open.plan.measuredBy')}
          {t('common.colon')}
          {node.indicatorCodes.map((code, index) => (
            <span key={code}>
              {index > 0 && t('open.listSeparator')}
              <Link to={`/open/indicators/${encodeURIComponent(code)}`}>
                {names.get(code) ?? code}
              </Link>
            </span>
          ))}
        </p>
      )}
      {node.children.map((child) => (
        <NodeText key={child.path} node={child} depth={depth + 1} names={names} />
      ))}
    </section>
  );
}

export default function OpenPlanPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { code = OUTLINE_PLAN } = useParams<{ code: string }>();
  const location = useLocation();
  const plan = useApi<Plan>(publicApi.plan(code));
  const indicators = useApi<PublicIndicatorList>(publicApi.indicators());
  const data = plan.data;
  const names = useMemo(
    () =>
      new Map(
        (indicators.data?.items ?? []).map((indicator) => [
          indicator.code,
          indicatorName(indicator, lang),
        ]),
      ),
    [indicators.data, lang],
  );
  usePageTitle(data ? data.title : t('open.plan.title'));

  // The anchor is there only once the text has loaded: then go to it.
  useEffect(() => {
    if (!data || !location.hash) return;
    const id = decodeURIComponent(location.hash.slice(1));
    const target = document.getElementById(id);
    if (target) {
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
  }, [data, location.hash]);

  if (plan.error)
    return (
      <div data-testid="open-plan">
        <h1 className="open-title">{t('open.plan.title')}</h1>
        <OpenError error={plan.error} onRetry={plan.reload} />
      </div>
    );
  if (!data) return <OpenLoading />;

  // The Outline is kept as its English translation; local plans in Chinese.
  const textLang = CJK.test(data.title) ? 'zh-CN' : 'en';
  return (
    <div data-testid="open-plan">
      <h1 className="open-title" lang={textLang}>
        {data.title}
      </h1>
      <p className="open-meta">
        {t('open.plan.issued', {
          issuers: data.issuers.join(t('open.listSeparator')),
          date: formatDay(data.issuedOn, lang),
        })}
      </p>
      {textLang !== lang && (
        <p className="open-note" data-testid="open-plan-language">
          {textLang === 'en' ? t('open.plan.englishText') : t('open.plan.chineseText')}
        </p>
      )}
      <p className="open-small" lang="en">
        {data.source}
      </p>
      <nav aria-labelledby="open-plan-contents" className="open-toc">
        <h2 id="open-plan-contents" className="open-section-title">
          {t('open.plan.contents')}
        </h2>
        <Contents nodes={data.tree} lang={textLang} />
      </nav>
      <div lang={textLang} className="open-plan-text" data-testid="open-plan-text">
        {data.preamble && (
          <section className="open-plan-node">
            <h2 className="open-plan-heading">
              <span lang={lang}>{t('plan.preamble')}</span>
            </h2>
            {data.preamble
              .split(/\n+/)
              .map((p) => p.trim())
              .filter(Boolean)
              .map((paragraph, index) => (
                <p key={index}>{paragraph}</p>
              ))}
          </section>
        )}
        {data.tree.map((node) => (
          <NodeText key={node.path} node={node} depth={0} names={names} />
        ))}
      </div>
    </div>
  );
}
