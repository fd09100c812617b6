import {
  ApartmentOutlined,
  AuditOutlined,
  FileSearchOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FormOutlined,
  GlobalOutlined,
  TableOutlined,
  EditOutlined,
  FileTextOutlined,
  FundOutlined,
  SettingOutlined,
  TrophyOutlined,
  CalendarOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Segmented } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { RequireAccess } from './auth/RequireAccess';
import { ADMIN_ACTIONS, ADMIN_NAV_ACTIONS, DATA_ACTIONS, useSession } from './auth/session';
import { SessionProvider } from './auth/SessionProvider';
import { Loading } from './components/states';
import { UserMenu } from './components/UserMenu';
import { INSPECTION_ACTIONS } from './pages/inspections/access';
import { TASK_ACTIONS } from './pages/tasks/access';
import { InboxBell } from './pages/tasks/InboxBell';
import type { Lang } from './format/quantity';
import { LANGUAGES } from './i18n';
import { useLang } from './useLang';

const Overview = lazy(() => import('./pages/Overview'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const IndicatorPage = lazy(() => import('./pages/IndicatorPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const ComparePage = lazy(() => import('./pages/ComparePage'));
const PivotPage = lazy(() => import('./pages/PivotPage'));
const NotFound = lazy(() => import('./pages/NotFound'));
const SignInPage = lazy(() => import('./pages/SignInPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const MyDataPage = lazy(() => import('./pages/MyDataPage'));
const ReportPickerPage = lazy(() => import('./pages/reporting/ReportPickerPage'));
const ReportFormPage = lazy(() => import('./pages/reporting/ReportFormPage'));
const ReviewPage = lazy(() => import('./pages/reporting/ReviewPage'));
const CompletenessPage = lazy(() => import('./pages/reporting/CompletenessPage'));
const AdminLayout = lazy(() => import('./pages/admin/AdminLayout'));
const AdminIndex = lazy(() =>
  import('./pages/admin/AdminLayout').then((m) => ({ default: m.AdminIndex })),
);
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const TokensPage = lazy(() => import('./pages/admin/TokensPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const MyTasksPage = lazy(() => import('./pages/tasks/MyTasksPage'));
const TaskCalendarPage = lazy(() => import('./pages/tasks/TaskCalendarPage'));
const TaskPage = lazy(() => import('./pages/tasks/TaskPage'));
const InboxPage = lazy(() => import('./pages/tasks/InboxPage'));
const InspectionsPage = lazy(() => import('./pages/inspections/InspectionsPage'));
const InspectionPage = lazy(() => import('./pages/inspections/InspectionPage'));
const AlignmentPage = lazy(() => import('./pages/alignment/AlignmentPage'));
const LocalPlansPage = lazy(() => import('./pages/alignment/LocalPlansPage'));
const LocalPlanPage = lazy(() => import('./pages/alignment/LocalPlanPage'));
const EvaluationPage = lazy(() => import('./pages/evaluation/EvaluationPage'));
const ScorecardPage = lazy(() => import('./pages/evaluation/ScorecardPage'));
const EvaluationComparePage = lazy(() => import('./pages/evaluation/EvaluationComparePage'));
// The public open-data portal: its own frame, no session, no Shell.
const OpenPortal = lazy(() => import('./pages/open/routes'));

export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans SC', 'Noto Sans CJK SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif";

function sectionOf(pathname: string): string {
  if (pathname.startsWith('/dashboard')) return 'dashboard';
  if (pathname.startsWith('/compare')) return 'compare';
  if (pathname.startsWith('/pivot')) return 'pivot';
  if (pathname.startsWith('/plan')) return 'plan';
  if (pathname.startsWith('/indicators')) return 'indicators';
  if (pathname.startsWith('/data')) return 'data';
  if (pathname.startsWith('/report')) return 'report';
  if (pathname.startsWith('/review')) return 'review';
  if (pathname.startsWith('/completeness')) return 'completeness';
  if (pathname.startsWith('/admin')) return 'admin';
  if (pathname === '/tasks/mine') return 'myTasks';
  if (pathname === '/tasks/calendar') return 'taskCalendar';
  if (pathname.startsWith('/inspections')) return 'inspections';
  if (pathname.startsWith('/alignment')) return 'alignment';
  if (pathname.startsWith('/evaluation')) return 'evaluation';
  if (pathname.startsWith('/tasks')) return 'tasks';
  if (pathname === '/') return 'overview';
  return '';
}

function Shell() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const location = useLocation();
  const section = sectionOf(location.pathname);
  const { can, status } = useSession();

  const reportingItems = [
    ...(can('data:write')
      ? [
          {
            key: 'report',
            icon: <FormOutlined />,
            label: (
              <Link to="/report" data-testid="nav-report">
                {t('nav.report')}
              </Link>
            ),
          },
        ]
      : []),
    ...(can('data:review')
      ? [
          {
            key: 'review',
            icon: <AuditOutlined />,
            label: (
              <Link to="/review" data-testid="nav-review">
                {t('nav.review')}
              </Link>
            ),
          },
        ]
      : []),
    ...(can('read:unpublished')
      ? [
          {
            key: 'completeness',
            icon: <CheckSquareOutlined />,
            label: (
              <Link to="/completeness" data-testid="nav-completeness">
                {t('nav.completeness')}
              </Link>
            ),
          },
        ]
      : []),
  ];
  const items = [
    { key: 'overview', icon: <FundOutlined />, label: <Link to="/">{t('nav.overview')}</Link> },
    {
      key: 'dashboard',
      icon: <DashboardOutlined />,
      label: (
        <Link to="/dashboard" data-testid="nav-dashboard">
          {t('nav.dashboard')}
        </Link>
      ),
    },
    { key: 'plan', icon: <FileTextOutlined />, label: <Link to="/plan">{t('nav.plan')}</Link> },
    {
      key: 'indicators',
      icon: <BarChartOutlined />,
      label: <Link to="/indicators">{t('nav.indicators')}</Link>,
    },
    {
      key: 'analysis',
      icon: <GlobalOutlined />,
      label: <span data-testid="nav-analysis">{t('nav.analysis')}</span>,
      children: [
        {
          key: 'compare',
          icon: <GlobalOutlined />,
          label: (
            <Link to="/compare" data-testid="nav-compare">
              {t('nav.compare')}
            </Link>
          ),
        },
        {
          key: 'pivot',
          icon: <TableOutlined />,
          label: (
            <Link to="/pivot" data-testid="nav-pivot">
              {t('nav.pivot')}
            </Link>
          ),
        },
      ],
    },
    ...(DATA_ACTIONS.some(can)
      ? [
          {
            key: 'data',
            icon: <EditOutlined />,
            label: (
              <Link to="/data" data-testid="nav-data">
                {t('nav.myData')}
              </Link>
            ),
          },
        ]
      : []),
    ...(reportingItems.length > 0
      ? [
          {
            key: 'reporting',
            icon: <FormOutlined />,
            label: <span data-testid="nav-reporting">{t('nav.reporting')}</span>,
            children: reportingItems,
          },
        ]
      : []),
    ...(TASK_ACTIONS.some(can)
      ? [
          {
            key: 'work',
            icon: <ScheduleOutlined />,
            label: <span data-testid="nav-work">{t('tasks.nav.work')}</span>,
            children: [
              {
                key: 'tasks',
                icon: <ProjectOutlined />,
                label: (
                  <Link to="/tasks" data-testid="nav-tasks">
                    {t('tasks.nav.tasks')}
                  </Link>
                ),
              },
              {
                key: 'myTasks',
                icon: <UserOutlined />,
                label: (
                  <Link to="/tasks/mine" data-testid="nav-my-tasks">
                    {t('tasks.nav.mine')}
                  </Link>
                ),
              },
              {
                key: 'taskCalendar',
                icon: <CalendarOutlined />,
                label: (
                  <Link to="/tasks/calendar" data-testid="nav-task-calendar">
                    {t('tasks.nav.calendar')}
                  </Link>
                ),
              },
              {
                key: 'inspections',
                icon: <FileSearchOutlined />,
                label: (
                  <Link to="/inspections" data-testid="nav-inspections">
                    {t('inspections.nav')}
                  </Link>
                ),
              },
              {
                key: 'alignment',
                icon: <ApartmentOutlined />,
                label: (
                  <Link to="/alignment" data-testid="nav-alignment">
                    {t('alignment.nav')}
                  </Link>
                ),
              },
            ],
          },
        ]
      : []),
    ...(status === 'signedIn'
      ? [
          {
            key: 'evaluation',
            icon: <TrophyOutlined />,
            label: (
              <Link to="/evaluation" data-testid="nav-evaluation">
                {t('evaluation.nav')}
              </Link>
            ),
          },
        ]
      : []),
    ...(ADMIN_NAV_ACTIONS.some(can)
      ? [
          {
            key: 'admin',
            icon: <SettingOutlined />,
            label: (
              <Link to="/admin" data-testid="nav-admin">
                {t('nav.admin')}
              </Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Layout className="pw-layout">
      <Layout.Header className="pw-header">
        <Link to="/" className="pw-brand" aria-label={t('app.name')} title={t('app.tagline')}>
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
        <InboxBell />
        <UserMenu />
      </Layout.Header>
      <Layout.Content className="pw-content">
        <div className="pw-page">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<Overview />} />
              <Route path="/dashboard" element={<DashboardPage />} />
              <Route path="/compare" element={<ComparePage />} />
              <Route path="/pivot" element={<PivotPage />} />
              <Route path="/plan" element={<PlanPage />} />
              <Route path="/plan/:path" element={<PlanPage />} />
              <Route path="/indicators" element={<IndicatorsPage />} />
              <Route path="/indicators/:code" element={<IndicatorPage />} />
              <Route path="/sign-in" element={<SignInPage />} />
              <Route
                path="/account"
                element={
                  <RequireAccess>
                    <AccountPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/data"
                element={
                  <RequireAccess anyOf={DATA_ACTIONS}>
                    <MyDataPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/report"
                element={
                  <RequireAccess anyOf={['data:write', 'data:review']}>
                    <ReportPickerPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/report/:dataSet/:orgUnit/:period"
                element={
                  <RequireAccess anyOf={['read:unpublished']}>
                    <ReportFormPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/review"
                element={
                  <RequireAccess anyOf={['data:review']}>
                    <ReviewPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/completeness"
                element={
                  <RequireAccess anyOf={['read:unpublished']}>
                    <CompletenessPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/admin"
                element={
                  <RequireAccess anyOf={ADMIN_ACTIONS}>
                    <AdminLayout />
                  </RequireAccess>
                }
              >
                <Route index element={<AdminIndex />} />
                <Route
                  path="users"
                  element={
                    <RequireAccess anyOf={['user:manage']}>
                      <UsersPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="tokens"
                  element={
                    <RequireAccess anyOf={['token:manage']}>
                      <TokensPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <RequireAccess anyOf={['audit:read']}>
                      <AuditPage />
                    </RequireAccess>
                  }
                />
              </Route>
              <Route
                path="/tasks"
                element={
                  <RequireAccess anyOf={TASK_ACTIONS}>
                    <TasksPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/tasks/mine"
                element={
                  <RequireAccess anyOf={TASK_ACTIONS}>
                    <MyTasksPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/tasks/calendar"
                element={
                  <RequireAccess anyOf={TASK_ACTIONS}>
                    <TaskCalendarPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/tasks/:id"
                element={
                  <RequireAccess anyOf={TASK_ACTIONS}>
                    <TaskPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/inspections"
                element={
                  <RequireAccess anyOf={INSPECTION_ACTIONS}>
                    <InspectionsPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/inspections/:id"
                element={
                  <RequireAccess anyOf={INSPECTION_ACTIONS}>
                    <InspectionPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/alignment"
                element={
                  <RequireAccess anyOf={['read:unpublished']}>
                    <AlignmentPage />
                  </RequireAccess>
                }
              />
              <Route path="/alignment/plans" element={<LocalPlansPage />} />
              <Route path="/alignment/plans/:code" element={<LocalPlanPage />} />
              <Route
                path="/evaluation"
                element={
                  <RequireAccess>
                    <EvaluationPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/evaluation/:year/units/:code"
                element={
                  <RequireAccess>
                    <ScorecardPage />
                  </RequireAccess>
                }
              />
              <Route
                path="/evaluation/:year/compare"
                element={
                  <RequireAccess>
                    <EvaluationComparePage />
                  </RequireAccess>
                }
              />
              <Route
                path="/inbox"
                element={
                  <RequireAccess>
                    <InboxPage />
                  </RequireAccess>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </div>
      </Layout.Content>
      <Layout.Footer className="pw-footer">
        <div>{t('app.footer')}</div>
        <div className="pw-footer-links">
          {/* In the footer, not the header: the header's menu has no room left for it. */}
          <Link to="/open" data-testid="nav-open-data">
            {t('open.appLink')}
          </Link>{' '}
          · <a href="/api/docs">{t('app.footerApi')}</a>
        </div>
      </Layout.Footer>
    </Layout>
  );
}

export default function App() {
  const lang = useLang();
  const { pathname } = useLocation();
  const portal = pathname === '/open' || pathname.startsWith('/open/');
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { fontFamily: FONT_FAMILY } }}
    >
      <AntApp>
        {portal ? (
          <Suspense fallback={<Loading />}>
            <OpenPortal />
          </Suspense>
        ) : (
          <SessionProvider>
            <Shell />
          </SessionProvider>
        )}
      </AntApp>
    </ConfigProvider>
  );
}
