import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanFileName,
  extensionOf,
  judgeContent,
  looksLikeMarkup,
  type ContentFacts,
} from './evidence-content.js';

const text: ContentFacts = {
  detected: undefined,
  validUtf8: true,
  hasNul: false,
  looksLikeMarkup: false,
};
const binary = (ext: string, mime: string): ContentFacts => ({
  ...text,
  detected: { ext, mime },
  validUtf8: false,
});

describe('judgeContent', () => {
  it.each<[string, ContentFacts, string]>([
    ['report.pdf', binary('pdf', 'application/pdf'), 'application/pdf'],
    ['REPORT.PDF', binary('pdf', 'application/pdf'), 'application/pdf'],
    ['report', binary('pdf', 'application/pdf'), 'application/pdf'],
    ['photo.jpeg', binary('jpg', 'image/jpeg'), 'image/jpeg'],
    ['photo.jpg', binary('jpg', 'image/jpeg'), 'image/jpeg'],
    ['anim.png', binary('apng', 'image/apng'), 'image/apng'],
    ['figure.webp', binary('webp', 'image/webp'), 'image/webp'],
    [
      'minutes.docx',
      binary('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    // An Office file file-type saw only as a ZIP keeps its Office type.
    [
      'sheet.xlsx',
      binary('zip', 'application/zip'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['bundle.zip', binary('zip', 'application/zip'), 'application/zip'],
    ['notes.txt', text, 'text/plain'],
    ['data.CSV', text, 'text/csv'],
    ['README', text, 'text/plain'],
  ])('accepts %s', (name, facts, mediaType) => {
    expect(judgeContent(name, facts)).toEqual({ ok: true, mediaType });
  });

  it.each<[string, ContentFacts, RegExp]>([
    [
      'evil.pdf',
      binary('exe', 'application/x-msdownload'),
      /evil\.pdf is a application\/x-msdownload file/,
    ],
    ['evil.pdf', binary('elf', 'application/x-elf'), /not accepted as evidence/],
    ['evil.pdf', { ...text, looksLikeMarkup: true }, /evil\.pdf holds HTML or XML markup/],
    ['page.txt', { ...text, looksLikeMarkup: true }, /markup/],
    ['scan.png', binary('pdf', 'application/pdf'), /named \.png but its content is PDF/],
    ['sheet.docx', binary('pdf', 'application/pdf'), /named \.docx/],
    ['photo.png', text, /named \.png but its content is plain text/],
    [
      'data.csv',
      { ...text, validUtf8: false },
      /neither a recognised document or image nor UTF-8 text/,
    ],
    ['data.csv', { ...text, hasNul: true }, /neither/],
    ['drawing.svg', binary('xml', 'application/xml'), /application\/xml file/],
  ])('refuses %s (%#)', (name, facts, problem) => {
    const verdict = judgeContent(name, facts);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.problem).toMatch(problem);
  });

  it('never accepts a file whose named extension is not one of its content’s (property)', () => {
    const detections = [
      binary('pdf', 'application/pdf'),
      binary('png', 'image/png'),
      binary('jpg', 'image/jpeg'),
      binary('exe', 'application/x-msdownload'),
      text,
    ];
    const extensions = ['pdf', 'png', 'jpg', 'exe', 'html', 'txt', 'csv', 'js', 'svg'];
    const allowed: Record<string, string[]> = {
      'application/pdf': ['pdf'],
      'image/png': ['png'],
      'image/jpeg': ['jpg'],
      'application/x-msdownload': [],
      text: ['txt', 'csv'],
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...detections),
        fc.constantFrom(...extensions),
        (facts, extension) => {
          const verdict = judgeContent(`file.${extension}`, facts);
          const kind = facts.detected?.mime ?? 'text';
          expect(verdict.ok).toBe(allowed[kind]!.includes(extension));
        },
      ),
    );
  });
});

describe('helpers', () => {
  it.each<[string, string]>([
    ['a.PDF', 'pdf'],
    ['archive.tar.gz', 'gz'],
    ['.profile', ''],
    ['README', ''],
    ['trailing.', ''],
  ])('extensionOf(%s) is "%s"', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });

  it.each<[string, string | null]>([
    ['C:\\fakepath\\报告.pdf', '报告.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['  spaced.txt ', 'spaced.txt'],
    ['dir/', null],
    ['..', null],
  ])('cleanFileName(%j) is %j', (declared, kept) => {
    expect(cleanFileName(declared)).toBe(kept);
  });

  it.each<[string, boolean]>([
    ['<!DOCTYPE html><html>', true],
    ['\uFEFF  <html lang="zh">', true],
    ['<?xml version="1.0"?><svg/>', true],
    ['<SCRIPT>alert(1)</SCRIPT>', true],
    ['站点,速率\n<html> is text here', false],
    ['a < b and c > d', false],
  ])('looksLikeMarkup(%j) is %s', (start, markup) => {
    expect(looksLikeMarkup(start)).toBe(markup);
  });
});
