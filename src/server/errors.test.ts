/** The error handler's answers for errors no route handles itself. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isStoreBusy, registerErrorHandling } from './errors.js';

function busyError(): Error {
  return new Error('timeout exceeded when trying to connect');
}

describe('error handling', () => {
  it.each([
    [busyError(), true],
    [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), true],
    [new Error('syntax error at or near "selec"'), false],
    ['timeout exceeded when trying to connect', false],
  ])('isStoreBusy(%s) is %s', (error, busy) => {
    expect(isStoreBusy(error)).toBe(busy);
  });

  it('answers a busy store with 503 and Retry-After, and anything else unknown with 500 saying nothing internal', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandling(app, { spaFallback: false });
    app.get('/busy', () => Promise.reject(busyError()));
    app.get('/broken', () => Promise.reject(new Error('relation "secret_table" does not exist')));
    const busy = await app.inject({ method: 'GET', url: '/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.json()).toMatchObject({ error: 'busy' });
    const broken = await app.inject({ method: 'GET', url: '/broken' });
    expect(broken.statusCode).toBe(500);
    expect(broken.body).not.toContain('secret_table');
    await app.close();
  });
});
