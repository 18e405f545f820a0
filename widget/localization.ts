import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './locales/locale-codes.js';

export type Locale = typeof sourceLocale | (typeof targetLocales)[number];

// One static import() per locale: rollup splits each into its own chunk, and the test runner can
// serve it (a template-literal import() cannot be resolved ahead of time).
const translations = {
  en: () => import('./locales/en.js'),
};

/**
 * The bank-hosted page owns its document, so it may configure @lit/localize (once per page).
 * Japanese, the seed's wording, is the source locale; English is loaded on demand.
 */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => translations[locale as keyof typeof translations](),
});

/** 'en', 'en-US' … show English; anything else the source, Japanese. */
export function localeOf(languageTag: string): Locale {
  return /^en\b/i.test(languageTag) ? 'en' : sourceLocale;
}
