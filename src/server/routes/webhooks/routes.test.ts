import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';

describeEachStore('webhooks over HTTP', (fixture) => {
  let api: TestApi;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['coord', 'coordinator', '420000'],
      ['reporter', 'reporter', '420000'],
    ]);
  });
  afterAll(async () => api.app.close());

  it.each([
    ['ftp://files.example.org/hook', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['hooks.example.org/planwatch', /not an absolute URL/],
    ['https://user:secret@hooks.example.org/x', /credentials/],
  ])('refuses %s', async (url, reason) => {
    const response = await api.call('coord', 'POST', '/api/webhooks', {
      orgUnitCode: '420000',
      url,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ message: string; details: { path: string }[] }>();
    expect(body.message).toMatch(reason);
    expect(body.details[0]!.path).toBe('url');
  });

  it('subscribes a URL within the caller’s scope, shows its secret once, and stops it', async () => {
    const created = await api.call('coord', 'POST', '/api/webhooks', {
      orgUnitCode: '420000',
      url: 'https://hooks.example.org/planwatch',
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json<{ id: number; secret: string }>();
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    const listed = await api.call('coord', 'GET', '/api/webhooks?unit=420000');
    expect(listed.json()).toEqual({
      items: [
        expect.objectContaining({
          id: hook.id,
          orgUnitCode: '420000',
          url: 'https://hooks.example.org/planwatch',
        }),
      ],
    });
    expect(listed.body).not.toContain(hook.secret);
    const audit = await fixture.store.db
      .selectFrom('auditLog')
      .select('afterJson')
      .where('action', '=', 'webhook.create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.afterJson).not.toContain(hook.secret);

    expect((await api.call('reporter', 'GET', '/api/webhooks?unit=420000')).statusCode).toBe(403);
    expect(
      (
        await api.call('coord', 'POST', '/api/webhooks', {
          orgUnitCode: '430000',
          url: 'https://x.example.org',
        })
      ).statusCode,
    ).toBe(403);
    expect((await api.call('reporter', 'DELETE', `/api/webhooks/${hook.id}`)).statusCode).toBe(403);
    expect((await api.call('coord', 'DELETE', `/api/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api.call('coord', 'GET', '/api/webhooks?unit=420000')).json()).toEqual({
      items: [],
    });
    expect((await api.call('coord', 'DELETE', `/api/webhooks/${hook.id}`)).statusCode).toBe(404);
  });
});
