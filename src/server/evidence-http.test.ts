import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './evidence-http.js';

describe('attachmentDisposition', () => {
  it.each<[string, string]>([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    [
      '勘察报告 (终).pdf',
      `attachment; filename="____ (_).pdf"; filename*=UTF-8''%E5%8B%98%E5%AF%9F%E6%8A%A5%E5%91%8A%20%28%E7%BB%88%29.pdf`,
    ],
    ['say "hi".txt', `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`],
  ])('%j', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });
});
