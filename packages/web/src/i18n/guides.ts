import i18n from 'i18next';

/**
 * The guides: short explanations of the figures Pulso shows, loaded only with the guides page. Each topic is a
 * title and paragraphs; the page links to the anchors (#readiness, #load, #zones, #race) from where the figures
 * appear.
 */
export const TOPICS = ['readiness', 'load', 'zones', 'race'] as const;
export type Topic = (typeof TOPICS)[number];

const en = {
  title: 'Guides',
  intro: 'What the numbers on your pages mean, where they come from and what to do with them.',
  contents: 'Contents',
  back_top: 'Back to the contents',
  readiness: {
    title: 'Readiness and HRV',
    p: [
      'Heart-rate variability (HRV) is how much the time between heartbeats varies. Pulso uses rMSSD, the figure most watches and chest straps give, measured lying down or sitting just after waking, every morning in the same way.',
      'One morning says little: HRV moves with sleep, alcohol, stress and illness. Pulso compares the average of your last 7 days (on a log scale) with your normal range, your 60-day average ± half a standard deviation (Plews and Buchheit). Inside the band your body is coping; clearly below it, it is still busy recovering; it needs at least 3 readings in 7 days.',
      'Readiness (0–100) weighs this morning’s HRV against your baseline most, then your resting heart rate, sleep, the morning check-in (sleep quality, fatigue, soreness and stress, 1–7 each, after Hooper) and your form. It needs today’s HRV reading. Each factor is listed under “Why” with its direction. A low score suggests an easy day or rest — it does not forbid training; you know how you feel.',
    ],
  },
  load: {
    title: 'Training load, fitness, fatigue and form',
    p: [
      'Each workout’s load is its session RPE (how hard it was, 0–10) × its minutes (Foster). Without an RPE, Pulso estimates it from your heart rate when your profile has your heart rates; otherwise the workout adds no load — add the RPE to imported runs.',
      'Fitness (CTL) is a 42-day weighted average of daily load, fatigue (ATL) a 7-day one (Banister’s model as simplified by Coggan). Form (TSB) is fitness minus fatigue: negative in hard training blocks, positive when rested. Racing with form a little above zero after a taper is the usual aim.',
      'The acute:chronic workload ratio (last week against the last four) warns when load rises faster than you are used to; above about 1.5 the overtraining risk rises. Build up gradually: roughly 10 % more volume a week, with an easier week every three or four.',
    ],
  },
  zones: {
    title: 'Heart-rate and pace zones',
    p: [
      'Zones split effort into five bands so easy days stay easy and hard days are hard enough. With your resting heart rate known, Pulso uses the heart-rate reserve (Karvonen): resting + percentage × (maximum − resting); otherwise a percentage of maximum heart rate.',
      'The maximum heart rate matters most. Age formulas (Tanaka: 208 − 0.7 × age) can be ten beats off either way; a measured maximum from a hard race or test is much better — enter it on the Zones page.',
      'Pace ranges come from your threshold pace, or from the VDOT of your recent runs. Most of the week (about 80 %) should be in zones 1–2; heat, hills and fatigue raise the heart rate at a given pace, so on those days run by heart rate.',
    ],
  },
  race: {
    title: 'Race prediction',
    p: [
      'The predictor takes your best recent run as a reference and extends it to the race distance in two ways: Riegel’s formula (time × (distance ratio)^1.06) and Daniels’ VDOT tables. Their mean is the base prediction.',
      'Conditions then change it: heat and humidity, altitude, wind, hills and surface each add a percentage, shown next to the prediction. The range is wider the further the race is from the reference distance: a 5 km run says more about a 10 km race than about a marathon.',
      'A prediction assumes training for the distance. For a marathon from short runs it is optimistic unless you have done the long runs; use it to set a starting pace, not a promise.',
    ],
  },
};

const es: typeof en = {
  title: 'Guías',
  intro: 'Qué significan los números de tus páginas, de dónde salen y qué hacer con ellos.',
  contents: 'Contenido',
  back_top: 'Volver al contenido',
  readiness: {
    title: 'Disposición y VFC',
    p: [
      'La variabilidad de la frecuencia cardiaca (VFC) es cuánto varía el tiempo entre latidos. Pulso usa el rMSSD, la cifra que dan la mayoría de relojes y bandas de pecho, medida tumbado o sentado nada más despertar, cada mañana de la misma forma.',
      'Una mañana dice poco: la VFC cambia con el sueño, el alcohol, el estrés y la enfermedad. Pulso compara la media de tus últimos 7 días (en escala logarítmica) con tu rango normal, tu media de 60 días ± media desviación típica (Plews y Buchheit). Dentro de la banda tu cuerpo lo está llevando bien; claramente por debajo, aún se está recuperando; hacen falta al menos 3 lecturas en 7 días.',
      'La disposición (0–100) pesa sobre todo la VFC de esta mañana frente a tu línea base, y después tu pulso en reposo, el sueño, el cuestionario de la mañana (calidad del sueño, fatiga, agujetas y estrés, de 1 a 7, según Hooper) y tu frescura. Necesita la lectura de VFC de hoy. Cada factor aparece en «Por qué» con su sentido. Una puntuación baja sugiere un día suave o descanso; no prohíbe entrenar: tú sabes cómo te encuentras.',
    ],
  },
  load: {
    title: 'Carga de entrenamiento, forma física, fatiga y frescura',
    p: [
      'La carga de cada entrenamiento es su RPE de sesión (lo duro que fue, 0–10) × sus minutos (Foster). Sin RPE, Pulso la estima por tu pulso si tu perfil tiene tus frecuencias cardiacas; si no, el entrenamiento no suma carga: añade el RPE a las carreras importadas.',
      'La forma física (CTL) es una media ponderada de 42 días de la carga diaria y la fatiga (ATL) una de 7 días (el modelo de Banister simplificado por Coggan). La frescura (TSB) es forma menos fatiga: negativa en bloques duros, positiva con descanso. Lo habitual es llegar a la carrera con la frescura algo por encima de cero tras la puesta a punto.',
      'El cociente de carga aguda:crónica (la última semana frente a las cuatro últimas) avisa cuando la carga sube más deprisa de lo que estás acostumbrado; por encima de 1,5 aumenta el riesgo de sobreentrenamiento. Progresa poco a poco: en torno a un 10 % más de volumen por semana, con una semana más suave cada tres o cuatro.',
    ],
  },
  zones: {
    title: 'Zonas de pulso y de ritmo',
    p: [
      'Las zonas reparten el esfuerzo en cinco bandas para que los días suaves sean suaves y los duros lo bastante duros. Si conocemos tu pulso en reposo, Pulso usa la reserva de frecuencia cardiaca (Karvonen): reposo + porcentaje × (máxima − reposo); si no, un porcentaje de la frecuencia máxima.',
      'Lo que más importa es la frecuencia máxima. Las fórmulas por edad (Tanaka: 208 − 0,7 × edad) pueden fallar diez latidos arriba o abajo; una máxima medida en una carrera o prueba dura es mucho mejor: escríbela en la página de Zonas.',
      'Los ritmos salen de tu ritmo umbral o del VDOT de tus carreras recientes. La mayor parte de la semana (en torno al 80 %) debería ir en zonas 1–2; el calor, las cuestas y la fatiga suben el pulso a un mismo ritmo, así que esos días corre por pulso.',
    ],
  },
  race: {
    title: 'Predicción de carrera',
    p: [
      'El predictor toma tu mejor carrera reciente como referencia y la lleva a la distancia de la prueba de dos maneras: la fórmula de Riegel (tiempo × (cociente de distancias)^1,06) y las tablas VDOT de Daniels. Su media es la predicción base.',
      'Después la ajustan las condiciones: calor y humedad, altitud, viento, desnivel y superficie suman cada uno un porcentaje, que se muestra junto a la predicción. El margen es mayor cuanto más lejos está la prueba de la distancia de referencia: un 5 km dice más de un 10 km que de un maratón.',
      'Una predicción supone que has entrenado para la distancia. Para un maratón a partir de carreras cortas es optimista si no has hecho las tiradas largas: úsala para fijar un ritmo de salida, no como una promesa.',
    ],
  },
};

i18n.addResourceBundle('en', 'guides', en);
i18n.addResourceBundle('es', 'guides', es);
