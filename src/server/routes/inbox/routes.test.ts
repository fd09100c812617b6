import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../../api/contract.js';
import type { Notification } from '../../../api/tasks-contract.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { Notices, OWNER_ROLES } from '../../../services/tasks/notices.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';

interface InboxPage {
  items: Notification[];
  unread: number;
  total: number;
}

describeEachStore('the inbox over HTTP', (fixture) => {
  let api: TestApi;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['hubei', 'reporter', '420000'],
      ['hunan', 'reporter', '430000'],
      ['nation', 'admin', 'CN'],
    ]);
    let minute = 0;
    const notices = new Notices(
      fixture.store.db,
      () => new Date(Date.UTC(2026, 3, 1, 8, minute++)),
    );
    for (const [unit, key] of [
      ['420000', 'first'],
      ['420000', 'second'],
      ['430000', 'hunan-only'],
      ['420000', 'third'],
    ] as const) {
      await notices.tell(unit, OWNER_ROLES, {
        stage: 'warning',
        dedupeKey: key,
        subject: `Notice ${key}`,
        body: `Body of ${key}`,
        link: '/tasks/1',
        warningId: null,
      });
    }
  });
  afterAll(async () => api.app.close());

  const inbox = async (user: string, query = '') => {
    const response = await api.call(user, 'GET', `/api/inbox${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<InboxPage>();
  };

  it('shows each person their own notices only, newest first, and needs a sign-in', async () => {
    expect((await api.call(null, 'GET', '/api/inbox')).statusCode).toBe(401);
    const hubei = await inbox('hubei');
    expect(hubei.items.map((item) => item.subject)).toEqual([
      'Notice third',
      'Notice second',
      'Notice first',
    ]);
    expect(hubei).toMatchObject({ unread: 3, total: 3 });
    expect((await inbox('hunan')).items.map((item) => item.subject)).toEqual(['Notice hunan-only']);
    expect((await inbox('hubei', '?limit=1&offset=1')).items.map((i) => i.subject)).toEqual([
      'Notice second',
    ]);
    expect((await api.call('hubei', 'GET', '/api/inbox?limit=0')).statusCode).toBe(400);
  });

  it('marks one’s own notice read, not another person’s, and all at once', async () => {
    const [third, second] = (await inbox('hubei')).items;
    const hunanNotice = (await inbox('hunan')).items[0]!;
    const foreign = await api.call('hubei', 'POST', `/api/inbox/${hunanNotice.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect((await inbox('hunan')).unread).toBe(1);

    const read = await api.call('hubei', 'POST', `/api/inbox/${second!.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json<Notification>().readAt).not.toBeNull();
    const unread = await inbox('hubei', '?unread=true');
    expect(unread.items.map((item) => item.id)).toEqual([
      third!.id,
      (await inbox('hubei')).items[2]!.id,
    ]);
    expect(unread).toMatchObject({ unread: 2, total: 2 });

    const all = await api.call('hubei', 'POST', '/api/inbox/read-all');
    expect(all.json()).toEqual({ marked: 2 });
    expect((await inbox('hubei')).unread).toBe(0);
    expect((await inbox('hunan')).unread).toBe(1);
  });

  it('sets one’s own e-mail address for the digest, refusing what is not one', async () => {
    const set = await api.call('hubei', 'PUT', '/api/session/email', {
      email: 'hubei@example.org',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<User>()).toMatchObject({ username: 'hubei', email: 'hubei@example.org' });
    const bad = await api.call('hubei', 'PUT', '/api/session/email', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string }[] }>().details[0]!.path).toBe('body.email');
    const cleared = await api.call('hubei', 'PUT', '/api/session/email', { email: null });
    expect(cleared.json<User>().email).toBeNull();
    expect(
      (await api.call(null, 'PUT', '/api/session/email', { email: 'x@y.org' })).statusCode,
    ).toBe(401);
  });

  it('lets an administrator give a new user an address', async () => {
    const created = await api.call('nation', 'POST', '/api/users', {
      username: 'mailed',
      displayName: 'Mailed',
      password: 'a long enough password here',
      roles: [{ role: 'reporter', orgUnitCode: '420000' }],
      email: 'mailed@example.org',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<User>().email).toBe('mailed@example.org');
    const refused = await api.call('nation', 'POST', '/api/users', {
      username: 'badmail',
      displayName: 'Bad',
      password: 'a long enough password here',
      roles: [{ role: 'reporter', orgUnitCode: '420000' }],
      email: 'nope',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('email');
  });
});
