/**
 * Where machines get the same data: the DCAT-AP catalogue, SDMX, the
 * versioned public API and its OpenAPI description, and the licence.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Section, usePageTitle } from './bits';
import { openDataLinks, publicApi } from './publicApi';

interface Entry {
  href: string;
  key: string;
}

function LinkList({ entries, testId }: { entries: readonly Entry[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="open-downloads" data-testid={testId}>
      {entries.map((entry) => (
        <li key={entry.key}>
          <a href={entry.href}>{t(`open.data.links.${entry.key}`)}</a>{' '}
          <code className="open-small open-break">{entry.href}</code>
        </li>
      ))}
    </ul>
  );
}

export default function OpenDataPage() {
  const { t } = useTranslation();
  usePageTitle(t('open.data.title'));
  return (
    <div data-testid="open-data">
      <h1 className="open-title">{t('open.data.title')}</h1>
      <p className="open-lead">{t('open.data.lead')}</p>

      <Section title={t('open.data.catalogue')}>
        <p>{t('open.data.catalogueText')}</p>
        <LinkList
          testId="open-data-catalogue"
          entries={[
            { key: 'catalogJsonLd', href: openDataLinks.catalogJsonLd },
            { key: 'catalogTurtle', href: openDataLinks.catalogTurtle },
          ]}
        />
      </Section>

      <Section title={t('open.data.sdmx')}>
        <p>{t('open.data.sdmxText')}</p>
        <LinkList
          testId="open-data-sdmx"
          entries={[
            { key: 'sdmxDataflows', href: openDataLinks.sdmxDataflows },
            { key: 'sdmxStructure', href: openDataLinks.sdmxStructure },
            { key: 'sdmxAllCsv', href: '/api/sdmx/data/ALL/all?format=csvdata' },
            { key: 'sdmxAllJson', href: '/api/sdmx/data/ALL/all?format=jsondata' },
          ]}
        />
      </Section>

      <Section title={t('open.data.api')}>
        <p>{t('open.data.apiText')}</p>
        <LinkList
          testId="open-data-api"
          entries={[
            { key: 'openApiDocs', href: openDataLinks.openApiDocs },
            { key: 'openApiJson', href: openDataLinks.openApiJson },
            { key: 'apiIndicators', href: publicApi.indicators() },
            { key: 'apiProgress', href: publicApi.progress() },
            { key: 'apiReleases', href: publicApi.releases() },
          ]}
        />
      </Section>

      <Section title={t('open.data.licence')}>
        <p>
          {t('open.data.licenceText')}{' '}
          <a href="https://creativecommons.org/licenses/by/4.0/" rel="license noreferrer">
            {t('open.data.licenceLink')}
          </a>
        </p>
        <p>
          {t('open.data.perIndicator')}{' '}
          <Link to="/open/indicators">{t('open.indicators.title')}</Link>
        </p>
      </Section>
    </div>
  );
}
