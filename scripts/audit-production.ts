/**
 * `npm run audit:production`: fails when npm's advisory database lists a high
 * or critical advisory for a production dependency. When the advisory
 * endpoint cannot be reached (some registries and mirrors answer 405), it
 * says so plainly and exits 0 unless PLANWATCH_AUDIT_REQUIRED=true: an
 * unreachable database is reported, never taken for a clean result.
 */
import { spawnSync } from 'node:child_process';

interface AuditReport {
  statusCode?: number;
  message?: string;
  error?: { summary?: string };
  metadata?: { vulnerabilities: Record<'critical' | 'high' | 'moderate' | 'low', number> };
  vulnerabilities?: Record<
    string,
    { severity: string; range: string; via: (string | { title?: string })[] }
  >;
}

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  console.error(`npm audit gave no JSON (exit ${String(run.status)}): ${run.stderr.trim()}`);
  process.exit(1);
}
if (report.statusCode !== undefined || report.error || !report.metadata) {
  const why = report.message ?? report.error?.summary ?? 'no metadata in the answer';
  console.log(`audit: the advisory database could not be asked: ${why}`);
  process.exit(process.env.PLANWATCH_AUDIT_REQUIRED === 'true' ? 1 : 0);
}
const counts = report.metadata.vulnerabilities;
console.log(
  `audit: production dependencies: ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low`,
);
for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
  if (entry.severity !== 'high' && entry.severity !== 'critical') continue;
  const via = entry.via
    .map((item) => (typeof item === 'string' ? item : (item.title ?? '')))
    .join('; ');
  console.log(`  ${entry.severity}: ${name} ${entry.range} (${via})`);
}
process.exit(counts.high + counts.critical > 0 ? 1 : 0);
