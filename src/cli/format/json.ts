import type { Report } from '../report.js';

/** The JSON report: the report model as is (schema in docs/json-report.md and docs/report.schema.json). */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
