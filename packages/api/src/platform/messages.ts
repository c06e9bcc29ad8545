import { defineMessages } from './catalogue.js';

/**
 * The platform's own messages: problem titles, the details of its generic errors, validation messages by Zod
 * issue code, and the texts of auth, rate limits and the password policy. Its languages are the API's
 * languages: `Lang` and `LANGS` are read from this object, so a third language is one more record here and
 * in each module's `messages.ts` (the compiler then lists every catalogue that lacks it).
 */
const texts = {
  en: {
    // ---- pieces of notification texts (platform/notify.ts), shared by every module's kinds
    'notify.activity': 'the activity',
    'notify.at': ' on {when, date, ::yMMMdjmm}',
    // ---- problem titles, one per generic code (platform/errors.ts STATUS)
    'title.bad_request': 'Bad request',
    'title.unauthorized': 'Unauthorized',
    'title.forbidden': 'Forbidden',
    'title.not_found': 'Not found',
    'title.method_not_allowed': 'Method not allowed',
    'title.request_timeout': 'Request timeout',
    'title.conflict': 'Conflict',
    'title.payload_too_large': 'Payload too large',
    'title.uri_too_long': 'URI too long',
    'title.unsupported_media_type': 'Unsupported media type',
    'title.validation': 'Validation failed',
    'title.rate_limited': 'Too many requests',
    'title.header_fields_too_large': 'Request header fields too large',
    'title.internal': 'Internal server error',
    'title.unavailable': 'Service unavailable',

    // ---- details of the error handler (platform/errors.ts)
    'error.response_invalid': 'The server could not produce a valid response',
    'error.database_unavailable': 'The database is not reachable; try again shortly',
    'error.multipart_malformed':
      'The multipart body is malformed: check the boundary in Content-Type and that the body ends with it',
    'error.json_expected': 'Send the request body as application/json',
    'error.content_coding': 'Send the request body uncompressed: Content-Encoding is not accepted',
    'error.body_too_large': 'The request body is larger than the server accepts',
    'error.json_invalid': 'The request body is not valid JSON',
    'error.content_length': 'Content-Length does not match the body',
    'error.malformed': 'The request is malformed',
    'error.rate_limited': 'Too many requests; retry later',
    'error.unexpected': 'An unexpected error occurred; it has been logged',
    'error.no_route': 'No route for {method} {path}',
    'error.param_too_long': 'A path segment of the URL is longer than the server accepts',
    'error.bad_url': 'The URL is malformed (invalid percent-encoding)',
    'error.request_timeout': 'The request was not received in time',
    'error.headers_too_large': 'The request line and headers are larger than the server accepts',
    'error.not_http': 'The request is not valid HTTP',
    'error.shutting_down': 'The server is shutting down',
    'error.draining': 'The server is shutting down; try again shortly',
    'multipart.form_expected': 'Send the body as multipart/form-data',
    'multipart.parts_limit': 'The form has more parts than the server accepts',
    'multipart.files_limit': 'The form has more files than the server accepts',
    'multipart.fields_limit': 'The form has more fields than the server accepts',
    'multipart.file_too_large': 'The file is larger than the server accepts',
    'multipart.bad_field_name': 'A form field has a name that is not allowed',
    'multipart.bad_json_field': 'A form field declared as JSON is not valid JSON',
    'multipart.premature_close': 'The request ended before the multipart body was complete',
    // PostgreSQL data exceptions (SQLSTATE class 22, 23514) that slipped past a contract
    'data.22001': 'A text is longer than the field can store',
    'data.22003': 'A number is outside the range the field can store',
    'data.22007': 'A date or time is not valid',
    'data.22008': 'A date or time is outside the range that can be stored',
    'data.22021': 'A text contains a character that cannot be stored (NUL or invalid Unicode)',
    'data.22P02': 'A value does not have the form the field needs',
    'data.22P05': 'A text contains a character that cannot be stored (NUL or invalid Unicode)',
    'data.23514': 'The values break a rule of the data',
    'data.other': 'A value cannot be stored',

    // ---- validation messages, by Zod 4 issue code (zod/v4/core errors.ts `$ZodIssue`)
    'zod.unknown_field': 'Unknown field',
    'zod.required': 'Required',
    'zod.invalid_type':
      'Expected {expected, select, number {a number} int {an integer} integer {an integer} string {a text} boolean {true or false} array {a list} object {an object} other {{expected}}}',
    'zod.too_small':
      '{origin, select, string {Must have at least {minimum, plural, one {# character} other {# characters}}} array {Must have at least {minimum, plural, one {# item} other {# items}}} set {Must have at least {minimum, plural, one {# item} other {# items}}} other {Must be {inclusive, select, yes {at least} other {greater than}} {minimum, number}}}',
    'zod.too_big':
      '{origin, select, string {Must have at most {maximum, plural, one {# character} other {# characters}}} array {Must have at most {maximum, plural, one {# item} other {# items}}} set {Must have at most {maximum, plural, one {# item} other {# items}}} other {Must be {inclusive, select, yes {at most} other {less than}} {maximum, number}}}',
    'zod.invalid_format':
      '{format, select, email {Must be an e-mail address} url {Must be a URL} uuid {Must be a UUID} date {Must be a date as YYYY-MM-DD} datetime {Must be an ISO 8601 date-time with an offset or Z} time {Must be a time as HH:MM} regex {Does not have the expected form} starts_with {Does not have the expected start} ends_with {Does not have the expected end} other {Must be a valid {format}}}',
    'zod.date_too_early': 'Must be on or after {limit, date, long}',
    'zod.date_too_late': 'Must be on or before {limit, date, long}',
    'zod.not_multiple_of': 'Must be a multiple of {divisor, number}',
    'zod.invalid_value': 'Must be one of: {values}',
    'zod.invalid_union': 'Does not match any of the accepted forms',
    'zod.invalid_key': 'Has a key that is not allowed',
    'zod.invalid_element': 'Has an element that is not allowed',
    'zod.invalid': 'Is not valid',
    // custom refinements of the contracts, by `params.msg` (packages/contracts)
    'contract.no_nul': 'Must not contain the NUL character (U+0000)',
    'contract.lone_surrogate': 'Must be valid Unicode: it contains an unpaired UTF-16 surrogate',
    'contract.year_range':
      'Must be between the years {min, number, ::precision-integer group-off} and {max, number, ::precision-integer group-off}',
    'contract.one_field': 'Give at least one field to change',
    'contract.time_zone': 'Unknown IANA time zone',
    'contract.required_with': 'Required with {other}',
    'contract.not_before': '{field} must be on or after {other}',
    'contract.max_days': 'At most {days, plural, one {# day} other {# days}} per request',

    // ---- auth (platform/auth)
    'auth.token_expired': 'The access token has expired',
    'auth.token_invalid': 'Invalid access token',
    'auth.token_missing': 'Missing bearer token',
    'auth.bearer_form': 'The Authorization header must be "Bearer <token>"',
    'auth.account_gone': 'The account of this token no longer exists',
    'auth.gym_header_missing': 'X-Gym-ID header is required',
    'auth.gym_header_invalid': 'X-Gym-ID must be a positive integer',
    'auth.gym_not_found': 'Gym not found',
    'auth.not_member': 'You are not a member of this gym',
    'auth.role_needed': 'This action needs one of the roles: {roles}',
    'auth.metrics_token': 'Metrics need the METRICS_TOKEN bearer token',
    'auth.idp_unavailable': 'The identity provider is not reachable; try again shortly',
    'auth.idp_token_invalid': 'Invalid identity-provider token',
    'auth.passwords_busy': 'The server is busy checking other passwords; try again in a few seconds',
    // password policy (platform/auth/password-policy.ts); zxcvbn's own feedback comes from its language packs
    'password.email': 'Must not contain your e-mail address or its name part',
    'password.repeated': 'Must not be one character or a short group of characters repeated',
    'password.weak': 'Too easy to guess',
    'password.hint': 'Use a few uncommon words, or a longer phrase',

    // ---- rate limits: the configured window, not the time left (that goes in Retry-After, RFC 9110 §10.2.3)
    'rate.detail':
      'Too many requests: at most {max, number} per {seconds, plural, one {# second} other {# seconds}}',
  },
  es: {
    'notify.activity': 'la actividad',
    'notify.at': ' del {when, date, ::yMMMdjmm}',
    'title.bad_request': 'Solicitud incorrecta',
    'title.unauthorized': 'No autenticado',
    'title.forbidden': 'Prohibido',
    'title.not_found': 'No encontrado',
    'title.method_not_allowed': 'Método no permitido',
    'title.request_timeout': 'Tiempo de solicitud agotado',
    'title.conflict': 'Conflicto',
    'title.payload_too_large': 'Cuerpo demasiado grande',
    'title.uri_too_long': 'URI demasiado larga',
    'title.unsupported_media_type': 'Tipo de contenido no admitido',
    'title.validation': 'Datos no válidos',
    'title.rate_limited': 'Demasiadas solicitudes',
    'title.header_fields_too_large': 'Cabeceras de la solicitud demasiado grandes',
    'title.internal': 'Error interno del servidor',
    'title.unavailable': 'Servicio no disponible',

    'error.response_invalid': 'El servidor no ha podido producir una respuesta válida',
    'error.database_unavailable': 'La base de datos no está disponible; inténtalo de nuevo en breve',
    'error.multipart_malformed':
      'El cuerpo multipart está mal formado: revisa el boundary de Content-Type y que el cuerpo termine con él',
    'error.json_expected': 'Envía el cuerpo de la solicitud como application/json',
    'error.content_coding': 'Envía el cuerpo de la solicitud sin comprimir: no se acepta Content-Encoding',
    'error.body_too_large': 'El cuerpo de la solicitud es mayor de lo que acepta el servidor',
    'error.json_invalid': 'El cuerpo de la solicitud no es JSON válido',
    'error.content_length': 'Content-Length no coincide con el cuerpo',
    'error.malformed': 'La solicitud está mal formada',
    'error.rate_limited': 'Demasiadas solicitudes; vuelve a intentarlo más tarde',
    'error.unexpected': 'Se ha producido un error inesperado; ha quedado registrado',
    'error.no_route': 'No hay ninguna ruta para {method} {path}',
    'error.param_too_long': 'Un segmento de la ruta de la URL es más largo de lo que acepta el servidor',
    'error.bad_url': 'La URL está mal formada (codificación porcentual no válida)',
    'error.request_timeout': 'La solicitud no se ha recibido a tiempo',
    'error.headers_too_large':
      'La línea de solicitud y las cabeceras son mayores de lo que acepta el servidor',
    'error.not_http': 'La solicitud no es HTTP válido',
    'error.shutting_down': 'El servidor se está apagando',
    'error.draining': 'El servidor se está apagando; inténtalo de nuevo en breve',
    'multipart.form_expected': 'Envía el cuerpo como multipart/form-data',
    'multipart.parts_limit': 'El formulario tiene más partes de las que acepta el servidor',
    'multipart.files_limit': 'El formulario tiene más archivos de los que acepta el servidor',
    'multipart.fields_limit': 'El formulario tiene más campos de los que acepta el servidor',
    'multipart.file_too_large': 'El archivo es mayor de lo que acepta el servidor',
    'multipart.bad_field_name': 'Un campo del formulario tiene un nombre no permitido',
    'multipart.bad_json_field': 'Un campo del formulario declarado como JSON no es JSON válido',
    'multipart.premature_close': 'La solicitud terminó antes de completar el cuerpo multipart',
    'data.22001': 'Un texto es más largo de lo que el campo puede guardar',
    'data.22003': 'Un número está fuera del rango que el campo puede guardar',
    'data.22007': 'Una fecha u hora no es válida',
    'data.22008': 'Una fecha u hora está fuera del rango que se puede guardar',
    'data.22021': 'Un texto contiene un carácter que no se puede guardar (NUL o Unicode no válido)',
    'data.22P02': 'Un valor no tiene la forma que necesita el campo',
    'data.22P05': 'Un texto contiene un carácter que no se puede guardar (NUL o Unicode no válido)',
    'data.23514': 'Los valores incumplen una regla de los datos',
    'data.other': 'Un valor no se puede guardar',

    'zod.unknown_field': 'Campo desconocido',
    'zod.required': 'Obligatorio',
    'zod.invalid_type':
      'Se esperaba {expected, select, number {un número} int {un número entero} integer {un número entero} string {un texto} boolean {true o false} array {una lista} object {un objeto} other {{expected}}}',
    'zod.too_small':
      '{origin, select, string {Debe tener al menos {minimum, plural, one {# carácter} other {# caracteres}}} array {Debe tener al menos {minimum, plural, one {# elemento} other {# elementos}}} set {Debe tener al menos {minimum, plural, one {# elemento} other {# elementos}}} other {Debe ser {inclusive, select, yes {como mínimo} other {mayor que}} {minimum, number}}}',
    'zod.too_big':
      '{origin, select, string {Debe tener como máximo {maximum, plural, one {# carácter} other {# caracteres}}} array {Debe tener como máximo {maximum, plural, one {# elemento} other {# elementos}}} set {Debe tener como máximo {maximum, plural, one {# elemento} other {# elementos}}} other {Debe ser {inclusive, select, yes {como máximo} other {menor que}} {maximum, number}}}',
    'zod.invalid_format':
      '{format, select, email {Debe ser una dirección de correo electrónico} url {Debe ser una URL} uuid {Debe ser un UUID} date {Debe ser una fecha AAAA-MM-DD} datetime {Debe ser una fecha y hora ISO 8601 con desfase o Z} time {Debe ser una hora HH:MM} regex {No tiene la forma esperada} starts_with {No empieza como se espera} ends_with {No termina como se espera} other {Debe ser un {format} válido}}',
    'zod.date_too_early': 'Debe ser igual o posterior al {limit, date, long}',
    'zod.date_too_late': 'Debe ser igual o anterior al {limit, date, long}',
    'zod.not_multiple_of': 'Debe ser múltiplo de {divisor, number}',
    'zod.invalid_value': 'Debe ser uno de: {values}',
    'zod.invalid_union': 'No coincide con ninguna de las formas aceptadas',
    'zod.invalid_key': 'Tiene una clave no permitida',
    'zod.invalid_element': 'Tiene un elemento no permitido',
    'zod.invalid': 'No es válido',
    'contract.no_nul': 'No debe contener el carácter NUL (U+0000)',
    'contract.lone_surrogate': 'Debe ser Unicode válido: contiene un sustituto UTF-16 desemparejado',
    'contract.year_range':
      'Debe estar entre los años {min, number, ::precision-integer group-off} y {max, number, ::precision-integer group-off}',
    'contract.one_field': 'Indica al menos un campo que cambiar',
    'contract.time_zone': 'Zona horaria IANA desconocida',
    'contract.required_with': 'Obligatorio con {other}',
    'contract.not_before': '{field} debe ser igual o posterior a {other}',
    'contract.max_days': 'Como máximo {days, plural, one {# día} other {# días}} por solicitud',

    'auth.token_expired': 'El token de acceso ha caducado',
    'auth.token_invalid': 'Token de acceso no válido',
    'auth.token_missing': 'Falta el token bearer',
    'auth.bearer_form': 'La cabecera Authorization debe ser "Bearer <token>"',
    'auth.account_gone': 'La cuenta de este token ya no existe',
    'auth.gym_header_missing': 'La cabecera X-Gym-ID es obligatoria',
    'auth.gym_header_invalid': 'X-Gym-ID debe ser un entero positivo',
    'auth.gym_not_found': 'Gimnasio no encontrado',
    'auth.not_member': 'No eres socio de este gimnasio',
    'auth.role_needed': 'Esta acción necesita uno de estos roles: {roles}',
    'auth.metrics_token': 'Las métricas necesitan el token bearer METRICS_TOKEN',
    'auth.idp_unavailable': 'El proveedor de identidad no está disponible; inténtalo de nuevo en breve',
    'auth.idp_token_invalid': 'Token del proveedor de identidad no válido',
    'auth.passwords_busy':
      'El servidor está ocupado comprobando otras contraseñas; inténtalo en unos segundos',
    'password.email': 'No debe contener tu dirección de correo ni la parte del nombre',
    'password.repeated': 'No debe ser un carácter o un grupo corto de caracteres repetido',
    'password.weak': 'Demasiado fácil de adivinar',
    'password.hint': 'Usa varias palabras poco comunes o una frase más larga',

    'rate.detail':
      'Demasiadas solicitudes: como máximo {max, number} cada {seconds, plural, one {# segundo} other {# segundos}}',
  },
} as const;

/** The API's languages: those of the platform catalogue, English first (the language of logs and the CLI). */
export type Lang = keyof typeof texts;
export const LANGS = Object.keys(texts) as Lang[];

export const platformMessages = defineMessages('platform', texts);
