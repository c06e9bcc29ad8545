import type { Lang } from '../../platform/i18n.js';
import type { FactorCode, HrvStatus } from './domain/hrv.js';
import type { RiskCode } from './domain/risk.js';
import type { RiskLevel } from './domain/load.js';

const r2 = (x: number | null) => (x == null ? '–' : x.toFixed(2));
const r0 = (x: number | null) => (x == null ? '–' : Math.round(x).toString());

export const RISK_TEXT: Record<
  Lang,
  Record<RiskCode, (v: number | null) => { message: string; advice: string }>
> = {
  en: {
    acwr_danger: (v) => ({
      message: `Acute:chronic workload ratio ${r2(v)} is above 1.5: this week's load is a spike over the last month's.`,
      advice:
        'Cut this week’s volume back to no more than 1.3× your usual weekly load; keep intensity low for a few days.',
    }),
    acwr_high: (v) => ({
      message: `Acute:chronic workload ratio ${r2(v)} is above the 0.8–1.3 range.`,
      advice: 'Hold the load steady this week rather than adding more; progress by about 10% a week at most.',
    }),
    acwr_low: (v) => ({
      message: `Acute:chronic workload ratio ${r2(v)} is below 0.8: you are training less than usual.`,
      advice: 'Return to your usual load gradually; avoid jumping straight back to hard sessions.',
    }),
    monotony_high: (v) => ({
      message: `Training monotony ${r2(v)} is above 2.0: the days are too alike.`,
      advice: 'Alternate hard and easy days and keep at least one full rest day a week.',
    }),
    form_very_negative: (v) => ({
      message: `Form (TSB) ${r0(v)} is far below zero: fatigue greatly exceeds fitness.`,
      advice: 'Take two or three easy days or a rest day before the next hard session.',
    }),
    form_negative: (v) => ({
      message: `Form (TSB) ${r0(v)} is clearly negative: accumulated fatigue.`,
      advice: 'Plan a lighter day soon; keep the next session aerobic.',
    }),
    hrv_low: () => ({
      message: 'HRV (7-day mean of ln rMSSD) is below your normal range.',
      advice: 'Favour easy aerobic sessions until HRV returns to its normal range; prioritise sleep.',
    }),
    hrv_high: () => ({
      message:
        'HRV (7-day mean of ln rMSSD) is above your normal range; in heavy training this can signal overreaching.',
      advice: 'If you also feel tired or sluggish, treat it as fatigue and ease off.',
    }),
    hrv_falling: () => ({
      message: 'HRV is falling by more than the smallest worthwhile change compared with last week.',
      advice: 'Watch the next days closely; reduce intensity if the trend continues.',
    }),
    hooper_warning: (v) => ({
      message: `Wellness check-in: Hooper index ${r0(v)} of 28 (bad sleep, stress, fatigue or soreness).`,
      advice: 'Rest or train very easily today and look at sleep and life stress.',
    }),
    hooper_watch: (v) => ({
      message: `Wellness check-in: Hooper index ${r0(v)} of 28, worse than normal.`,
      advice: 'Keep today’s session moderate and check in again tomorrow.',
    }),
  },
  es: {
    acwr_danger: (v) => ({
      message: `La relación carga aguda:crónica ${r2(v)} supera 1,5: la carga de esta semana es un pico respecto al último mes.`,
      advice:
        'Reduce el volumen de esta semana a no más de 1,3 veces tu carga semanal habitual; intensidad baja unos días.',
    }),
    acwr_high: (v) => ({
      message: `La relación carga aguda:crónica ${r2(v)} está por encima del rango 0,8–1,3.`,
      advice: 'Mantén la carga esta semana en lugar de aumentarla; progresa como mucho un 10% por semana.',
    }),
    acwr_low: (v) => ({
      message: `La relación carga aguda:crónica ${r2(v)} está por debajo de 0,8: entrenas menos de lo habitual.`,
      advice: 'Vuelve a tu carga habitual poco a poco; no saltes directamente a sesiones duras.',
    }),
    monotony_high: (v) => ({
      message: `La monotonía del entrenamiento ${r2(v)} supera 2,0: los días son demasiado parecidos.`,
      advice: 'Alterna días duros y suaves y mantén al menos un día de descanso completo por semana.',
    }),
    form_very_negative: (v) => ({
      message: `La forma (TSB) ${r0(v)} está muy por debajo de cero: la fatiga supera con mucho a la condición física.`,
      advice: 'Haz dos o tres días suaves o un día de descanso antes de la siguiente sesión dura.',
    }),
    form_negative: (v) => ({
      message: `La forma (TSB) ${r0(v)} es claramente negativa: fatiga acumulada.`,
      advice: 'Planifica pronto un día más ligero; que la próxima sesión sea aeróbica.',
    }),
    hrv_low: () => ({
      message: 'La VFC (media de 7 días del ln rMSSD) está por debajo de tu rango normal.',
      advice: 'Prioriza sesiones aeróbicas suaves hasta que la VFC vuelva a su rango normal; cuida el sueño.',
    }),
    hrv_high: () => ({
      message:
        'La VFC (media de 7 días del ln rMSSD) está por encima de tu rango normal; con mucha carga puede indicar sobrecarga.',
      advice: 'Si además te notas cansado o pesado, trátalo como fatiga y afloja.',
    }),
    hrv_falling: () => ({
      message: 'La VFC baja más que el cambio mínimo relevante respecto a la semana pasada.',
      advice: 'Vigila los próximos días; reduce la intensidad si la tendencia continúa.',
    }),
    hooper_warning: (v) => ({
      message: `Cuestionario de bienestar: índice de Hooper ${r0(v)} de 28 (mal sueño, estrés, fatiga o dolor muscular).`,
      advice: 'Descansa o entrena muy suave hoy y revisa el sueño y el estrés.',
    }),
    hooper_watch: (v) => ({
      message: `Cuestionario de bienestar: índice de Hooper ${r0(v)} de 28, peor de lo normal.`,
      advice: 'Que la sesión de hoy sea moderada y vuelve a responder mañana.',
    }),
  },
};

export const RISK_GENERAL: Record<Lang, Record<RiskLevel, string>> = {
  en: {
    LOW: 'Load and recovery are in balance: train as planned.',
    MODERATE: 'Some markers need attention: keep intensity in check this week.',
    HIGH: 'Several markers point to excessive fatigue: reduce load for the next days.',
    VERY_HIGH: 'High risk of overreaching or injury: rest or train very lightly and reassess in 2–3 days.',
  },
  es: {
    LOW: 'Carga y recuperación están equilibradas: entrena según lo previsto.',
    MODERATE: 'Algunos indicadores requieren atención: controla la intensidad esta semana.',
    HIGH: 'Varios indicadores apuntan a fatiga excesiva: reduce la carga los próximos días.',
    VERY_HIGH: 'Riesgo alto de sobrecarga o lesión: descansa o entrena muy suave y reevalúa en 2–3 días.',
  },
};

export const NO_DATA_ADVICE: Record<Lang, string> = {
  en: 'Record workouts with RPE (or heart rate and a profile with resting and max HR) and morning HRV to get a full picture.',
  es: 'Registra entrenamientos con RPE (o frecuencia cardiaca y un perfil con FC en reposo y máxima) y la VFC por la mañana para tener una visión completa.',
};

const v1 = (x: number) => x.toFixed(1);
export const READINESS_FACTOR_TEXT: Record<Lang, Record<FactorCode, (v: number) => string>> = {
  en: {
    hrv_today: (v) =>
      `Today's ln rMSSD is ${v1(Math.abs(v))} smallest-worthwhile-change units ${v >= 0 ? 'above' : 'below'} your 60-day baseline.`,
    hrv_trend: () => 'Your 7-day HRV mean is outside its normal range.',
    resting_hr: (v) => `Resting HR is ${v1(Math.abs(v))} bpm ${v >= 0 ? 'above' : 'below'} your usual.`,
    sleep_hours: (v) => `You slept ${v1(v)} h (7–9 h recommended).`,
    sleep_quality: (v) => `Sleep quality ${v}/7 (1 = very, very good).`,
    fatigue: (v) => `Fatigue ${v}/7 (1 = very, very low).`,
    stress: (v) => `Stress ${v}/7 (1 = very, very low).`,
    soreness: (v) => `Muscle soreness ${v}/7 (1 = very, very low).`,
    form: (v) => `Form (TSB) is ${Math.round(v)}.`,
  },
  es: {
    hrv_today: (v) =>
      `El ln rMSSD de hoy está ${v1(Math.abs(v))} unidades de cambio mínimo relevante ${v >= 0 ? 'por encima' : 'por debajo'} de tu referencia de 60 días.`,
    hrv_trend: () => 'Tu media de VFC de 7 días está fuera de su rango normal.',
    resting_hr: (v) =>
      `La FC en reposo está ${v1(Math.abs(v))} lpm ${v >= 0 ? 'por encima' : 'por debajo'} de lo habitual.`,
    sleep_hours: (v) => `Has dormido ${v1(v)} h (se recomiendan 7–9 h).`,
    sleep_quality: (v) => `Calidad del sueño ${v}/7 (1 = muy, muy buena).`,
    fatigue: (v) => `Fatiga ${v}/7 (1 = muy, muy baja).`,
    stress: (v) => `Estrés ${v}/7 (1 = muy, muy bajo).`,
    soreness: (v) => `Dolor muscular ${v}/7 (1 = muy, muy bajo).`,
    form: (v) => `La forma (TSB) es ${Math.round(v)}.`,
  },
};

export type Session =
  'high_intensity' | 'as_planned' | 'easy_aerobic' | 'recovery_or_rest' | 'as_planned_no_hrv';
export const SESSION_TEXT: Record<Lang, Record<Session, string>> = {
  en: {
    high_intensity: 'Well recovered: a good day for intervals, a tempo run or a quality long run.',
    as_planned: 'Train as planned; moderate and hard sessions are fine.',
    easy_aerobic: 'Keep it easy: an aerobic run in zones 1–2, no intervals.',
    recovery_or_rest: 'Recover: rest, or 20–40 minutes of very easy movement.',
    as_planned_no_hrv:
      'Not enough HRV data (today’s reading and at least 14 in the last 60 days): train as planned and go by feel.',
  },
  es: {
    high_intensity: 'Bien recuperado: buen día para series, un tempo o una tirada larga de calidad.',
    as_planned: 'Entrena según lo previsto; las sesiones moderadas y duras están bien.',
    easy_aerobic: 'Suave: rodaje aeróbico en zonas 1–2, sin series.',
    recovery_or_rest: 'Recupera: descanso o 20–40 minutos de actividad muy suave.',
    as_planned_no_hrv:
      'No hay datos de VFC suficientes (la lectura de hoy y al menos 14 en los últimos 60 días): entrena según lo previsto y guíate por sensaciones.',
  },
};

export const HRV_STATUS_TEXT: Record<Lang, Record<HrvStatus, string>> = {
  en: {
    balanced: 'Your 7-day HRV mean is within your normal range: coping well with training.',
    low: 'Your 7-day HRV mean is below your normal range: accumulated fatigue, illness or stress; favour easy training.',
    high: 'Your 7-day HRV mean is above your normal range: usually good recovery, but with heavy training and fatigue it can mean overreaching.',
    insufficient_data:
      'Not enough readings: at least 3 in the last 7 days and 14 in the last 60 days are needed (Plews et al. 2014).',
  },
  es: {
    balanced: 'Tu media de VFC de 7 días está dentro de tu rango normal: asimilas bien el entrenamiento.',
    low: 'Tu media de VFC de 7 días está por debajo de tu rango normal: fatiga acumulada, enfermedad o estrés; prioriza entrenamientos suaves.',
    high: 'Tu media de VFC de 7 días está por encima de tu rango normal: suele indicar buena recuperación, pero con carga alta y fatiga puede indicar sobrecarga.',
    insufficient_data:
      'Faltan lecturas: se necesitan al menos 3 en los últimos 7 días y 14 en los últimos 60 días (Plews et al. 2014).',
  },
};
