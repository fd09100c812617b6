import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, userSchema } from '../../../api/contract.js';
import { presentNotification } from '../../../api/notice-presenters.js';
import { notificationSchema } from '../../../api/tasks-contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { SELF } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import {
  emailBody,
  inboxPageSchema,
  inboxQuery,
  notificationParams,
  readAllSchema,
} from './schema.js';

const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** The signed-in person's own notices, and where their digest goes. */
export function inboxRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { inbox, access } = context.services;
  return async (app) => {
    app.get(
      '/inbox',
      {
        config: { policy: SELF },
        schema: {
          tags: ['inbox'],
          summary: 'Your notices (warnings, escalations, assignments…), newest first',
          querystring: inboxQuery,
          response: { 200: inboxPageSchema, ...errors },
        },
      },
      async (request) => {
        const { unread, limit, offset } = request.query;
        const page = await inbox.list(request.principal, {
          unread: unread === undefined ? undefined : unread === 'true',
          limit,
          offset,
        });
        return { ...page, items: page.items.map(presentNotification) };
      },
    );

    app.post(
      '/inbox/:id/read',
      {
        config: { policy: SELF },
        schema: {
          tags: ['inbox'],
          summary: 'Mark one of your notices read',
          params: notificationParams,
          response: { 200: notificationSchema, ...errors },
        },
      },
      async (request) =>
        presentNotification(
          await inbox.markRead(request.principal, request.params.id, actorOfRequest(request)),
        ),
    );

    app.post(
      '/inbox/read-all',
      {
        config: { policy: SELF },
        schema: {
          tags: ['inbox'],
          summary: 'Mark all your notices read',
          response: { 200: readAllSchema, ...errors },
        },
      },
      async (request) => ({
        marked: await inbox.markAllRead(request.principal, actorOfRequest(request)),
      }),
    );

    app.put(
      '/session/email',
      {
        config: { policy: SELF },
        schema: {
          tags: ['inbox'],
          summary: 'Set the e-mail address your daily digest of notices goes to (null: none)',
          body: emailBody,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request) => {
        const userId = await inbox.setOwnEmail(
          request.principal,
          request.body.email,
          actorOfRequest(request),
        );
        return access.getUser(userId);
      },
    );
  };
}
