import { defineMessages } from '../../platform/catalogue.js';

/**
 * Texts of the race module: what each condition factor means, the conditions-impact advice, the terrain guide,
 * scenario names and the comparison's recommendation, and error details. Numbers go through Intl, so Spanish
 * reads "1,5 km" where English reads "1.5 km".
 */
export const raceMessages = defineMessages('race', {
  en: {
    'factor.heat': 'Heat and humidity: slower runners lose more, and the loss grows with time on course.',
    'factor.wind': 'Wind: a headwind costs more than the same tailwind gives back.',
    'factor.altitude': 'Altitude: less oxygen lowers aerobic power; acclimatise 2–3 weeks above 1500 m.',
    'factor.hills': 'Climbing costs more energy than the matching descent returns.',
    'factor.surface': 'Uneven or technical ground costs energy and slows footing.',
    'impact.temperature':
      'Best at a WBGT of about 5–10 °C. Above it: start slower, drink to thirst, pour water on you.',
    'impact.humidity_low': 'Dry air: sweat evaporates well.',
    'impact.humidity_mid': 'Moderate humidity: noticeable on warm days.',
    'impact.humidity_high': 'Humid: sweat evaporates poorly, heat builds up faster.',
    'impact.wind':
      'Run into the wind in a group; a tailwind gives back only about half of what a headwind costs.',
    'impact.terrain': 'Judge hilly courses by effort, not pace: ease off on climbs, let the descents flow.',
    'impact.altitude':
      'Above 1500 m, arrive 2–3 weeks early to acclimatise, or as late as possible (within 24 h).',
    'terrain.flat_road.description': 'Flat road',
    'terrain.flat_road.pacing_strategy': 'Even pace from start to finish',
    'terrain.flat_road.shoes_recommendation': 'Racing flats or carbon-plated road shoes',
    'terrain.rolling_hills.description': 'Short climbs and descents on road',
    'terrain.rolling_hills.pacing_strategy':
      'Even effort: give a little time on climbs, take it back on descents',
    'terrain.rolling_hills.shoes_recommendation': 'Neutral cushioned road shoes',
    'terrain.mountain.description': 'Long, significant climbs on mixed paths',
    'terrain.mountain.pacing_strategy':
      'Split the race into climbs; hike the steep ones, save energy for the descents',
    'terrain.mountain.shoes_recommendation': 'Trail shoes, or cushioned road shoes on good paths',
    'terrain.technical_trail.description': 'Trail with rocks and roots, footing matters',
    'terrain.technical_trail.pacing_strategy':
      'By effort and heart rate; footing sets the speed, not the watch',
    'terrain.technical_trail.shoes_recommendation': 'Technical trail shoes with deep lugs',
    implausible: 'the reference implies a VDOT outside 15–90; check the distance and time',
    temperature_twice: 'temperature and temperature_c are the same field; they disagree',
    too_steep:
      'more climbing than the hill model accepts for this distance (at most {max, number, ::precision-integer group-off} m)',
    extra_km: '+{km, number} km of flat running',
    general_rule:
      'Each 100 m of climbing at 10% costs about {up, number} km of flat running; the matching descent gives back about {back, number} km (Minetti et al. 2002).',
    scenario: 'Scenario {n, number, integer}',
    recommend:
      '{fast} is {delta} faster than {slow}{why, select, heat { mostly thanks to cooler weather} wind { mostly thanks to less wind} altitude { mostly thanks to lower altitude} hills { mostly thanks to less climbing} surface { mostly thanks to an easier surface} distance { (different distances: compare paces too)} other {}}.',
    // ---- refusal reasons (reasons.ts)
    'reference_needed.title': 'Reference performance needed',
    'reference_needed.detail':
      'A reference performance is needed: send reference (distance_km and time_s of a recent race or all-out effort), or record running workouts of at least 3 km in the last 90 days.',
  },
  es: {
    'factor.heat':
      'Calor y humedad: los corredores más lentos pierden más, y la pérdida crece con el tiempo en carrera.',
    'factor.wind': 'Viento: el viento en contra cuesta más de lo que devuelve el mismo viento a favor.',
    'factor.altitude':
      'Altitud: menos oxígeno reduce la potencia aeróbica; aclimátate 2–3 semanas por encima de 1500 m.',
    'factor.hills': 'Subir cuesta más energía de la que devuelve la bajada equivalente.',
    'factor.surface': 'El terreno irregular o técnico cuesta energía y frena la pisada.',
    'impact.temperature':
      'Lo mejor es un WBGT de 5–10 °C. Por encima: sal más lento, bebe según la sed, mójate.',
    'impact.humidity_low': 'Aire seco: el sudor se evapora bien.',
    'impact.humidity_mid': 'Humedad moderada: se nota en días cálidos.',
    'impact.humidity_high': 'Húmedo: el sudor se evapora mal y el calor se acumula antes.',
    'impact.wind':
      'Corre en grupo con viento en contra; el viento a favor devuelve solo la mitad de lo que cuesta en contra.',
    'impact.terrain':
      'En recorridos con desnivel corre por esfuerzo, no por ritmo: afloja en subidas, suelta en bajadas.',
    'impact.altitude':
      'Por encima de 1500 m, llega 2–3 semanas antes para aclimatarte, o lo más tarde posible (24 h).',
    'terrain.flat_road.description': 'Carretera llana',
    'terrain.flat_road.pacing_strategy': 'Ritmo constante de principio a fin',
    'terrain.flat_road.shoes_recommendation': 'Zapatillas voladoras o con placa de carbono',
    'terrain.rolling_hills.description': 'Subidas y bajadas cortas por carretera',
    'terrain.rolling_hills.pacing_strategy':
      'Esfuerzo constante: cede algo en subidas, recupéralo en bajadas',
    'terrain.rolling_hills.shoes_recommendation': 'Zapatillas neutras amortiguadas',
    'terrain.mountain.description': 'Ascensos largos y significativos por caminos mixtos',
    'terrain.mountain.pacing_strategy':
      'Divide la carrera en subidas; camina las empinadas, guarda energía para bajar',
    'terrain.mountain.shoes_recommendation':
      'Zapatillas de trail, o de asfalto amortiguadas en buenos caminos',
    'terrain.technical_trail.description': 'Sendero con rocas y raíces, la técnica importa',
    'terrain.technical_trail.pacing_strategy':
      'Por esfuerzo y pulso; el terreno marca la velocidad, no el reloj',
    'terrain.technical_trail.shoes_recommendation': 'Zapatillas de trail técnico con tacos profundos',
    implausible: 'la referencia implica un VDOT fuera de 15–90; revisa la distancia y el tiempo',
    temperature_twice: 'temperature y temperature_c son el mismo campo; no coinciden',
    too_steep:
      'más desnivel del que admite el modelo para esta distancia (como mucho {max, number, ::precision-integer group-off} m)',
    extra_km: '+{km, number} km de llano',
    general_rule:
      'Cada 100 m de subida al 10% cuestan unos {up, number} km de llano; la bajada equivalente devuelve unos {back, number} km (Minetti et al. 2002).',
    scenario: 'Escenario {n, number, integer}',
    recommend:
      '{fast} es {delta} más rápido que {slow}{why, select, heat {, sobre todo por una temperatura más fresca} wind {, sobre todo por menos viento} altitude {, sobre todo por menor altitud} hills {, sobre todo por menos desnivel} surface {, sobre todo por un terreno más fácil} distance { (distancias distintas: compara también los ritmos)} other {}}.',
    'reference_needed.title': 'Falta una marca de referencia',
    'reference_needed.detail':
      'Hace falta una marca de referencia: envía reference (distance_km y time_s de una carrera o esfuerzo máximo reciente), o registra entrenamientos de carrera de al menos 3 km en los últimos 90 días.',
  },
});
