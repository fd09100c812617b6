/**
 * Policies of routes on one row (`/things/:id`): the unit acted on is looked
 * up from the numeric :id, read raw because policies run before validation.
 */
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../core/access/policy.js';
import type { RoutePolicy } from './plugin.js';

export function policyById(
  action: Action,
  unitOf: (id: number, request: FastifyRequest) => Promise<string | null>,
): RoutePolicy {
  return {
    action,
    unit: {
      resolve: (request) => unitOf(Number((request.params as { id?: string }).id), request),
    },
  };
}
