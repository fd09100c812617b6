import { useTranslation } from 'react-i18next';
import { asLang } from './i18n';
import type { Lang } from './format/quantity';

/** The current UI language as one of the app's two languages. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return asLang(i18n.resolvedLanguage ?? i18n.language);
}
