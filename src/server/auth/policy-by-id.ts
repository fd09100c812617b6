/**
 * Policies of routes on one row (`/things/:id`): the unit acted on is looked
 * up from the numeric :id, read raw because policies run before validation.
 */
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../core/access/policy.js';
import type { RoutePolicy } from './plugin.js';

/** The largest id a row can have: PostgreSQL's integer. */
export const MAX_ROW_ID = 2_147_483_647;

export function policyById(
  action: Action,
  unitOf: (id: number, request: FastifyRequest) => Promise<string | null>,
): RoutePolicy {
  return {
    action,
    unit: {
      resolve: async (request) => {
        const id = Number((request.params as { id?: string }).id);
        // No row has such an id (validation refuses it next); PostgreSQL would fail on NaN or past its integers.
        if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) return null;
        return unitOf(id, request);
      },
    },
  };
}
