import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { usePageTitle } from './bits';

export default function OpenNotFound() {
  const { t } = useTranslation();
  const location = useLocation();
  usePageTitle(t('open.notFound.title'));
  return (
    <div data-testid="open-not-found">
      <h1 className="open-title">{t('open.notFound.title')}</h1>
      <p>{t('error.path', { path: location.pathname })}</p>
      <p>
        <Link to="/open">{t('open.error.home')}</Link>
      </p>
    </div>
  );
}
