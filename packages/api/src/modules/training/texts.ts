import type { Lang } from '../../platform/i18n.js';
import type { Phase, SessionKind } from './domain/plan.js';

export const PHASE_NAME: Record<Lang, Record<Phase, string>> = {
  en: {
    base: 'Base Building',
    build: 'Build & Strength',
    specific: 'Race Specific',
    taper: 'Taper',
    race: 'Race & Recovery',
  },
  es: {
    base: 'Construcción de base',
    build: 'Construcción y fuerza',
    specific: 'Específico',
    taper: 'Puesta a punto',
    race: 'Carrera y recuperación',
  },
};

export const PHASE_FOCUS: Record<Lang, Record<Phase, string>> = {
  en: {
    base: 'Build the aerobic base and the habit: mostly easy running, short hills and strides',
    build: 'Raise the threshold and strength: tempo runs and hill repeats',
    specific: 'Rehearse the race: race-pace work and the longest long runs',
    taper: 'Shed fatigue, keep the sharpness: less volume, same intensity',
    race: 'Race, then recover: easy running only after the race',
  },
  es: {
    base: 'Construir la base aeróbica y el hábito: sobre todo rodaje suave, cuestas cortas y progresivos',
    build: 'Subir el umbral y la fuerza: tempo y series en cuesta',
    specific: 'Ensayar la carrera: trabajo a ritmo de carrera y las tiradas largas más largas',
    taper: 'Quitar fatiga y mantener la chispa: menos volumen, misma intensidad',
    race: 'Competir y recuperar: solo rodaje suave tras la carrera',
  },
};

export const PHASE_GOALS: Record<Lang, Record<Phase, string[]>> = {
  en: {
    base: ['Aerobic base', 'Consistency', 'Tendon and muscle resilience'],
    build: ['Higher lactate threshold', 'Running strength', 'Longer long runs'],
    specific: ['Race-pace economy', 'Fuelling practice on long runs', 'Confidence at goal pace'],
    taper: ['Freshness', 'Keep intensity', 'Sleep and nutrition'],
    race: ['Execute the race plan', 'Full recovery before new load'],
  },
  es: {
    base: ['Base aeróbica', 'Constancia', 'Resistencia de tendones y músculos'],
    build: ['Umbral de lactato más alto', 'Fuerza para correr', 'Tiradas largas más largas'],
    specific: [
      'Economía a ritmo de carrera',
      'Practicar la nutrición en tiradas',
      'Confianza al ritmo objetivo',
    ],
    taper: ['Frescura', 'Mantener la intensidad', 'Sueño y nutrición'],
    race: ['Ejecutar el plan de carrera', 'Recuperar del todo antes de cargar de nuevo'],
  },
};

export const PHASE_KEY_SESSIONS: Record<Lang, Record<Phase, string[]>> = {
  en: {
    base: ['Easy runs', 'Long run +1 km a week', 'Short hill sprints', 'Strides'],
    build: ['Tempo 20–30 min at threshold', 'Hill repeats 6–10 × 60–90 s', 'Long run'],
    specific: ['Race-pace blocks', 'Intervals 3–5 min at VO2max (5K/10K)', 'Longest long runs'],
    taper: ['Short race-pace blocks', 'Strides', 'Shorter long run'],
    race: ['Race', 'Easy recovery runs'],
  },
  es: {
    base: ['Rodajes suaves', 'Tirada larga +1 km por semana', 'Sprints cortos en cuesta', 'Progresivos'],
    build: ['Tempo 20–30 min a umbral', 'Cuestas 6–10 × 60–90 s', 'Tirada larga'],
    specific: ['Bloques a ritmo de carrera', 'Series 3–5 min a VO2max (5K/10K)', 'Las tiradas más largas'],
    taper: ['Bloques cortos a ritmo de carrera', 'Progresivos', 'Tirada larga más corta'],
    race: ['Carrera', 'Rodajes suaves de recuperación'],
  },
};

export const PHASE_VOLUME: Record<Lang, Record<Phase, string>> = {
  en: {
    base: 'Up to +10% a week, every 4th week about 25% lighter',
    build: 'Up to +10% a week, every 4th week lighter',
    specific: 'Near peak volume',
    taper: 'Cut progressively by 40–60% (Bosquet et al. 2007)',
    race: 'Race week ~45% of peak; the week after ~25%',
  },
  es: {
    base: 'Hasta +10% por semana, cada 4ª semana un 25% más ligera',
    build: 'Hasta +10% por semana, cada 4ª semana más ligera',
    specific: 'Cerca del volumen máximo',
    taper: 'Reducir progresivamente un 40–60% (Bosquet et al. 2007)',
    race: 'Semana de carrera ~45% del máximo; la siguiente ~25%',
  },
};

export const SESSION_NOTE: Record<Lang, Record<SessionKind, string>> = {
  en: {
    easy: 'Easy, conversational',
    recovery: 'Very easy, short; skip it if anything hurts',
    long: 'Steady and easy; practise fuelling',
    strides: 'Easy run with 6 × 20 s relaxed strides at the end',
    hills: 'Warm up, then 6–10 × 60 s uphill hard, jog down',
    tempo: 'Warm up, 20–30 min at threshold pace, cool down',
    intervals: 'Warm up, 5 × 3 min at VO2max pace (2 min jog), cool down',
    race_pace: 'Warm up, 2–3 blocks at goal race pace, cool down',
    race: 'Race day: start controlled, even effort',
  },
  es: {
    easy: 'Suave, puedes conversar',
    recovery: 'Muy suave y corto; sáltalo si algo duele',
    long: 'Constante y suave; practica la nutrición',
    strides: 'Rodaje suave con 6 × 20 s de progresivos relajados al final',
    hills: 'Calienta y haz 6–10 × 60 s cuesta arriba fuerte, baja trotando',
    tempo: 'Calienta, 20–30 min a ritmo umbral, vuelta a la calma',
    intervals: 'Calienta, 5 × 3 min a ritmo VO2max (2 min trote), vuelta a la calma',
    race_pace: 'Calienta, 2–3 bloques a ritmo de carrera objetivo, vuelta a la calma',
    race: 'Día de carrera: sal controlado, esfuerzo constante',
  },
};

export const DAY_NAME: Record<Lang, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  es: ['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo'],
};

export const TRAINING_TEXT = {
  en: {
    noPlan: 'No training plan: create one with POST /api/v1/training/plan',
    restDay: 'Rest: full recovery, or easy cross-training',
    fromPlan: 'My saved training plan.',
    fromGoal: (km: number, date: string) =>
      `No saved plan: a programme towards the goal race in my profile (${km} km on ${date}), starting this week. Save one with POST /api/v1/training/plan.`,
    fromProfile: (weeks: number) =>
      `No saved plan: a ${weeks}-week half-marathon programme from my profile, starting this week. Save one with POST /api/v1/training/plan.`,
    weekOf: (w: number, n: number) => `Week ${w} of ${n}`,
    beyond: (n: number) => `the plan has ${n} weeks`,
    raceBeforeStart: 'must be after start_date',
    tooShort: (w: number) => `must be at least ${w} weeks after start_date so that every phase has a week`,
    tooLong: (w: number) => `the plan (up to the week after the race) may last at most ${w} weeks`,
    startPast: 'must not be more than 7 days in the past',
    notAdapted: 'Past or far-future week: shown as planned.',
    adapted: (m: number, why: string) => `Sessions from today on are scaled by ${m}: ${why}.`,
    asPlanned: 'Readiness and load are in range: sessions as planned.',
    why: {
      readiness: (s: string) => `readiness is ${s}`,
      acwr: (a: number) => `acute:chronic load ratio ${a} (high; Gabbett 2016)`,
      risk: (r: string) => `overtraining risk ${r}`,
    },
    recommendations: [
      'Sleep 7–9 hours',
      'Eat carbohydrate and protein within an hour after hard sessions',
      'Two short strength sessions a week (GET /api/v1/training/injury-prevention)',
    ],
    maxHrNeeded: 'max_hr or birth_date is needed in the athlete profile (or max_hr in the query)',
    restingAboveMax: 'must be at least 30 bpm below max_hr',
    tanaka: (age: number) =>
      `Max HR estimated from age ${age} (Tanaka et al. 2001: 208 − 0.7 × age, ±10 bpm); a field test or race gives a better value.`,
    karvonen: 'Zones by heart-rate reserve (Karvonen et al. 1957): rest + % × (max − rest).',
    pctMax: 'Zones as % of max HR: add your resting HR to the profile for heart-rate-reserve zones.',
    noPace: 'No pace ranges: set threshold pace in the profile, or record a run of at least 3 km.',
    hrvPair: 'hrv_current and hrv_baseline go together',
  },
  es: {
    noPlan: 'No hay plan de entrenamiento: crea uno con POST /api/v1/training/plan',
    restDay: 'Descanso: recuperación completa o actividad suave alternativa',
    fromPlan: 'Mi plan de entrenamiento guardado.',
    fromGoal: (km: number, date: string) =>
      `Sin plan guardado: un programa hacia la carrera objetivo de mi perfil (${km} km el ${date}), que empieza esta semana. Guarda uno con POST /api/v1/training/plan.`,
    fromProfile: (weeks: number) =>
      `Sin plan guardado: un programa de media maratón de ${weeks} semanas a partir de mi perfil, que empieza esta semana. Guarda uno con POST /api/v1/training/plan.`,
    weekOf: (w: number, n: number) => `Semana ${w} de ${n}`,
    beyond: (n: number) => `el plan tiene ${n} semanas`,
    raceBeforeStart: 'debe ser posterior a start_date',
    tooShort: (w: number) =>
      `debe ser al menos ${w} semanas después de start_date para que cada fase tenga una semana`,
    tooLong: (w: number) =>
      `el plan (hasta la semana después de la carrera) puede durar como mucho ${w} semanas`,
    startPast: 'no puede ser de hace más de 7 días',
    notAdapted: 'Semana pasada o lejana: se muestra como estaba planificada.',
    adapted: (m: number, why: string) => `Las sesiones desde hoy se escalan por ${m}: ${why}.`,
    asPlanned: 'Disposición y carga en rango: sesiones según lo planificado.',
    why: {
      readiness: (s: string) => `la disposición es ${s}`,
      acwr: (a: number) => `ratio de carga aguda:crónica ${a} (alto; Gabbett 2016)`,
      risk: (r: string) => `riesgo de sobreentrenamiento ${r}`,
    },
    recommendations: [
      'Duerme 7–9 horas',
      'Come hidratos y proteína en la hora siguiente a las sesiones duras',
      'Dos sesiones cortas de fuerza por semana (GET /api/v1/training/injury-prevention)',
    ],
    maxHrNeeded: 'hace falta max_hr o birth_date en el perfil del atleta (o max_hr en la consulta)',
    restingAboveMax: 'debe ser al menos 30 ppm menor que max_hr',
    tanaka: (age: number) =>
      `FC máxima estimada por la edad ${age} (Tanaka et al. 2001: 208 − 0,7 × edad, ±10 ppm); una prueba de campo o una carrera da un valor mejor.`,
    karvonen: 'Zonas por reserva de frecuencia cardiaca (Karvonen et al. 1957): reposo + % × (máx − reposo).',
    pctMax: 'Zonas como % de la FC máxima: añade tu FC en reposo al perfil para zonas por reserva.',
    noPace:
      'Sin rangos de ritmo: indica el ritmo umbral en el perfil o registra una carrera de al menos 3 km.',
    hrvPair: 'hrv_current y hrv_baseline van juntos',
  },
};

export const ZONE_TEXT: Record<Lang, { name: string; description: string; use: string; feeling: string }[]> =
  {
    en: [
      {
        name: 'Recovery',
        description: 'Very easy',
        use: 'Warm-up, cool-down, recovery runs',
        feeling: 'Very easy, full conversation',
      },
      {
        name: 'Aerobic base',
        description: 'Comfortable, sustainable',
        use: 'Easy and long runs: most of the volume',
        feeling: 'Easy, can talk in sentences',
      },
      {
        name: 'Tempo',
        description: 'Steady, marathon effort',
        use: 'Marathon pace, steady runs',
        feeling: 'Purposeful, short sentences',
      },
      {
        name: 'Threshold',
        description: 'Comfortably hard, ~1 h race effort',
        use: 'Tempo runs, cruise intervals',
        feeling: 'Hard, a few words',
      },
      {
        name: 'VO2max',
        description: 'Very hard, 3–8 min efforts',
        use: 'Intervals, hill repeats',
        feeling: 'Maximal, no talking',
      },
    ],
    es: [
      {
        name: 'Recuperación',
        description: 'Muy suave',
        use: 'Calentamiento, vuelta a la calma, rodajes de recuperación',
        feeling: 'Muy fácil, conversación completa',
      },
      {
        name: 'Base aeróbica',
        description: 'Cómodo, sostenible',
        use: 'Rodajes y tiradas largas: la mayor parte del volumen',
        feeling: 'Fácil, hablas en frases',
      },
      {
        name: 'Tempo',
        description: 'Sostenido, esfuerzo de maratón',
        use: 'Ritmo maratón, rodajes sostenidos',
        feeling: 'Con intención, frases cortas',
      },
      {
        name: 'Umbral',
        description: 'Duro pero controlado, esfuerzo de carrera de ~1 h',
        use: 'Tempo, series largas a umbral',
        feeling: 'Duro, pocas palabras',
      },
      {
        name: 'VO2max',
        description: 'Muy duro, esfuerzos de 3–8 min',
        use: 'Series, cuestas',
        feeling: 'Máximo, no puedes hablar',
      },
    ],
  };

/** Example sessions per zone (Z1 first). */
export const ZONE_EXAMPLES: Record<Lang, string[][]> = {
  en: [
    ['Recovery jog the day after a hard session', 'Warm-up and cool-down', 'Active recovery day'],
    ['Long run 15–20 km', 'Easy 8–10 km', 'Most of the base-building volume'],
    ['Marathon-pace block: 2 km warm-up + 8 km at Z3 + 1 km cool-down', 'Steady progression run'],
    ['Tempo 20–30 min at threshold', 'Cruise intervals 4 × 8 min', 'Hill repeats 6–10 × 60 s'],
    ['Intervals 5 × 3 min with 2 min jog', '6 × 2 min with 2 min recovery', 'Hill sprints 8–10 s'],
  ],
  es: [
    [
      'Trote de recuperación el día después de una sesión dura',
      'Calentamiento y vuelta a la calma',
      'Día de recuperación activa',
    ],
    ['Tirada larga de 15–20 km', 'Rodaje suave de 8–10 km', 'La mayor parte del volumen de base'],
    [
      'Bloque a ritmo maratón: 2 km de calentamiento + 8 km en Z3 + 1 km suave',
      'Rodaje progresivo sostenido',
    ],
    ['Tempo de 20–30 min a umbral', 'Series largas 4 × 8 min', 'Cuestas 6–10 × 60 s'],
    [
      'Series 5 × 3 min con 2 min de trote',
      '6 × 2 min con 2 min de recuperación',
      'Sprints en cuesta de 8–10 s',
    ],
  ],
};

/** Weekday abbreviations and labels for a phase's typical week. */
export const WEEK_STRUCTURE_TEXT = {
  en: {
    days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    rest: 'Rest',
    strength: 'strength',
  },
  es: {
    days: ['Lun', 'Mar', 'Mié', 'Jue', 'Vie', 'Sáb', 'Dom'],
    rest: 'Descanso',
    strength: 'fuerza',
  },
} satisfies Record<Lang, unknown>;

export const ADAPT_TEXT = {
  en: {
    action: {
      INCREASE: 'You are fresh: train as planned, a little more is fine',
      MAINTAIN: 'Train as planned',
      SLIGHT_REDUCE: 'Train a little less today',
      MODERATE_REDUCE: 'Train easy today',
      MAJOR_REDUCE: 'Short recovery run only',
      REST: 'Rest today',
    },
    factor: {
      hrv: 'low HRV',
      sleep: 'short sleep',
      fatigue: 'high fatigue',
      stress: 'high stress',
      volume: 'recent volume well above usual',
    },
    fine: 'All signals are in range',
    reasoning: (bad: string[]) => `${bad.join(' + ')} → recover`,
  },
  es: {
    action: {
      INCREASE: 'Estás fresco: entrena según el plan, algo más está bien',
      MAINTAIN: 'Entrena según el plan',
      SLIGHT_REDUCE: 'Entrena un poco menos hoy',
      MODERATE_REDUCE: 'Entrena suave hoy',
      MAJOR_REDUCE: 'Solo un rodaje corto de recuperación',
      REST: 'Descansa hoy',
    },
    factor: {
      hrv: 'VFC baja',
      sleep: 'poco sueño',
      fatigue: 'fatiga alta',
      stress: 'estrés alto',
      volume: 'volumen reciente muy por encima de lo habitual',
    },
    fine: 'Todas las señales están en rango',
    reasoning: (bad: string[]) => `${bad.join(' + ')} → recupera`,
  },
};

export const PROGRESS_TEXT = {
  en: {
    up: (p: number) => `↑ +${p}%`,
    down: (p: number) => `↓ ${p}%`,
    flat: '→ stable',
    none: 'not enough data',
    pace: (a: string, b: string, p: number) => `${a} → ${b} min/km (${p > 0 ? '+' : ''}${p}%)`,
    status: {
      good: 'Progressing well',
      caution: 'Progressing, watch the load',
      warning: 'Too much too soon',
      none: 'Not enough data',
    },
    positive: { pace: 'Pace improving', volume: 'Volume rising steadily', consistent: 'Training every week' },
    warnings: {
      jump: (w: number, p: number) =>
        `Week ${w}: volume +${p}% over the week before (more than 30% raises injury risk, Nielsen 2014)`,
      acwr: (a: number) => `Acute:chronic load ratio ${a} (above 1.5 raises injury risk, Gabbett 2016)`,
    },
    trajectory: { on: 'On track', behind: 'Behind the target', none: 'No goal race with a target time' },
    hrv: {
      up: (p: number) => `↑ +${p}% (recovering well)`,
      down: (p: number) => `↓ ${p}% (watch fatigue)`,
      flat: '→ stable',
    },
    maintain: {
      reached: 'At your current level you already reach the target',
      inWeeks: (n: number, beforeRace: boolean) =>
        `At the current rate of pace improvement you reach the target in ${n} weeks${beforeRace ? ', before the race' : ', after the race date'}`,
      flat: 'Your pace is not improving over these weeks: the target is not in reach at this trend',
      none: 'No goal race with a target time: set one in the athlete profile',
    },
  },
  es: {
    up: (p: number) => `↑ +${p}%`,
    down: (p: number) => `↓ ${p}%`,
    flat: '→ estable',
    none: 'datos insuficientes',
    pace: (a: string, b: string, p: number) => `${a} → ${b} min/km (${p > 0 ? '+' : ''}${p}%)`,
    status: {
      good: 'Progresando bien',
      caution: 'Progresando, vigila la carga',
      warning: 'Demasiado y demasiado pronto',
      none: 'Datos insuficientes',
    },
    positive: {
      pace: 'El ritmo mejora',
      volume: 'El volumen sube de forma constante',
      consistent: 'Entrenas todas las semanas',
    },
    warnings: {
      jump: (w: number, p: number) =>
        `Semana ${w}: volumen +${p}% sobre la anterior (más del 30% aumenta el riesgo de lesión, Nielsen 2014)`,
      acwr: (a: number) =>
        `Ratio de carga aguda:crónica ${a} (por encima de 1,5 aumenta el riesgo de lesión, Gabbett 2016)`,
    },
    trajectory: {
      on: 'En camino',
      behind: 'Por detrás del objetivo',
      none: 'Sin carrera objetivo con tiempo',
    },
    hrv: {
      up: (p: number) => `↑ +${p}% (buena recuperación)`,
      down: (p: number) => `↓ ${p}% (vigila la fatiga)`,
      flat: '→ estable',
    },
    maintain: {
      reached: 'Con tu nivel actual ya alcanzas el objetivo',
      inWeeks: (n: number, beforeRace: boolean) =>
        `Al ritmo actual de mejora alcanzas el objetivo en ${n} semanas${beforeRace ? ', antes de la carrera' : ', después de la fecha de la carrera'}`,
      flat: 'Tu ritmo no mejora en estas semanas: con esta tendencia el objetivo no está a tu alcance',
      none: 'Sin carrera objetivo con tiempo: indícala en el perfil del atleta',
    },
  },
};

export const INJURY_TEXT: Record<
  Lang,
  {
    strength: {
      name: string;
      target: string;
      week_1: string;
      week_4: string;
      progression: 'linear' | 'none';
      when: string;
      why: string;
    }[];
    stretching: {
      name: string;
      target: string;
      duration_sec: number;
      when: string;
      progression: 'linear' | 'none';
      why: string;
    }[];
    schedule: Record<string, string[]>;
    warnings: string[];
    alertLoad: (a: number) => string;
    alertRisk: (r: string) => string;
  }
> = {
  en: {
    strength: [
      {
        name: 'Single-leg squat',
        target: 'Quads, glutes, hip stabilisers',
        week_1: '2 × 8 per leg',
        week_4: '3 × 12 per leg',
        progression: 'linear',
        when: 'After easy runs, 2× a week',
        why: 'Knee and hip control',
      },
      {
        name: 'Calf raises (straight and bent knee)',
        target: 'Gastrocnemius, soleus, Achilles tendon',
        week_1: '2 × 15',
        week_4: '3 × 20, single leg',
        progression: 'linear',
        when: '2–3× a week',
        why: 'Achilles and calf injuries are among the most common in runners',
      },
      {
        name: 'Nordic hamstring curl',
        target: 'Hamstrings',
        week_1: '2 × 5',
        week_4: '3 × 8',
        progression: 'linear',
        when: '2× a week, not before quality days',
        why: 'Eccentric hamstring strength roughly halves hamstring injuries (van Dyk et al. 2019)',
      },
      {
        name: 'Side plank with hip abduction',
        target: 'Gluteus medius, core',
        week_1: '2 × 20 s per side',
        week_4: '3 × 40 s per side',
        progression: 'linear',
        when: '2–3× a week',
        why: 'Pelvic control, linked to iliotibial and patellofemoral pain',
      },
      {
        name: 'Step-ups',
        target: 'Glutes, quads',
        week_1: '2 × 10 per leg',
        week_4: '3 × 12 per leg with weight',
        progression: 'linear',
        when: '2× a week',
        why: 'Strength for climbs and late-race form',
      },
    ],
    stretching: [
      {
        name: 'Hip flexor stretch',
        target: 'Hip flexors, psoas',
        duration_sec: 30,
        progression: 'none',
        when: 'After runs',
        why: 'Hip extension range',
      },
      {
        name: 'Calf stretch',
        target: 'Calves',
        duration_sec: 30,
        progression: 'none',
        when: 'After runs',
        why: 'Ankle range of motion',
      },
      {
        name: 'Hamstring stretch',
        target: 'Hamstrings',
        duration_sec: 30,
        progression: 'none',
        when: 'After runs',
        why: 'Comfort; stretching alone does not prevent injury (Lauersen et al. 2014)',
      },
      {
        name: 'Glute stretch (figure four)',
        target: 'Glutes, piriformis',
        duration_sec: 30,
        progression: 'none',
        when: 'Evenings',
        why: 'Hip comfort',
      },
      {
        name: 'Dynamic leg swings',
        target: 'Hips',
        duration_sec: 60,
        progression: 'none',
        when: 'Before runs',
        why: 'Warm-up',
      },
    ],
    schedule: {
      Monday: ['Strength', 'Stretching'],
      Tuesday: ['Stretching'],
      Wednesday: ['Stretching'],
      Thursday: ['Strength', 'Stretching'],
      Friday: ['Stretching'],
      Saturday: ['Dynamic warm-up'],
      Sunday: ['Stretching'],
    },
    warnings: [
      'Pain that lasts more than 2 weeks',
      'Pain that grows during a run',
      'Limping or a changed stride',
      'Swelling, or pain at one point of a bone (possible stress fracture)',
    ],
    alertLoad: (a) => `Your acute:chronic load ratio is ${a}: hold the volume this week (Gabbett 2016)`,
    alertRisk: (r) => `Overtraining risk is ${r}: prioritise recovery`,
  },
  es: {
    strength: [
      {
        name: 'Sentadilla a una pierna',
        target: 'Cuádriceps, glúteos, estabilizadores de cadera',
        week_1: '2 × 8 por pierna',
        week_4: '3 × 12 por pierna',
        progression: 'linear',
        when: 'Tras rodajes suaves, 2 veces por semana',
        why: 'Control de rodilla y cadera',
      },
      {
        name: 'Elevaciones de gemelo (rodilla recta y flexionada)',
        target: 'Gemelos, sóleo, tendón de Aquiles',
        week_1: '2 × 15',
        week_4: '3 × 20, a una pierna',
        progression: 'linear',
        when: '2–3 veces por semana',
        why: 'Las lesiones de Aquiles y gemelo están entre las más comunes',
      },
      {
        name: 'Curl nórdico',
        target: 'Isquiotibiales',
        week_1: '2 × 5',
        week_4: '3 × 8',
        progression: 'linear',
        when: '2 veces por semana, no antes de días de calidad',
        why: 'La fuerza excéntrica reduce a la mitad las lesiones de isquios (van Dyk et al. 2019)',
      },
      {
        name: 'Plancha lateral con abducción',
        target: 'Glúteo medio, core',
        week_1: '2 × 20 s por lado',
        week_4: '3 × 40 s por lado',
        progression: 'linear',
        when: '2–3 veces por semana',
        why: 'Control pélvico, ligado al dolor de cintilla y rodilla',
      },
      {
        name: 'Subidas al cajón',
        target: 'Glúteos, cuádriceps',
        week_1: '2 × 10 por pierna',
        week_4: '3 × 12 por pierna con peso',
        progression: 'linear',
        when: '2 veces por semana',
        why: 'Fuerza para subidas y para el final de carrera',
      },
    ],
    stretching: [
      {
        name: 'Estiramiento de flexores de cadera',
        target: 'Flexores de cadera, psoas',
        duration_sec: 30,
        progression: 'none',
        when: 'Tras correr',
        why: 'Rango de extensión de cadera',
      },
      {
        name: 'Estiramiento de gemelo',
        target: 'Gemelos',
        duration_sec: 30,
        progression: 'none',
        when: 'Tras correr',
        why: 'Movilidad de tobillo',
      },
      {
        name: 'Estiramiento de isquios',
        target: 'Isquiotibiales',
        duration_sec: 30,
        progression: 'none',
        when: 'Tras correr',
        why: 'Confort; estirar por sí solo no previene lesiones (Lauersen et al. 2014)',
      },
      {
        name: 'Estiramiento de glúteo (figura cuatro)',
        target: 'Glúteos, piramidal',
        duration_sec: 30,
        progression: 'none',
        when: 'Por la noche',
        why: 'Confort de cadera',
      },
      {
        name: 'Balanceos de pierna',
        target: 'Caderas',
        duration_sec: 60,
        progression: 'none',
        when: 'Antes de correr',
        why: 'Calentamiento',
      },
    ],
    schedule: {
      Lunes: ['Fuerza', 'Estiramientos'],
      Martes: ['Estiramientos'],
      Miércoles: ['Estiramientos'],
      Jueves: ['Fuerza', 'Estiramientos'],
      Viernes: ['Estiramientos'],
      Sábado: ['Calentamiento dinámico'],
      Domingo: ['Estiramientos'],
    },
    warnings: [
      'Dolor que dura más de 2 semanas',
      'Dolor que aumenta durante la carrera',
      'Cojera o cambio en la zancada',
      'Hinchazón, o dolor en un punto de un hueso (posible fractura por estrés)',
    ],
    alertLoad: (a) => `Tu ratio de carga aguda:crónica es ${a}: mantén el volumen esta semana (Gabbett 2016)`,
    alertRisk: (r) => `El riesgo de sobreentrenamiento es ${r}: prioriza la recuperación`,
  },
};

/** Short session names, for calendar entries. */
export const SESSION_NAME: Record<Lang, Record<SessionKind, string>> = {
  en: {
    easy: 'Easy run',
    recovery: 'Recovery run',
    long: 'Long run',
    strides: 'Easy run + strides',
    hills: 'Hill repeats',
    tempo: 'Tempo run',
    intervals: 'Intervals',
    race_pace: 'Race-pace run',
    race: 'Race day',
  },
  es: {
    easy: 'Rodaje suave',
    recovery: 'Rodaje de recuperación',
    long: 'Tirada larga',
    strides: 'Rodaje suave + progresivos',
    hills: 'Cuestas',
    tempo: 'Carrera a ritmo umbral',
    intervals: 'Series',
    race_pace: 'Ritmo de carrera',
    race: 'Día de carrera',
  },
};
