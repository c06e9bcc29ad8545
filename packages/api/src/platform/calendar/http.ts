import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** The media type of every .ics response (RFC 5545). */
export const ICS_MEDIA_TYPE = 'text/calendar';

/** The response schema of every .ics route (the body is text, not JSON). */
export const Ics = z.string().describe('iCalendar document (text/calendar)');

/** The full URL a calendar app subscribes to: the token is the credential, since such apps send no headers. */
export const feedUrl = (req: FastifyRequest, path: string, token: string, query = '') =>
  `${req.protocol}://${req.host}${path}?token=${token}${query}`;

export const sendIcs = (reply: FastifyReply, ics: string) =>
  reply
    .type(`${ICS_MEDIA_TYPE}; charset=utf-8`)
    .header('cache-control', 'private, max-age=300')
    .header('content-disposition', 'inline; filename="calendar.ics"')
    .send(ics);
