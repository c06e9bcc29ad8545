import i18n from 'i18next';

/**
 * The staff pages' menu labels: the shell needs them on every page, so they live apart from the pages' texts
 * (i18n/staff.ts), which load with the pages' own lazy chunks. Both add to the `staff` namespace.
 */
const en = {
  nav_members: 'Members',
  nav_classes: 'Classes',
  nav_attendance: 'Attendance',
  nav_events: 'Events',
  nav_settings: 'Gym settings',
  nav_audit: 'Audit log',
};
const es: typeof en = {
  nav_members: 'Socios',
  nav_classes: 'Clases',
  nav_attendance: 'Asistencia',
  nav_events: 'Eventos',
  nav_settings: 'Ajustes del gimnasio',
  nav_audit: 'Registro de auditoría',
};
i18n.addResourceBundle('en', 'staff', en, true);
i18n.addResourceBundle('es', 'staff', es, true);
