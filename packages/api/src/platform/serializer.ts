import fastJson from 'fast-json-stringify';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type SerializerCompiler = Parameters<FastifyInstance['setSerializerCompiler']>[0];

/**
 * Replies are written by fast-json-stringify, compiled once per route from the response schema's JSON Schema
 * (the way Fastify serialises by default). Like the Zod serializer it writes only the declared fields, so a
 * row with more columns than the contract never leaks them; it does not re-validate the reply, which the
 * services' types already guarantee. Measured on GET /users/me: the Zod serializer (safeParse then
 * JSON.stringify) was a large share of the remaining per-request CPU (bench/RESULTS.md). A schema that has no
 * JSON Schema form falls back to the Zod serializer.
 */
export const serializerCompiler: SerializerCompiler = (routeSchema) => {
  const schema = routeSchema.schema as z.ZodType;
  try {
    const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' });
    return fastJson(json as Parameters<typeof fastJson>[0]);
  } catch {
    return (zodSerializerCompiler as FastifySchemaCompiler<z.ZodType>)(routeSchema as never) as (
      data: unknown,
    ) => string;
  }
};

/**
 * The serializer `serializerCompiler` builds for a route's 200 reply, for routes that cache what they send
 * (a page, a prediction, a week): the cached bytes are exactly what the route would have written.
 */
export function responseSerializer<T>(schema: z.ZodType, method: string, url: string): (value: T) => string {
  return serializerCompiler({ schema, method, url, httpStatus: '200' }) as (value: T) => string;
}
