import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemTypeList } from '@pulso/contracts';
import { problemTypes } from './problems.js';

/** The registry of domain refusals at a stable URL, for people and tools that do not read the OpenAPI document. */
export const problemTypesRoutes = (): FastifyPluginAsyncZod => async (app) => {
  const list = problemTypes();
  app.get(
    '/problem-types',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'The problem types of domain refusals, with status and titles in English and Spanish',
        response: { 200: ProblemTypeList },
      },
    },
    () => list,
  );
};
