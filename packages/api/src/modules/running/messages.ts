import { defineMessages } from '../../platform/catalogue.js';

/**
 * Texts of the running module: overtraining risk factors (`risk.<code>.message|advice`, the value as `v`),
 * general advice per risk level, readiness factors and sessions, HRV status interpretations, and error
 * details. Numbers go through Intl, so Spanish reads "1,62" where English reads "1.62".
 */
export const runningMessages = defineMessages('running', {
  en: {
    'risk.acwr_danger.message':
      "Acute:chronic workload ratio {v, number, ::.00} is above 1.5: this week's load is a spike over the last month's.",
    'risk.acwr_danger.advice':
      'Cut this week’s volume back to no more than 1.3× your usual weekly load; keep intensity low for a few days.',
    'risk.acwr_high.message': 'Acute:chronic workload ratio {v, number, ::.00} is above the 0.8–1.3 range.',
    'risk.acwr_high.advice':
      'Hold the load steady this week rather than adding more; progress by about 10% a week at most.',
    'risk.acwr_low.message':
      'Acute:chronic workload ratio {v, number, ::.00} is below 0.8: you are training less than usual.',
    'risk.acwr_low.advice':
      'Return to your usual load gradually; avoid jumping straight back to hard sessions.',
    'risk.monotony_high.message':
      'Training monotony {v, number, ::.00} is above 2.0: the days are too alike.',
    'risk.monotony_high.advice': 'Alternate hard and easy days and keep at least one full rest day a week.',
    'risk.form_very_negative.message':
      'Form (TSB) {v, number, integer} is far below zero: fatigue greatly exceeds fitness.',
    'risk.form_very_negative.advice':
      'Take two or three easy days or a rest day before the next hard session.',
    'risk.form_negative.message': 'Form (TSB) {v, number, integer} is clearly negative: accumulated fatigue.',
    'risk.form_negative.advice': 'Plan a lighter day soon; keep the next session aerobic.',
    'risk.hrv_low.message': 'HRV (7-day mean of ln rMSSD) is below your normal range.',
    'risk.hrv_low.advice':
      'Favour easy aerobic sessions until HRV returns to its normal range; prioritise sleep.',
    'risk.hrv_high.message':
      'HRV (7-day mean of ln rMSSD) is above your normal range; in heavy training this can signal overreaching.',
    'risk.hrv_high.advice': 'If you also feel tired or sluggish, treat it as fatigue and ease off.',
    'risk.hrv_falling.message':
      'HRV is falling by more than the smallest worthwhile change compared with last week.',
    'risk.hrv_falling.advice': 'Watch the next days closely; reduce intensity if the trend continues.',
    'risk.hooper_warning.message':
      'Wellness check-in: Hooper index {v, number, integer} of 28 (bad sleep, stress, fatigue or soreness).',
    'risk.hooper_warning.advice': 'Rest or train very easily today and look at sleep and life stress.',
    'risk.hooper_watch.message':
      'Wellness check-in: Hooper index {v, number, integer} of 28, worse than normal.',
    'risk.hooper_watch.advice': 'Keep today’s session moderate and check in again tomorrow.',

    'level.LOW': 'Load and recovery are in balance: train as planned.',
    'level.MODERATE': 'Some markers need attention: keep intensity in check this week.',
    'level.HIGH': 'Several markers point to excessive fatigue: reduce load for the next days.',
    'level.VERY_HIGH':
      'High risk of overreaching or injury: rest or train very lightly and reassess in 2–3 days.',
    no_data_advice:
      'Record workouts with RPE (or heart rate and a profile with resting and max HR) and morning HRV to get a full picture.',

    'factor.hrv_today':
      "Today's ln rMSSD is {v, number, ::.0} smallest-worthwhile-change units {dir, select, above {above} other {below}} your 60-day baseline.",
    'factor.hrv_trend': 'Your 7-day HRV mean is outside its normal range.',
    'factor.resting_hr':
      'Resting HR is {v, number, ::.0} bpm {dir, select, above {above} other {below}} your usual.',
    'factor.sleep_hours': 'You slept {v, number, ::.0} h (7–9 h recommended).',
    'factor.sleep_quality': 'Sleep quality {v, number}/7 (1 = very, very good).',
    'factor.fatigue': 'Fatigue {v, number}/7 (1 = very, very low).',
    'factor.stress': 'Stress {v, number}/7 (1 = very, very low).',
    'factor.soreness': 'Muscle soreness {v, number}/7 (1 = very, very low).',
    'factor.form': 'Form (TSB) is {v, number, integer}.',

    'session.high_intensity': 'Well recovered: a good day for intervals, a tempo run or a quality long run.',
    'session.as_planned': 'Train as planned; moderate and hard sessions are fine.',
    'session.easy_aerobic': 'Keep it easy: an aerobic run in zones 1–2, no intervals.',
    'session.recovery_or_rest': 'Recover: rest, or 20–40 minutes of very easy movement.',
    'session.as_planned_no_hrv':
      'Not enough HRV data (today’s reading and at least 14 in the last 60 days): train as planned and go by feel.',

    'hrv.balanced': 'Your 7-day HRV mean is within your normal range: coping well with training.',
    'hrv.low':
      'Your 7-day HRV mean is below your normal range: accumulated fatigue, illness or stress; favour easy training.',
    'hrv.high':
      'Your 7-day HRV mean is above your normal range: usually good recovery, but with heavy training and fatigue it can mean overreaching.',
    'hrv.insufficient_data':
      'Not enough readings: at least 3 in the last 7 days and 14 in the last 60 days are needed (Plews et al. 2014).',

    tracks_busy: 'The server is busy reading other activity files; try the import again in a few seconds',
    workout_not_found: 'Workout not found',
    track_not_found: 'Track not found (this workout was not imported from a file)',
    in_future: 'is in the future',
    before_1990: 'is before 1990',
    birth_in_past: 'must be in the past',
    age_range: 'gives an age of {age, number}; expected 10–110 years',
    resting_below_max: 'must be lower than max_hr',
    reserve_too_small: 'must be at least 40 bpm above resting_hr (heart-rate reserve too small to be real)',
    goal_date: 'must be today or later',
    goal_pace: 'implies a pace faster than 1:40 per km',
    moving_le_duration: 'must not exceed duration_s',
    avg_le_max: 'must not exceed max_hr',
    speed_implausible: 'implies an average speed of {kmh, number, ::.0} km/h, not plausible for {sport}',
    from_after_to: 'must not be after query.to',
    not_plausible: 'the recorded activity is not plausible: {why}',
    multipart_expected: 'Send the activity file as multipart/form-data (field "file")',
    unknown_file_field: 'unknown file field; send the activity as "file"',
    multipart_malformed: 'The multipart/form-data body is malformed',
    file_required: 'required: an activity file (GPX, TCX or FIT)',
    // ---- refusal reasons (reasons.ts): <id>.title, <id>.detail
    'activity_imported.title': 'Activity already imported',
    'activity_imported.detail':
      'This activity (started {startedAt, date, ::yMMMMdjjmmz}) has already been imported',
    // ---- activity files that cannot be imported (parse.ts: TrackFileError)
    'track.unsupported': 'Unsupported file: expected a GPX, TCX or FIT activity (by content or extension)',
    'track.too_many_points':
      'The {format} file has more than {max, number} track points, the most accepted in one file',
    'track.too_few_points':
      'The {format} file has {n, plural, one {# track point} other {# track points}} with a position and a time; at least 2 are needed',
    'track.too_short': 'The {format} track lasts less than a second',
    'track.backwards':
      "The {format} file's times run backwards: track point {at} ({atTime}) is earlier than track point {before} before it ({beforeTime}); export the activity again or fix its times",
    'track.not_xml': 'The {format} file is not well-formed XML: {why}',
    'track.empty': 'The {format} file is empty',
    'track.not_gpx': 'Not a GPX document: the root element is not <gpx>',
    'track.gpx_route': 'The GPX file holds a planned route (<rte>), not a recorded track (<trk>)',
    'track.not_tcx': 'Not a TCX document: the root element is not <TrainingCenterDatabase>',
    'track.tcx_no_activity': 'The TCX file has no <Activity> (courses are not activities)',
    'track.fit_integrity': 'The FIT file failed its integrity check (truncated, wrong size or bad CRC)',
    'track.fit_decode': 'The FIT file could not be decoded: {why}',
  },
  es: {
    'risk.acwr_danger.message':
      'La relación carga aguda:crónica {v, number, ::.00} supera 1,5: la carga de esta semana es un pico respecto al último mes.',
    'risk.acwr_danger.advice':
      'Reduce el volumen de esta semana a no más de 1,3 veces tu carga semanal habitual; intensidad baja unos días.',
    'risk.acwr_high.message':
      'La relación carga aguda:crónica {v, number, ::.00} está por encima del rango 0,8–1,3.',
    'risk.acwr_high.advice':
      'Mantén la carga esta semana en lugar de aumentarla; progresa como mucho un 10% por semana.',
    'risk.acwr_low.message':
      'La relación carga aguda:crónica {v, number, ::.00} está por debajo de 0,8: entrenas menos de lo habitual.',
    'risk.acwr_low.advice':
      'Vuelve a tu carga habitual poco a poco; no saltes directamente a sesiones duras.',
    'risk.monotony_high.message':
      'La monotonía del entrenamiento {v, number, ::.00} supera 2,0: los días son demasiado parecidos.',
    'risk.monotony_high.advice':
      'Alterna días duros y suaves y mantén al menos un día de descanso completo por semana.',
    'risk.form_very_negative.message':
      'La forma (TSB) {v, number, integer} está muy por debajo de cero: la fatiga supera con mucho a la condición física.',
    'risk.form_very_negative.advice':
      'Haz dos o tres días suaves o un día de descanso antes de la siguiente sesión dura.',
    'risk.form_negative.message':
      'La forma (TSB) {v, number, integer} es claramente negativa: fatiga acumulada.',
    'risk.form_negative.advice': 'Planifica pronto un día más ligero; que la próxima sesión sea aeróbica.',
    'risk.hrv_low.message': 'La VFC (media de 7 días del ln rMSSD) está por debajo de tu rango normal.',
    'risk.hrv_low.advice':
      'Prioriza sesiones aeróbicas suaves hasta que la VFC vuelva a su rango normal; cuida el sueño.',
    'risk.hrv_high.message':
      'La VFC (media de 7 días del ln rMSSD) está por encima de tu rango normal; con mucha carga puede indicar sobrecarga.',
    'risk.hrv_high.advice': 'Si además te notas cansado o pesado, trátalo como fatiga y afloja.',
    'risk.hrv_falling.message': 'La VFC baja más que el cambio mínimo relevante respecto a la semana pasada.',
    'risk.hrv_falling.advice': 'Vigila los próximos días; reduce la intensidad si la tendencia continúa.',
    'risk.hooper_warning.message':
      'Cuestionario de bienestar: índice de Hooper {v, number, integer} de 28 (mal sueño, estrés, fatiga o dolor muscular).',
    'risk.hooper_warning.advice': 'Descansa o entrena muy suave hoy y revisa el sueño y el estrés.',
    'risk.hooper_watch.message':
      'Cuestionario de bienestar: índice de Hooper {v, number, integer} de 28, peor de lo normal.',
    'risk.hooper_watch.advice': 'Que la sesión de hoy sea moderada y vuelve a responder mañana.',

    'level.LOW': 'Carga y recuperación están equilibradas: entrena según lo previsto.',
    'level.MODERATE': 'Algunos indicadores requieren atención: controla la intensidad esta semana.',
    'level.HIGH': 'Varios indicadores apuntan a fatiga excesiva: reduce la carga los próximos días.',
    'level.VERY_HIGH':
      'Riesgo alto de sobrecarga o lesión: descansa o entrena muy suave y reevalúa en 2–3 días.',
    no_data_advice:
      'Registra entrenamientos con RPE (o frecuencia cardiaca y un perfil con FC en reposo y máxima) y la VFC por la mañana para tener una visión completa.',

    'factor.hrv_today':
      'El ln rMSSD de hoy está {v, number, ::.0} unidades de cambio mínimo relevante {dir, select, above {por encima} other {por debajo}} de tu referencia de 60 días.',
    'factor.hrv_trend': 'Tu media de VFC de 7 días está fuera de su rango normal.',
    'factor.resting_hr':
      'La FC en reposo está {v, number, ::.0} lpm {dir, select, above {por encima} other {por debajo}} de lo habitual.',
    'factor.sleep_hours': 'Has dormido {v, number, ::.0} h (se recomiendan 7–9 h).',
    'factor.sleep_quality': 'Calidad del sueño {v, number}/7 (1 = muy, muy buena).',
    'factor.fatigue': 'Fatiga {v, number}/7 (1 = muy, muy baja).',
    'factor.stress': 'Estrés {v, number}/7 (1 = muy, muy bajo).',
    'factor.soreness': 'Dolor muscular {v, number}/7 (1 = muy, muy bajo).',
    'factor.form': 'La forma (TSB) es {v, number, integer}.',

    'session.high_intensity':
      'Bien recuperado: buen día para series, un tempo o una tirada larga de calidad.',
    'session.as_planned': 'Entrena según lo previsto; las sesiones moderadas y duras están bien.',
    'session.easy_aerobic': 'Suave: rodaje aeróbico en zonas 1–2, sin series.',
    'session.recovery_or_rest': 'Recupera: descanso o 20–40 minutos de actividad muy suave.',
    'session.as_planned_no_hrv':
      'No hay datos de VFC suficientes (la lectura de hoy y al menos 14 en los últimos 60 días): entrena según lo previsto y guíate por sensaciones.',

    'hrv.balanced':
      'Tu media de VFC de 7 días está dentro de tu rango normal: asimilas bien el entrenamiento.',
    'hrv.low':
      'Tu media de VFC de 7 días está por debajo de tu rango normal: fatiga acumulada, enfermedad o estrés; prioriza entrenamientos suaves.',
    'hrv.high':
      'Tu media de VFC de 7 días está por encima de tu rango normal: suele indicar buena recuperación, pero con carga alta y fatiga puede indicar sobrecarga.',
    'hrv.insufficient_data':
      'Faltan lecturas: se necesitan al menos 3 en los últimos 7 días y 14 en los últimos 60 días (Plews et al. 2014).',

    tracks_busy:
      'El servidor está ocupado leyendo otros archivos de actividad; vuelve a intentar la importación en unos segundos',
    workout_not_found: 'Entrenamiento no encontrado',
    track_not_found: 'Recorrido no encontrado (este entrenamiento no se importó de un archivo)',
    in_future: 'está en el futuro',
    before_1990: 'es anterior a 1990',
    birth_in_past: 'debe estar en el pasado',
    age_range: 'da una edad de {age, number}; se esperan 10–110 años',
    resting_below_max: 'debe ser menor que max_hr',
    reserve_too_small:
      'debe superar resting_hr en al menos 40 lpm (una reserva de frecuencia cardiaca tan pequeña no es real)',
    goal_date: 'debe ser hoy o más adelante',
    goal_pace: 'supone un ritmo más rápido que 1:40 por km',
    moving_le_duration: 'no debe superar duration_s',
    avg_le_max: 'no debe superar max_hr',
    speed_implausible: 'supone una velocidad media de {kmh, number, ::.0} km/h, no plausible para {sport}',
    from_after_to: 'no debe ser posterior a query.to',
    not_plausible: 'la actividad registrada no es plausible: {why}',
    multipart_expected: 'Envía el archivo de la actividad como multipart/form-data (campo "file")',
    unknown_file_field: 'campo de archivo desconocido; envía la actividad como "file"',
    multipart_malformed: 'El cuerpo multipart/form-data está mal formado',
    file_required: 'obligatorio: un archivo de actividad (GPX, TCX o FIT)',
    'activity_imported.title': 'Actividad ya importada',
    'activity_imported.detail':
      'Esta actividad (iniciada el {startedAt, date, ::yMMMMdjjmmz}) ya se ha importado',
    'track.unsupported':
      'Archivo no admitido: se espera una actividad GPX, TCX o FIT (por contenido o extensión)',
    'track.too_many_points':
      'El archivo {format} tiene más de {max, number} puntos de recorrido, el máximo admitido en un archivo',
    'track.too_few_points':
      'El archivo {format} tiene {n, plural, one {# punto} other {# puntos}} con posición y hora; hacen falta al menos 2',
    'track.too_short': 'El recorrido {format} dura menos de un segundo',
    'track.backwards':
      'Las horas del archivo {format} van hacia atrás: el punto {at} ({atTime}) es anterior al punto {before} que lo precede ({beforeTime}); exporta de nuevo la actividad o corrige sus horas',
    'track.not_xml': 'El archivo {format} no es XML bien formado: {why}',
    'track.empty': 'El archivo {format} está vacío',
    'track.not_gpx': 'No es un documento GPX: el elemento raíz no es <gpx>',
    'track.gpx_route':
      'El archivo GPX contiene una ruta planificada (<rte>), no un recorrido registrado (<trk>)',
    'track.not_tcx': 'No es un documento TCX: el elemento raíz no es <TrainingCenterDatabase>',
    'track.tcx_no_activity': 'El archivo TCX no tiene <Activity> (los cursos no son actividades)',
    'track.fit_integrity':
      'El archivo FIT no supera su comprobación de integridad (truncado, tamaño erróneo o CRC incorrecto)',
    'track.fit_decode': 'No se ha podido decodificar el archivo FIT: {why}',
  },
});
