/** The pure parts of warnings and their delivery, table by table. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROGRESS_STATUSES, type ProgressStatus } from '../../core/progress/index.js';
import { digestMail, digestSubject, DIGEST_LIST_LIMIT } from './digest.js';
import { OFF_TRACK_STATUSES, offTrackStatus } from './indicator-warnings.js';
import { MAX_ATTEMPTS, retryDelayMs, webhookSignature } from './outbox.js';
import { isRetryable } from './retry.js';
import { warningMessage, type WarningText } from './warning-messages.js';
import { webhookUrlProblem } from './webhook.service.js';

describe('retry delays', () => {
  it.each([
    [1, 60_000],
    [2, 5 * 60_000],
    [3, 30 * 60_000],
    [4, 2 * 3_600_000],
    [5, 12 * 3_600_000],
    [6, null],
    [7, null],
  ])('after %d failed attempts: %s ms', (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });
  it('gives up after six attempts', () => expect(MAX_ATTEMPTS).toBe(6));
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the body (RFC 4231, test case 2)', () => {
    expect(webhookSignature('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
  it('changes with any byte of the body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(webhookSignature('k', a)).not.toBe(webhookSignature('k', b));
      }),
    );
  });
});

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.example.org/planwatch', null],
    ['http://127.0.0.1:8080/hook?x=1', null],
    ['HTTPS://HOOKS.EXAMPLE.ORG/', null],
    ['ftp://example.org/', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['data:text/plain,hi', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['//example.org/hook', /not an absolute URL/],
    ['', /not an absolute URL/],
    ['https://u:p@example.org/', /credentials/],
  ])('%j', (url, problem) => {
    const found = webhookUrlProblem(url);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('targets off track', () => {
  const cases = PROGRESS_STATUSES.flatMap((status) =>
    [false, true].map((final) => [status, final] as const),
  );
  it.each(cases)('%s, final %s', (status, final) => {
    const expected =
      !final &&
      ['acceleration_needed', 'limited_progress', 'deterioration', 'missed'].includes(status)
        ? status
        : null;
    expect(offTrackStatus({ assessment: { status, final } as never, milestone: null })).toBe(
      expected,
    );
    expect(offTrackStatus({ assessment: null, milestone: { status, final } as never })).toBe(
      expected,
    );
  });
  it('has no status when nothing was assessed', () => {
    expect(offTrackStatus({ assessment: null, milestone: null })).toBeNull();
  });
  it('never counts achieved, on track or insufficient data', () => {
    for (const status of ['achieved', 'on_track', 'insufficient_data'] as ProgressStatus[])
      expect(OFF_TRACK_STATUSES.has(status)).toBe(false);
  });
});

describe('warning messages', () => {
  const task = {
    id: 12,
    title: 'Broadband for every village',
    leadUnitCode: '420000',
    leadUnitNameZh: '湖北省',
    leadUnitNameEn: 'Hubei',
    dueOn: '2026-03-31',
    startOn: '2026-01-01',
    lastUpdateOn: '2026-02-01',
  };
  it.each<[WarningText, string[]]>([
    [
      { kind: 'overdue', since: '2026-04-01' },
      ['Overdue since 2026-04-01', 'due 2026-03-31', '逾期'],
    ],
    [
      { kind: 'milestone_due_soon', milestone: 'Draft', milestoneDueOn: '2026-04-15' },
      ['Milestone due 2026-04-15', '"Draft"', '即将到期'],
    ],
    [
      { kind: 'milestone_overdue', milestone: 'Draft', since: '2026-04-16' },
      ['Milestone overdue since 2026-04-16', '"Draft"'],
    ],
    [
      { kind: 'no_update', since: '2026-03-03' },
      ['No update since 2026-03-03', 'last updated 2026-02-01', '未报告进展'],
    ],
    [
      {
        kind: 'indicator_off_track',
        indicator: 'ecommerce_volume',
        indicatorNameEn: 'E-commerce volume',
        indicatorNameZh: '电子商务交易规模',
        year: 2025,
        status: 'deterioration',
        since: '2026-04-01',
      },
      ['"E-commerce volume" (ecommerce_volume)', '2025 target: deteriorating', '出现倒退'],
    ],
  ])('%j names the task, its unit, what and since when', (text, parts) => {
    const message = warningMessage(task, text);
    for (const part of [
      'task #12 "Broadband for every village"',
      'Hubei (420000)',
      '湖北省（420000）',
      ...parts,
    ])
      expect(message).toContain(part);
  });
});

describe('the digest', () => {
  it.each([
    [1, 'Planwatch: 1 notice / 1 条提醒'],
    [2, 'Planwatch: 2 notices / 2 条提醒'],
    [130, 'Planwatch: 130 notices / 130 条提醒'],
  ])('subject for %d', (count, subject) => expect(digestSubject(count)).toBe(subject));

  it('lists every notice with its link, absolute under the public address', () => {
    const mail = digestMail(
      [
        { subject: 'First', body: 'First', link: '/tasks/1' },
        { subject: 'Second', body: 'Second, in detail', link: null },
      ],
      'https://planwatch.example.org/',
    );
    expect(mail.subject).toBe('Planwatch: 2 notices / 2 条提醒');
    expect(mail.text).toContain('1. First\n   https://planwatch.example.org/tasks/1\n');
    expect(mail.text).toContain('2. Second\n   Second, in detail\n');
    expect(digestMail([{ subject: 'A', body: 'A', link: '/tasks/3' }], null).text).toContain(
      '   /tasks/3',
    );
  });

  it('lists at most a hundred and counts the rest', () => {
    const notices = Array.from({ length: DIGEST_LIST_LIMIT + 5 }, (_, i) => ({
      subject: `N${i}`,
      body: `N${i}`,
      link: null,
    }));
    const mail = digestMail(notices, null);
    expect(mail.subject).toBe(
      `Planwatch: ${DIGEST_LIST_LIMIT + 5} notices / ${DIGEST_LIST_LIMIT + 5} 条提醒`,
    );
    expect(mail.text).toContain(`${DIGEST_LIST_LIMIT}. N${DIGEST_LIST_LIMIT - 1}`);
    expect(mail.text).not.toContain(`N${DIGEST_LIST_LIMIT}\n`);
    expect(mail.text).toContain('… and 5 more in the inbox');
  });
});

describe('retryable errors', () => {
  it.each([
    [{ code: 'SQLITE_BUSY' }, true],
    [{ code: 'SQLITE_BUSY_SNAPSHOT' }, true],
    [{ code: '40P01' }, true],
    [{ code: '23505' }, false],
    [new Error('plain'), false],
    [null, false],
  ])('%j: %s', (error, retryable) => expect(isRetryable(error)).toBe(retryable));
});
