/**
 * Annual inspections: plans, inspections of units, findings, rectification
 * items and closure. Writes act on the inspecting unit (inspection:write),
 * except marking an item done, which its owner unit's reporters do
 * (task:report). Lists span what the caller reads; the service filters them.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import {
  findingCloseSchema,
  findingCreateSchema,
  findingListSchema,
  findingQuerySchema,
  findingSchema,
  inspectionChangeSchema,
  inspectionCreateSchema,
  inspectionDetailSchema,
  inspectionPlanCreateSchema,
  inspectionPlanDetailSchema,
  inspectionPlanListSchema,
  inspectionPlanQuerySchema,
  inspectionSummaryQuerySchema,
  inspectionYearSummarySchema,
  rectificationCreateSchema,
  rectificationItemSchema,
} from '../../../api/inspections-contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { SELF } from '../../auth/plugin.js';
import { policyById } from '../../auth/policy-by-id.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';
import { readJsonWithEvidence, sendEvidenceFile } from '../../evidence-http.js';

const tags = ['inspections'];
const errors = errorResponses(400, 401, 403, 404, 409);
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export function inspectionRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { inspections } = context.services;
  return async (app) => {
    // Evidence uploads for rectification items only (multipart stays within this plugin).
    await app.register(fastifyMultipart);

    app.post(
      '/inspection-plans',
      {
        config: { policy: { action: 'inspection:write', unit: { body: 'orgUnit' } } },
        schema: {
          tags,
          summary: 'Plan a year of inspections by an inspecting unit',
          body: inspectionPlanCreateSchema,
          response: { 201: inspectionPlanDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await inspections.createPlan(request.principal, request.body, actorOfRequest(request)),
          ),
    );
    app.get(
      '/inspection-plans',
      {
        // Spans every unit the caller reads: the service filters.
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Inspection plans you see (by the inspecting unit or an inspected one), with counts',
          querystring: inspectionPlanQuerySchema,
          response: { 200: inspectionPlanListSchema, ...errors },
        },
      },
      async (request) => inspections.listPlans(request.principal, request.query),
    );
    app.get(
      '/inspection-plans/:id',
      {
        // Seen from the inspecting unit or from an inspected one: the service decides which inspections show.
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'An inspection plan with the inspections you see',
          params: idParams,
          response: { 200: inspectionPlanDetailSchema, ...errors },
        },
      },
      async (request) => inspections.getPlan(request.principal, request.params.id),
    );
    app.post(
      '/inspection-plans/:id/inspections',
      {
        config: { policy: policyById('inspection:write', (id) => inspections.planUnit(id)) },
        schema: {
          tags,
          summary: 'Schedule the inspection of a unit within the inspecting unit’s subtree',
          params: idParams,
          body: inspectionCreateSchema,
          response: { 201: inspectionDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await inspections.createInspection(
              request.principal,
              request.params.id,
              request.body,
              actorOfRequest(request),
            ),
          ),
    );
    app.get(
      '/inspections/summary',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Per inspected unit of a year: open findings by severity, rectification items open and overdue',
          querystring: inspectionSummaryQuerySchema,
          response: { 200: inspectionYearSummarySchema, ...errors },
        },
      },
      async (request) => inspections.summary(request.principal, request.query.year),
    );
    app.get(
      '/inspections/:id',
      {
        // Readers of the inspected unit, or owners of its rectification items: the service decides.
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'An inspection with its findings and their rectification items',
          params: idParams,
          response: { 200: inspectionDetailSchema, ...errors },
        },
      },
      async (request) => inspections.getInspection(request.principal, request.params.id),
    );
    app.patch(
      '/inspections/:id',
      {
        config: {
          policy: policyById('inspection:write', (id) => inspections.inspectionPlanUnit(id)),
        },
        schema: {
          tags,
          summary: 'Record when an inspection was held, its summary and inspectors',
          params: idParams,
          body: inspectionChangeSchema,
          response: { 200: inspectionDetailSchema, ...errors },
        },
      },
      async (request) =>
        inspections.changeInspection(
          request.principal,
          request.params.id,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/inspections/:id/findings',
      {
        config: {
          policy: policyById('inspection:write', (id) => inspections.inspectionPlanUnit(id)),
        },
        schema: {
          tags,
          summary: 'Record a finding of an inspection',
          params: idParams,
          body: findingCreateSchema,
          response: { 201: findingSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await inspections.addFinding(
              request.principal,
              request.params.id,
              request.body,
              actorOfRequest(request),
            ),
          ),
    );
    app.get(
      '/findings',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Findings about units you read, or with rectification items owned by them, with filters',
          querystring: findingQuerySchema,
          response: { 200: findingListSchema, ...errors },
        },
      },
      async (request) => inspections.listFindings(request.principal, request.query),
    );
    app.post(
      '/findings/:id/rectifications',
      {
        config: { policy: policyById('inspection:write', (id) => inspections.findingPlanUnit(id)) },
        schema: {
          tags,
          summary:
            'Assign a rectification item to a unit within the inspected unit’s subtree; its people are told',
          params: idParams,
          body: rectificationCreateSchema,
          response: { 201: rectificationItemSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await inspections.addRectification(
              request.principal,
              request.params.id,
              request.body,
              actorOfRequest(request),
            ),
          ),
    );
    app.post(
      '/findings/:id/close',
      {
        config: { policy: policyById('inspection:write', (id) => inspections.findingPlanUnit(id)) },
        schema: {
          tags,
          summary: 'Close a finding; refused (409) while any rectification item is open',
          params: idParams,
          body: findingCloseSchema,
          response: { 200: findingSchema, ...errors },
        },
      },
      async (request) =>
        inspections.closeFinding(
          request.principal,
          request.params.id,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/rectifications/:id/done',
      {
        config: { policy: policyById('task:report', (id) => inspections.rectificationOwner(id)) },
        schema: {
          tags,
          summary:
            'Mark a rectification item done (its owner unit): JSON {note, evidenceLink}, or multipart/form-data with that JSON in field "done" and up to 10 evidence files in field "evidence"; a link or a file is required',
          params: idParams,
          response: { 200: rectificationItemSchema, ...errors, 413: errorSchema },
        },
      },
      async (request) => {
        const { body, batch } = await readJsonWithEvidence(
          request,
          () => inspections.evidenceBatch(),
          'done',
        );
        return inspections.markRectificationDone(
          request.principal,
          request.params.id,
          body,
          batch,
          actorOfRequest(request),
        );
      },
    );
    app.get(
      '/rectification-evidence/:id',
      {
        // Whoever sees the finding the file is evidence for (the service checks; 404 otherwise).
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'Download an evidence file of a rectification item',
          params: idParams,
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const file = await inspections.openEvidence(request.principal, request.params.id);
        return sendEvidenceFile(reply, file);
      },
    );
  };
}
