/**
 * `planwatch evaluate` on a new store (needs `npm run build`): a draft run for
 * every province and central department, published and then frozen; a bad
 * cut-off day exits 2 naming the option.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { createStoreLocation, engines, type StoreLocation } from '../../test-support/stores.js';

interface RunJson {
  status: string;
  year: number;
  scores: { unit: string; total: number; rank: number | null }[];
}

describe.each(engines)('planwatch evaluate [%s]', (engine) => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    location = await createStoreLocation(engine);
    env = { PLANWATCH_DATA: location.dataDir, DATABASE_URL: location.databaseUrl ?? undefined };
  });
  afterAll(async () => {
    await location.dispose();
  });

  it('stores a draft, publishes it, and refuses a second publication of the year', async () => {
    const draft = await runCli(
      ['evaluate', '--year', '2020', '--cutoff', '2021-03-31', '--json'],
      env,
    );
    expect(draft.stderr).toBe('');
    const run = JSON.parse(draft.stdout) as RunJson;
    expect(run).toMatchObject({ status: 'draft', year: 2020 });
    // The 31 provinces and the central departments, each scored.
    expect(run.scores.length).toBeGreaterThan(31);
    expect(run.scores.map((score) => score.unit)).toContain('420000');

    const published = await runCli(
      ['evaluate', '--year', '2020', '--cutoff', '2021-03-31', '--publish'],
      env,
    );
    expect(published.code).toBe(0);
    expect(published.stdout).toContain('published');
    // The shipped store: every province was due to report the 2020 annual form by
    // 2021-03-31 and none did (tied at 0); departments have no inputs (not evaluated).
    expect(published.stdout).toMatch(/^ *1 {2}420000 Hubei +0\.00/m);
    expect(published.stdout).toMatch(/^ *— {2}CAC .*not evaluated$/m);
    const again = await runCli(
      ['evaluate', '--year', '2020', '--cutoff', '2021-03-31', '--publish'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/published/);
  });

  it('exits 2 on a day that does not exist', async () => {
    const bad = await runCli(['evaluate', '--year', '2020', '--cutoff', '2021-02-30'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--cutoff <YYYY-MM-DD>' argument '2021-02-30' is invalid");
  });

  it('shows the year’s scheme, stores an edited version, and refuses a bad file naming where', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-scheme-'));
    try {
      const json = await runCli(['evaluation-scheme', 'show', '--year', '2022', '--json'], env);
      const scheme = JSON.parse(json.stdout) as { weights: Record<string, number> };
      expect(scheme).not.toHaveProperty('year');
      scheme.weights = { outcome: 50, delivery: 20, reporting: 20, inspection: 10 };
      const file = path.join(folder, 'scheme.json');
      fs.writeFileSync(file, JSON.stringify(scheme, null, 2));
      const stored = await runCli(['evaluation-scheme', 'set', '--year', '2022', file], env);
      expect(stored.stderr).toBe('');
      expect(stored.stdout).toContain('Stored version 1 of the 2022 evaluation scheme');
      const after = await runCli(
        ['evaluation-scheme', 'show', '--year', '2022', '--lang', 'zh-CN'],
        env,
      );
      expect(after.stdout).toContain('Evaluation scheme 2022 (version 1 of 1)');
      expect(after.stdout).toContain('当年到期的任务');
      expect(after.stdout).toContain('50 分');

      scheme.weights.outcome = 60;
      fs.writeFileSync(file, JSON.stringify(scheme, null, 2));
      const wrongSum = await runCli(['evaluation-scheme', 'set', '--year', '2022', file], env);
      expect(wrongSum.code).toBe(1);
      expect(wrongSum.stderr).toContain('is not a valid evaluation scheme');
      expect(wrongSum.stderr).toContain(
        'outcome 60 + delivery 20 + reporting 20 + inspection 10 = 110',
      );

      fs.writeFileSync(file, '{\n  "weights": {\n    "outcome": 40,,\n');
      const notJson = await runCli(['evaluation-scheme', 'set', '--year', '2022', file], env);
      expect(notJson.code).toBe(1);
      expect(notJson.stderr).toContain('is not JSON');
      expect(notJson.stderr).toContain('line 3, column 19');
      const unchanged = await runCli(['evaluation-scheme', 'show', '--year', '2022'], env);
      expect(unchanged.stdout).toContain('(version 1 of 1)');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
