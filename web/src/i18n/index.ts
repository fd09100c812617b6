import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../format/quantity';
import en from './en.json';
import zh from './zh-CN.json';
import tasksEn from './tasks.en.json';
import tasksZh from './tasks.zh-CN.json';
import workEn from './work.en.json';
import workZh from './work.zh-CN.json';
import evaluationEn from './evaluation.en.json';
import evaluationZh from './evaluation.zh-CN.json';
import openEn from './open.en.json';
import openZh from './open.zh-CN.json';

export const LANGUAGES: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANGUAGE: Lang = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'planwatch.lang';

function storedLanguage(): Lang {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Lang;
  } catch {
    // Storage can be disabled; the default language then applies.
  }
  return DEFAULT_LANGUAGE;
}

export function asLang(language: string | undefined): Lang {
  return language === 'en' ? 'en' : 'zh-CN';
}

function applyToDocument(language: string): void {
  document.documentElement.lang = asLang(language);
  document.title = i18n.t('app.documentTitle');
}

void i18n.use(initReactI18next).init({
  // Each area keeps its own file of keys (tasks, inspections and alignment: work), merged here.
  resources: {
    'zh-CN': { translation: { ...zh, ...tasksZh, ...workZh, ...evaluationZh, ...openZh } },
    en: { translation: { ...en, ...tasksEn, ...workEn, ...evaluationEn, ...openEn } },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  load: 'currentOnly',
  interpolation: { escapeValue: false },
  returnNull: false,
});

applyToDocument(i18n.language);
i18n.on('languageChanged', (language) => {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, asLang(language));
  } catch {
    // Not kept across visits when storage is disabled.
  }
  applyToDocument(language);
});

export default i18n;
