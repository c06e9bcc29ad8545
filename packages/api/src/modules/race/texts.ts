import type { Lang } from '../../platform/i18n.js';
import type { FactorName } from './domain/predict.js';

export const FACTOR_NOTE: Record<Lang, Record<FactorName, string>> = {
  en: {
    heat: 'Heat and humidity: slower runners lose more, and the loss grows with time on course.',
    wind: 'Wind: a headwind costs more than the same tailwind gives back.',
    altitude: 'Altitude: less oxygen lowers aerobic power; acclimatise 2–3 weeks above 1500 m.',
    hills: 'Climbing costs more energy than the matching descent returns.',
    surface: 'Uneven or technical ground costs energy and slows footing.',
  },
  es: {
    heat: 'Calor y humedad: los corredores más lentos pierden más, y la pérdida crece con el tiempo en carrera.',
    wind: 'Viento: el viento en contra cuesta más de lo que devuelve el mismo viento a favor.',
    altitude:
      'Altitud: menos oxígeno reduce la potencia aeróbica; aclimátate 2–3 semanas por encima de 1500 m.',
    hills: 'Subir cuesta más energía de la que devuelve la bajada equivalente.',
    surface: 'El terreno irregular o técnico cuesta energía y frena la pisada.',
  },
};

export const IMPACT_TEXT = {
  en: {
    temperature:
      'Best at a WBGT of about 5–10 °C. Above it: start slower, drink to thirst, pour water on you.',
    humidity_low: 'Dry air: sweat evaporates well.',
    humidity_mid: 'Moderate humidity: noticeable on warm days.',
    humidity_high: 'Humid: sweat evaporates poorly, heat builds up faster.',
    wind: 'Run into the wind in a group; a tailwind gives back only about half of what a headwind costs.',
    terrain: 'Judge hilly courses by effort, not pace: ease off on climbs, let the descents flow.',
    altitude: 'Above 1500 m, arrive 2–3 weeks early to acclimatise, or as late as possible (within 24 h).',
  },
  es: {
    temperature: 'Lo mejor es un WBGT de 5–10 °C. Por encima: sal más lento, bebe según la sed, mójate.',
    humidity_low: 'Aire seco: el sudor se evapora bien.',
    humidity_mid: 'Humedad moderada: se nota en días cálidos.',
    humidity_high: 'Húmedo: el sudor se evapora mal y el calor se acumula antes.',
    wind: 'Corre en grupo con viento en contra; el viento a favor devuelve solo la mitad de lo que cuesta en contra.',
    terrain:
      'En recorridos con desnivel corre por esfuerzo, no por ritmo: afloja en subidas, suelta en bajadas.',
    altitude:
      'Por encima de 1500 m, llega 2–3 semanas antes para aclimatarte, o lo más tarde posible (24 h).',
  },
} satisfies Record<Lang, Record<string, string>>;

export const TERRAIN_TEXT: Record<
  Lang,
  Record<string, { description: string; pacing_strategy: string; shoes_recommendation: string }>
> = {
  en: {
    flat_road: {
      description: 'Flat road',
      pacing_strategy: 'Even pace from start to finish',
      shoes_recommendation: 'Racing flats or carbon-plated road shoes',
    },
    rolling_hills: {
      description: 'Short climbs and descents on road',
      pacing_strategy: 'Even effort: give a little time on climbs, take it back on descents',
      shoes_recommendation: 'Neutral cushioned road shoes',
    },
    mountain: {
      description: 'Long, significant climbs on mixed paths',
      pacing_strategy: 'Split the race into climbs; hike the steep ones, save energy for the descents',
      shoes_recommendation: 'Trail shoes, or cushioned road shoes on good paths',
    },
    technical_trail: {
      description: 'Trail with rocks and roots, footing matters',
      pacing_strategy: 'By effort and heart rate; footing sets the speed, not the watch',
      shoes_recommendation: 'Technical trail shoes with deep lugs',
    },
  },
  es: {
    flat_road: {
      description: 'Carretera llana',
      pacing_strategy: 'Ritmo constante de principio a fin',
      shoes_recommendation: 'Zapatillas voladoras o con placa de carbono',
    },
    rolling_hills: {
      description: 'Subidas y bajadas cortas por carretera',
      pacing_strategy: 'Esfuerzo constante: cede algo en subidas, recupéralo en bajadas',
      shoes_recommendation: 'Zapatillas neutras amortiguadas',
    },
    mountain: {
      description: 'Ascensos largos y significativos por caminos mixtos',
      pacing_strategy: 'Divide la carrera en subidas; camina las empinadas, guarda energía para bajar',
      shoes_recommendation: 'Zapatillas de trail, o de asfalto amortiguadas en buenos caminos',
    },
    technical_trail: {
      description: 'Sendero con rocas y raíces, la técnica importa',
      pacing_strategy: 'Por esfuerzo y pulso; el terreno marca la velocidad, no el reloj',
      shoes_recommendation: 'Zapatillas de trail técnico con tacos profundos',
    },
  },
};

export const TERRAIN_EXAMPLES: Record<string, string[]> = {
  flat_road: ['Valencia Marathon', 'Berlin Marathon'],
  rolling_hills: ['San Sebastián Half Marathon', 'Boston Marathon'],
  mountain: ['Zegama-Aizkorri', 'Transvulcania'],
  technical_trail: ['UTMB', 'Hardrock 100'],
};

export const RACE_TEXT = {
  en: {
    implausible: 'the reference implies a VDOT outside 15–90; check the distance and time',
    temperatureTwice: 'temperature and temperature_c are the same field; they disagree',
    extraKm: (km: number) => `+${km} km of flat running`,
    tooSteep: (max: number) =>
      `more climbing than the hill model accepts for this distance (at most ${max} m)`,
    generalRule: (up: number, back: number) =>
      `Each 100 m of climbing at 10% costs about ${up} km of flat running; the matching descent gives back about ${back} km (Minetti et al. 2002).`,
    scenario: (i: number) => `Scenario ${i + 1}`,
    recommend: (fast: string, slow: string, delta: string, why: string) =>
      `${fast} is ${delta} faster than ${slow}${why}.`,
    why: {
      heat: ' mostly thanks to cooler weather',
      wind: ' mostly thanks to less wind',
      altitude: ' mostly thanks to lower altitude',
      hills: ' mostly thanks to less climbing',
      surface: ' mostly thanks to an easier surface',
      distance: ' (different distances: compare paces too)',
      none: '',
    },
  },
  es: {
    implausible: 'la referencia implica un VDOT fuera de 15–90; revisa la distancia y el tiempo',
    temperatureTwice: 'temperature y temperature_c son el mismo campo; no coinciden',
    extraKm: (km: number) => `+${String(km).replace('.', ',')} km de llano`,
    tooSteep: (max: number) =>
      `más desnivel del que admite el modelo para esta distancia (como mucho ${max} m)`,
    generalRule: (up: number, back: number) =>
      `Cada 100 m de subida al 10% cuestan unos ${up} km de llano; la bajada equivalente devuelve unos ${back} km (Minetti et al. 2002).`,
    scenario: (i: number) => `Escenario ${i + 1}`,
    recommend: (fast: string, slow: string, delta: string, why: string) =>
      `${fast} es ${delta} más rápido que ${slow}${why}.`,
    why: {
      heat: ', sobre todo por una temperatura más fresca',
      wind: ', sobre todo por menos viento',
      altitude: ', sobre todo por menor altitud',
      hills: ', sobre todo por menos desnivel',
      surface: ', sobre todo por un terreno más fácil',
      distance: ' (distancias distintas: compara también los ritmos)',
      none: '',
    },
  },
};
