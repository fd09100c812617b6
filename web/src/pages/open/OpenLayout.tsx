/**
 * The public portal's frame: its own header (title, navigation, language,
 * sign-in link), main content and footer, as landmarks, with a skip link. No
 * session, no menu of the signed-in app.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { LANGUAGES } from '../../i18n';
import { useLang } from '../../useLang';
import { openDataLinks } from './publicApi';

const NAV = [
  { to: '/open', key: 'targets', end: true },
  { to: '/open/indicators', key: 'indicators', end: false },
  { to: '/open/search', key: 'search', end: false },
  { to: '/open/plan', key: 'plan', end: false },
  { to: '/open/releases', key: 'releases', end: false },
  { to: '/open/data', key: 'data', end: false },
] as const;

export const MAIN_ID = 'open-main';

export function OpenLayout() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // After moving to another page, keyboard and screen-reader users start at its content.
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = location.pathname;
    if (!location.hash) main.current?.focus({ preventScroll: false });
  }, [location.pathname, location.hash]);

  return (
    <div className="open-portal" data-testid="open-portal">
      <a className="open-skip" href={`#${MAIN_ID}`}>
        {t('open.skip')}
      </a>
      <header className="open-header">
        <div className="open-header-inner">
          <Link to="/open" className="open-brand" data-testid="open-brand">
            <span className="open-brand-name">{t('open.title')}</span>
            <span className="open-brand-sub">{t('open.subtitle')}</span>
          </Link>
          <div className="open-tools">
            <div role="group" aria-label={t('lang.label')} className="open-lang">
              {LANGUAGES.map((value) => (
                <button
                  key={value}
                  type="button"
                  lang={value}
                  aria-pressed={lang === value}
                  className="open-lang-button"
                  data-testid={`open-lang-${value}`}
                  onClick={() => void i18n.changeLanguage(value)}
                >
                  {t(`lang.${value}`)}
                </button>
              ))}
            </div>
            <Link to="/sign-in" className="open-sign-in" data-testid="open-sign-in">
              {t('open.signIn')}
            </Link>
          </div>
        </div>
        <nav aria-label={t('open.nav.label')} className="open-nav" data-testid="open-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.key}>
                <NavLink to={item.to} end={item.end}>
                  {t(`open.nav.${item.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id={MAIN_ID} ref={main} tabIndex={-1} className="open-main">
        <Outlet />
      </main>
      <footer className="open-footer">
        <p>{t('open.footer.data')}</p>
        <p>{t('open.footer.licence')}</p>
        <ul className="open-footer-links" aria-label={t('open.footer.linksLabel')}>
          <li>
            <a href={openDataLinks.openApiDocs}>{t('open.footer.api')}</a>
          </li>
          <li>
            <a href={openDataLinks.catalogJsonLd}>{t('open.footer.catalog')}</a>
          </li>
          <li>
            <Link to="/open/releases">{t('open.nav.releases')}</Link>
          </li>
        </ul>
      </footer>
    </div>
  );
}
