import { BarChartOutlined, FileTextOutlined, FundOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Segmented } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { Loading } from './components/states';
import type { Lang } from './format/quantity';
import { LANGUAGES } from './i18n';
import { useLang } from './useLang';

const Overview = lazy(() => import('./pages/Overview'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const IndicatorPage = lazy(() => import('./pages/IndicatorPage'));
const NotFound = lazy(() => import('./pages/NotFound'));

export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans SC', 'Noto Sans CJK SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif";

function sectionOf(pathname: string): string {
  if (pathname.startsWith('/plan')) return 'plan';
  if (pathname.startsWith('/indicators')) return 'indicators';
  if (pathname === '/') return 'overview';
  return '';
}

function Shell() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const location = useLocation();
  const section = sectionOf(location.pathname);

  const items = [
    { key: 'overview', icon: <FundOutlined />, label: <Link to="/">{t('nav.overview')}</Link> },
    { key: 'plan', icon: <FileTextOutlined />, label: <Link to="/plan">{t('nav.plan')}</Link> },
    {
      key: 'indicators',
      icon: <BarChartOutlined />,
      label: <Link to="/indicators">{t('nav.indicators')}</Link>,
    },
  ];

  return (
    <Layout className="pw-layout">
      <Layout.Header className="pw-header">
        <Link to="/" className="pw-brand" aria-label={t('app.name')}>
          <span className="pw-brand-mark" aria-hidden>
            <FundOutlined />
          </span>
          <span className="pw-brand-text">
            <span className="pw-brand-name">{t('app.name')}</span>
            <span className="pw-brand-tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <Menu
          className="pw-menu"
          theme="dark"
          mode="horizontal"
          selectedKeys={section ? [section] : []}
          items={items}
        />
        <Segmented<Lang>
          className="pw-lang"
          aria-label={t('lang.label')}
          value={lang}
          onChange={(value) => void i18n.changeLanguage(value)}
          options={LANGUAGES.map((value) => ({ value, label: t(`lang.${value}`) }))}
          data-testid="language-switch"
        />
      </Layout.Header>
      <Layout.Content className="pw-content">
        <div className="pw-page">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<Overview />} />
              <Route path="/plan" element={<PlanPage />} />
              <Route path="/plan/:path" element={<PlanPage />} />
              <Route path="/indicators" element={<IndicatorsPage />} />
              <Route path="/indicators/:code" element={<IndicatorPage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </div>
      </Layout.Content>
      <Layout.Footer className="pw-footer">
        <div>{t('app.footer')}</div>
        <div className="pw-footer-links">
          <a href="/api/docs">{t('app.footerApi')}</a>
        </div>
      </Layout.Footer>
    </Layout>
  );
}

export default function App() {
  const lang = useLang();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { fontFamily: FONT_FAMILY } }}
    >
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}
