import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { expectText, htmlLang, settle, setupApp } from './support/app';

const app = setupApp();

describe('Plan', () => {
  it('shows the tree with chapter VI and the misnumbered measure III.3.3 (English, from localStorage)', async () => {
    const { page, errors } = await app.open('/plan', { lang: 'en' });
    expect(await htmlLang(page)).toBe('en');
    const tree = page.getByTestId('plan-tree');
    await expectText(
      tree,
      'I The basic circumstances',
      'VI Institutional guarantees and organizational implementation',
    );
    await expectText(
      page.getByTestId('plan-preamble'),
      'Preamble',
      'Without informatization, there is no modernization',
    );

    // A deep link selects the node and opens its ancestors.
    await page.goto('/plan/III.3.3');
    const measure = tree.locator('[data-path="III.3.3"]');
    await expectText(
      measure,
      '3.',
      '(printed 12)',
      'Establishing basic structures and systems for information resources',
    );
    const detail = page.getByTestId('node-detail');
    await expectText(
      detail,
      'Measure',
      'III.3.3',
      '(printed 12)',
      'Establishing basic structures and systems',
    );
    await expectText(detail.getByTestId('node-text'), 'Protect personal privacy');

    // Clicking another measure shows its text.
    await tree.locator('[data-path="III.3.2"]').click();
    await expectText(
      page.getByTestId('node-detail'),
      'Raising utilization rates of information resources',
    );
    await expectText(
      page.getByTestId('node-text'),
      'Establish public information resource openness catalogues',
    );
    expect(new URL(page.url()).pathname).toBe('/plan/III.3.2');

    // Chapter VI is in the tree and selectable.
    await tree.locator('[data-path="VI"]').click();
    await expectText(
      page.getByTestId('node-detail'),
      'Chapter',
      'Institutional guarantees and organizational implementation',
    );

    // Import notes: the corrections the importer made.
    await page.goto('/plan/III.3.3');
    await expectText(page.getByTestId('node-detail'), '(printed 12)');
    const notes = page.getByTestId('import-notes');
    await expectText(notes, 'Import notes');
    await notes.getByText('Import notes').click();
    await expectText(notes, 'renumbered', 'expected 3, printed 12');
    await settle(page);
    await screenshot(page, 'plan-en');
    expect(errors).toEqual([]);
  });

  it('shows the tree and a measure in Chinese (from localStorage)', async () => {
    const { page, errors } = await app.open('/plan/III.3.3', { lang: 'zh-CN' });
    expect(await htmlLang(page)).toBe('zh-CN');
    const tree = page.getByTestId('plan-tree');
    await expectText(tree, 'VI');
    await expectText(tree.locator('[data-path="III.3.3"]'), '原文印作 12');
    await expectText(page.getByTestId('node-detail'), '举措', '路径', 'III.3.3', '原文印作 12');
    await tree.locator('[data-path="III.3.1"]').click();
    await expectText(page.getByTestId('node-text'), 'Promote comprehensive national planning');
    await page.getByTestId('import-notes').getByText('导入说明').click();
    await expectText(page.getByTestId('import-notes'), '重新编号');
    await page.goto('/plan/III.3.3');
    await expectText(page.getByTestId('node-detail'), '原文印作 12');
    await settle(page);
    await screenshot(page, 'plan-zh-CN');
    expect(errors).toEqual([]);
  });

  it('says so when the path is not in the plan', async () => {
    const { page, errors } = await app.open('/plan/IX.9.9', { lang: 'en' });
    await expectText(
      page.getByTestId('node-not-found'),
      'The plan has no item with the path IX.9.9',
    );
    expect(errors).toEqual([]);
  });
});
