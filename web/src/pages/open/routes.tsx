/**
 * The public open-data portal under /open: no sign-in, published figures
 * only, both languages. App.tsx renders it instead of the signed-in app's
 * Shell (and its session) for every path under /open.
 */
import { ConfigProvider } from 'antd';
import { Route, Routes } from 'react-router-dom';
import OpenDataPage from './OpenDataPage';
import OpenHomePage from './OpenHomePage';
import OpenIndicatorPage from './OpenIndicatorPage';
import OpenIndicatorsPage from './OpenIndicatorsPage';
import { OpenLayout } from './OpenLayout';
import OpenNotFound from './OpenNotFound';
import OpenPlanPage from './OpenPlanPage';
import OpenReleasesPage from './OpenReleasesPage';
import OpenSearchPage from './OpenSearchPage';
import './open.css';

/**
 * Ant Design's default blue (#1677ff) and its light greys for secondary text
 * fall short of WCAG AA contrast (4.5:1) on white: the portal uses darker ones.
 */
const ACCESSIBLE_THEME = {
  token: {
    colorPrimary: '#0958d9',
    // Hovered and pressed buttons darken instead of lightening, so white text stays readable.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
};

export default function OpenPortal() {
  return (
    <ConfigProvider theme={ACCESSIBLE_THEME}>
      <Routes>
        {/* Absolute, so this also works mounted under <Route path="/open/*">. */}
        <Route path="/open" element={<OpenLayout />}>
          <Route index element={<OpenHomePage />} />
          <Route path="indicators" element={<OpenIndicatorsPage />} />
          <Route path="indicators/:code" element={<OpenIndicatorPage />} />
          <Route path="search" element={<OpenSearchPage />} />
          <Route path="plan" element={<OpenPlanPage />} />
          <Route path="plans/:code" element={<OpenPlanPage />} />
          <Route path="releases" element={<OpenReleasesPage />} />
          <Route path="data" element={<OpenDataPage />} />
          <Route path="*" element={<OpenNotFound />} />
        </Route>
      </Routes>
    </ConfigProvider>
  );
}
