import i18n from 'i18next';

/**
 * The rehabilitation menu labels only: the menu is on every page, while the rest of the `rehab` namespace
 * (i18n/rehab.ts, merged into the same bundle) loads with the rehab pages.
 */
i18n.addResourceBundle('en', 'rehab', { nav_my: 'My rehab', nav_patients: 'Patients' }, true);
i18n.addResourceBundle('es', 'rehab', { nav_my: 'Mi rehabilitación', nav_patients: 'Pacientes' }, true);
