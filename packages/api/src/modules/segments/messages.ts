import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the segments module (platform/catalogue.ts), including the titles and details of its refusal reasons. */
export const segmentsMessages = defineMessages('segments', {
  en: {
    // ---- error details (raised with M.msg, rendered in the request's language)
    segment_not_found: 'Segment not found',
    near_latitude: 'Latitude must be between -90 and 90',
    near_longitude: 'Longitude must be between -180 and 180',
    bbox_range: 'Longitudes must be within ±180 and latitudes within ±90',
    bbox_order: 'minLat must not be greater than maxLat',
    gym_required: 'Required when visibility is gym',
    not_your_gym: 'Not one of your gyms',
    not_first_position: 'Not the first position of geometry',
    move_needs_geometry: 'Send a new geometry to move a segment that has one',
    geometry_too_large:
      'The body is over {mib, number} MiB: a geometry may have at most {max, number} positions; split a longer route into segments',
    geometry_why:
      '{why, select, too_few_points {the line needs at least two different positions} crosses_itself {the line crosses itself} other {the line turns straight back over itself}}',
    // ---- refusal reasons (reasons.ts)
    'segment_owner_only.title': 'Only the owner can do this',
    'segment_owner_only.detail': 'Only the person who created this segment can change or delete it',
    'segment_gym_not_member.title': 'Not a member of that gym',
    'segment_gym_not_member.detail': 'gym_id: a segment can only be shared with a gym you belong to',
    'segment_geometry_invalid.title': 'Geometry not usable',
    'segment_geometry_invalid.detail':
      'geometry.coordinates: {why, select, too_few_points {the line needs at least two different positions} crosses_itself {the line crosses itself (split it into segments that do not)} other {the line turns straight back over itself}}',
    'segment_start_mismatch.title': 'Start point and geometry disagree',
    'segment_start_mismatch.detail':
      "longitude/latitude are {metres, number} m from the geometry's first position; send one or make them agree",
  },
  es: {
    segment_not_found: 'Segmento no encontrado',
    near_latitude: 'La latitud debe estar entre -90 y 90',
    near_longitude: 'La longitud debe estar entre -180 y 180',
    bbox_range: 'Las longitudes deben estar dentro de ±180 y las latitudes dentro de ±90',
    bbox_order: 'minLat no puede ser mayor que maxLat',
    gym_required: 'Obligatorio cuando visibility es gym',
    not_your_gym: 'No es uno de tus gimnasios',
    not_first_position: 'No es la primera posición de geometry',
    move_needs_geometry: 'Envía una geometría nueva para mover un segmento que ya tiene una',
    geometry_too_large:
      'El cuerpo supera {mib, number} MiB: una geometría admite como mucho {max, number} posiciones; divide una ruta más larga en segmentos',
    geometry_why:
      '{why, select, too_few_points {la línea necesita al menos dos posiciones distintas} crosses_itself {la línea se cruza consigo misma} other {la línea vuelve sobre sí misma}}',
    'segment_owner_only.title': 'Solo quien lo creó puede hacerlo',
    'segment_owner_only.detail': 'Solo quien creó este segmento puede cambiarlo o borrarlo',
    'segment_gym_not_member.title': 'No eres socio de ese gimnasio',
    'segment_gym_not_member.detail':
      'gym_id: un segmento solo se puede compartir con un gimnasio al que perteneces',
    'segment_geometry_invalid.title': 'Geometría no válida',
    'segment_geometry_invalid.detail':
      'geometry.coordinates: {why, select, too_few_points {la línea necesita al menos dos posiciones distintas} crosses_itself {la línea se cruza consigo misma (divídela en segmentos que no se crucen)} other {la línea vuelve sobre sí misma}}',
    'segment_start_mismatch.title': 'El inicio no coincide con la geometría',
    'segment_start_mismatch.detail':
      'longitude/latitude están a {metres, number} m de la primera posición de la geometría; envía solo una o haz que coincidan',
  },
});
