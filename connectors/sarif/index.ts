/**
 * The SARIF 2.1.0 finding connector: any tool's SARIF log (CodeQL, Semgrep, Trivy, Grype,
 * Snyk, osv-scanner, Checkov, ESLint, gosec...) -> DiscoveredFindings, one per result,
 * in document order.
 *
 * Pure: it gets the parsed document and returns data. The shell reads the file and
 * removes a UTF-8 byte order mark with `stripBom` (re-exported here) before JSON.parse.
 *
 * The whole log is validated before the first finding is built, and the findings are
 * returned as a complete array, so a log that is broken anywhere yields nothing at all:
 * a half-read report must never pass for a complete one.
 */
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import type { JsonFindingConnector } from '../types.ts';
import { runContext, toFinding } from './finding.ts';
import { arrayField, isObject, stringField } from './json.ts';
import { isFinding } from './result-state.ts';
import { validateSarifLog } from './validate.ts';

export { stripBom } from './bom.ts';

export const sarifConnector: JsonFindingConnector = {
  name: 'sarif',
  kind: 'findings',
  format: 'json',
  description: 'SARIF 2.1.0 logs from any static-analysis, dependency, IaC or secret scanner',

  detect(doc: unknown): boolean {
    if (!isObject(doc)) return false;
    const version = stringField(doc, 'version');
    if (version?.startsWith('2.1') === true && Array.isArray(arrayField(doc, 'runs'))) return true;
    return /sarif/i.test(stringField(doc, '$schema') ?? '');
  },

  extract(doc: unknown, ctx): DiscoveredFinding[] {
    validateSarifLog(doc);
    const findings: DiscoveredFinding[] = [];
    (arrayField(doc, 'runs') ?? []).forEach((run, runIndex) => {
      if (!isObject(run)) return; // unreachable after validation; keeps the types honest
      const context = runContext(run, runIndex, ctx.file);
      (arrayField(run, 'results') ?? []).forEach((result, resultIndex) => {
        if (isObject(result) && isFinding(result)) findings.push(toFinding(context, result, resultIndex));
      });
    });
    return findings;
  },
};
