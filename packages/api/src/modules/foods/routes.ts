import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Problem } from '@pulso/contracts';
import {
  BarcodeParams,
  Food,
  FoodCreateBody,
  FoodPatchBody,
  FoodQuery,
  Recipe,
  RecipeCreateBody,
  RecipePatchBody,
  RecipeQuery,
} from '@pulso/contracts/foods';
import { actorOf, ALL_ROLES, gymOf, INSTRUCTORS } from '../../platform/auth/access.js';
import { created, paged } from '../../platform/http.js';
import type { FoodsService } from './service.js';

const tags = ['nutrition'];
/** Who adds and edits the gym's foods and recipes: trainers, admins and owners (issue 13); members read. */
const EDITORS = INSTRUCTORS;

export const foodsRoutes =
  (svc: FoodsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/nutrition/foods',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: "Search the foods: Pulso's base catalogue and this gym's own",
          description:
            'By name in English or Spanish, accents and case ignored, best match first (exact, prefix, word prefix, contains); by barcode; vegan, vegetarian, free of allergens.',
          querystring: FoodQuery,
          response: { 200: z.array(Food) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.search(gymOf(req).id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/nutrition/foods',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags,
          summary: "Add one of the gym's own foods",
          description:
            'Nutrients per 100 g; the energy must agree with protein, carbohydrates and fat by the Atwater factors.',
          body: FoodCreateBody,
          response: { 201: Food, 409: Problem },
        },
      },
      async (req, reply) => {
        const f = await svc.create(actorOf(req), req.body);
        return created(reply, `/api/v1/nutrition/foods/${f.id}`, f);
      },
    );

    app.get(
      '/nutrition/foods/barcode/:code',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: "The food with this barcode (the gym's own before a shared one)",
          params: BarcodeParams,
          response: { 200: Food },
        },
      },
      async (req) => svc.byBarcode(gymOf(req).id, req.params.code),
    );

    app.get(
      '/nutrition/foods/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: { tags, summary: 'One food', params: IdParams, response: { 200: Food } },
      },
      async (req) => svc.get(gymOf(req).id, req.params.id),
    );

    app.patch(
      '/nutrition/foods/:id',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags,
          summary: "Change one of the gym's own foods (base-catalogue foods are read-only: 403)",
          params: IdParams,
          body: FoodPatchBody,
          response: { 200: Food, 409: Problem },
        },
      },
      async (req) => svc.update(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/nutrition/recipes',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: "The gym's recipes, newest first, with their totals",
          querystring: RecipeQuery,
          response: { 200: z.array(Recipe) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listRecipes(gymOf(req).id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/nutrition/recipes',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags,
          summary: 'Create a recipe: ingredients by weight and the portions it makes',
          body: RecipeCreateBody,
          response: { 201: Recipe },
        },
      },
      async (req, reply) => {
        const r = await svc.createRecipe(actorOf(req), req.body);
        return created(reply, `/api/v1/nutrition/recipes/${r.id}`, r);
      },
    );

    app.get(
      '/nutrition/recipes/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'One recipe with its totals per recipe, per portion and per 100 g',
          params: IdParams,
          response: { 200: Recipe },
        },
      },
      async (req) => svc.getRecipe(gymOf(req).id, req.params.id),
    );

    app.patch(
      '/nutrition/recipes/:id',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags,
          summary: 'Change a recipe (ingredients, when given, replace the old ones)',
          params: IdParams,
          body: RecipePatchBody,
          response: { 200: Recipe },
        },
      },
      async (req) => svc.updateRecipe(actorOf(req), req.params.id, req.body),
    );

    app.delete(
      '/nutrition/recipes/:id',
      {
        config: { access: { gym: EDITORS } },
        schema: { tags, summary: 'Delete a recipe', params: IdParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await svc.deleteRecipe(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
