import i18n from 'i18next';

/**
 * The nutrition menu labels only: the shell loads them with the menu, while the screens' texts
 * (i18n/nutrition.ts) load with the lazy nutrition pages. Both fill the `nutrition` namespace.
 */
const en = {
  nav_label: 'Nutrition',
  nav_plans: 'Meal plans',
  nav_builder: 'Plan builder',
  nav_analytics: 'Nutrition analytics',
};
const es: typeof en = {
  nav_label: 'Nutrición',
  nav_plans: 'Planes de comidas',
  nav_builder: 'Crear planes',
  nav_analytics: 'Análisis de nutrición',
};
i18n.addResourceBundle('en', 'nutrition', en, true);
i18n.addResourceBundle('es', 'nutrition', es, true);
