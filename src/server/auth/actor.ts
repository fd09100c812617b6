import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../services/access.service.js';
import type { Actor } from '../../services/audit.service.js';

/** Who made the request and from where, for the audit log. */
export function actorOfRequest(request: FastifyRequest): Actor {
  return actorOf(request.principal, request.ip);
}
