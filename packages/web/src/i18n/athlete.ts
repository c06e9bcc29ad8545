import i18n from 'i18next';

/**
 * Texts of the athlete's calendar, zones and progress pages in their own namespace
 * (`athlete:`). The guides' longer texts live in guides.ts, loaded only with the guides page.
 */
/**
 * The namespace, for `useTranslation(ATHLETE)`. Pages use this binding rather than a bare `import './athlete'`:
 * a route file's side-effect imports stay in the entry chunk (only the component is split off), where they would
 * run before i18next is initialised; a binding used by the component travels with it into the lazy chunk.
 */
export const ATHLETE = 'athlete';

const en = {
  guide_link: 'What does this mean?',
  // Workouts calendar
  view: 'View',
  list: 'List',
  calendar: 'Calendar',
  previous_month: 'Previous month',
  next_month: 'Next month',
  this_month: 'This month',
  week_total: '{{km}} km · load {{load}}',
  week_label: 'Week of {{date}}: {{km}} km, load {{load}}',
  day_label_zero: '{{date}}: no workouts',
  day_label_one: '{{date}}: {{count}} workout, {{km}} km, load {{load}}',
  day_label_other: '{{date}}: {{count}} workouts, {{km}} km, load {{load}}',
  load_short: 'load {{load}}',
  no_workouts_day: 'No workouts on this day.',
  week_column: 'Week',
  calendar_help:
    'Arrow keys move between days, Page Up and Page Down change the month, Enter opens the day’s first workout.',
  month_empty:
    'No workouts this month. Import a GPX, TCX or FIT file in the list view, or look at another month.',
  load_help: 'Training load is session RPE × minutes (Foster): add the RPE to imported runs to count them.',
  sports: {
    run: 'Run',
    trail_run: 'Trail run',
    walk: 'Walk',
    hike: 'Hike',
    ride: 'Ride',
    swim: 'Swim',
    strength: 'Strength',
    other: 'Other',
  },
  status: { planned: 'Planned', done: 'Done', missed: 'Missed', rest: 'Rest' },
  // Zones
  zones_title: 'Training zones',
  hr_zones: 'Heart-rate zones',
  how_derived: 'How they were worked out',
  method: {
    heart_rate_reserve:
      'Heart-rate reserve (Karvonen): resting HR + percentage × (maximum HR − resting HR), using your resting heart rate of {{rest}} bpm.',
    percent_max_hr:
      'Percentage of your maximum heart rate (no resting heart rate known; add one for the more personal Karvonen zones).',
  },
  max_hr: 'Maximum heart rate: {{hr}} bpm',
  max_hr_source: {
    profile: 'from your profile',
    query: 'as entered',
    tanaka_estimate:
      'estimated from your age (Tanaka: 208 − 0.7 × age); a measured one is better: enter it below',
  },
  pace_source: {
    threshold_pace: 'Pace ranges from the threshold pace in your profile ({{pace}}/km).',
    workouts: 'Pace ranges from your recent runs (VDOT {{vdot}}).',
    none: 'No pace ranges yet: import a few runs to get them.',
  },
  zone: 'Zone',
  heart_rate: 'Heart rate',
  pace: 'Pace',
  use: 'What for',
  feeling: 'How it feels',
  cadence: 'Cadence',
  your_hr: 'Your heart rates',
  max_hr_input: 'Maximum heart rate (bpm)',
  resting_hr_input: 'Resting heart rate (bpm, optional)',
  show_zones: 'Show my zones',
  hr_form_help:
    'Used for this view only. A measured maximum (from a hard race or test) beats any estimate; the resting rate is your lowest on waking.',
  zones_need_hr:
    'Your zones need your maximum heart rate (or your birth date in your athlete profile, to estimate it). Enter it below.',
  // Progress
  progress_title: 'Progress',
  volume: 'Weekly volume',
  minutes: 'minutes',
  load_year: 'Fitness, fatigue and form over a year',
  efficiency: 'Pace at heart rate',
  efficiency_axis: 'm/min per bpm',
  efficiency_help:
    'Each point is a run with a heart rate: metres per minute divided by the average heart rate. Higher means faster at the same heart rate — aerobic fitness improving.',
  not_enough: 'Not enough data yet: import runs (with heart rate for this chart) to see the trend.',
  summary: 'Summary',
  warnings: 'Warnings',
  positive: 'Going well',
};

const es: typeof en = {
  guide_link: '¿Qué significa esto?',
  view: 'Vista',
  list: 'Lista',
  calendar: 'Calendario',
  previous_month: 'Mes anterior',
  next_month: 'Mes siguiente',
  this_month: 'Este mes',
  week_total: '{{km}} km · carga {{load}}',
  week_label: 'Semana del {{date}}: {{km}} km, carga {{load}}',
  day_label_zero: '{{date}}: sin entrenamientos',
  day_label_one: '{{date}}: {{count}} entrenamiento, {{km}} km, carga {{load}}',
  day_label_other: '{{date}}: {{count}} entrenamientos, {{km}} km, carga {{load}}',
  load_short: 'carga {{load}}',
  no_workouts_day: 'Ningún entrenamiento este día.',
  week_column: 'Semana',
  calendar_help:
    'Las flechas mueven entre días, Re Pág y Av Pág cambian de mes, Intro abre el primer entrenamiento del día.',
  month_empty:
    'No hay entrenamientos este mes. Importa un archivo GPX, TCX o FIT en la vista de lista, o mira otro mes.',
  load_help:
    'La carga es el RPE de la sesión × minutos (Foster): añade el RPE a las carreras importadas para que cuenten.',
  sports: {
    run: 'Carrera',
    trail_run: 'Trail',
    walk: 'Caminata',
    hike: 'Senderismo',
    ride: 'Bici',
    swim: 'Natación',
    strength: 'Fuerza',
    other: 'Otro',
  },
  status: { planned: 'Previsto', done: 'Hecho', missed: 'No hecho', rest: 'Descanso' },
  zones_title: 'Zonas de entrenamiento',
  hr_zones: 'Zonas de frecuencia cardiaca',
  how_derived: 'Cómo se han calculado',
  method: {
    heart_rate_reserve:
      'Reserva de frecuencia cardiaca (Karvonen): FC en reposo + porcentaje × (FC máxima − FC en reposo), con tu FC en reposo de {{rest}} ppm.',
    percent_max_hr:
      'Porcentaje de tu frecuencia cardiaca máxima (no conocemos tu FC en reposo; añádela para unas zonas de Karvonen más personales).',
  },
  max_hr: 'Frecuencia cardiaca máxima: {{hr}} ppm',
  max_hr_source: {
    profile: 'de tu perfil',
    query: 'la indicada',
    tanaka_estimate: 'estimada por tu edad (Tanaka: 208 − 0,7 × edad); una medida es mejor: escríbela abajo',
  },
  pace_source: {
    threshold_pace: 'Ritmos a partir del ritmo umbral de tu perfil ({{pace}}/km).',
    workouts: 'Ritmos a partir de tus carreras recientes (VDOT {{vdot}}).',
    none: 'Aún no hay ritmos: importa algunas carreras para tenerlos.',
  },
  zone: 'Zona',
  heart_rate: 'Frecuencia cardiaca',
  pace: 'Ritmo',
  use: 'Para qué',
  feeling: 'Sensación',
  cadence: 'Cadencia',
  your_hr: 'Tus frecuencias cardiacas',
  max_hr_input: 'Frecuencia cardiaca máxima (ppm)',
  resting_hr_input: 'Frecuencia cardiaca en reposo (ppm, opcional)',
  show_zones: 'Ver mis zonas',
  hr_form_help:
    'Solo para esta vista. Una máxima medida (en una carrera o prueba dura) es mejor que cualquier estimación; la de reposo es la más baja al despertar.',
  zones_need_hr:
    'Tus zonas necesitan tu frecuencia cardiaca máxima (o tu fecha de nacimiento en tu perfil de atleta, para estimarla). Escríbela abajo.',
  progress_title: 'Progreso',
  volume: 'Volumen semanal',
  minutes: 'minutos',
  load_year: 'Forma física, fatiga y frescura en un año',
  efficiency: 'Ritmo a igual pulso',
  efficiency_axis: 'm/min por ppm',
  efficiency_help:
    'Cada punto es una carrera con pulso: metros por minuto divididos entre el pulso medio. Más alto es más rápido con el mismo pulso: mejora aeróbica.',
  not_enough:
    'Aún no hay datos suficientes: importa carreras (con pulso para este gráfico) para ver la tendencia.',
  summary: 'Resumen',
  warnings: 'Avisos',
  positive: 'Va bien',
};

i18n.addResourceBundle('en', ATHLETE, en);
i18n.addResourceBundle('es', ATHLETE, es);
