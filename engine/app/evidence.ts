/**
 * The evidence shell: read every file `evidence:` in ctem.yaml names (VEX documents,
 * Nuclei results), pick its connector, and collect every problem. A malformed file
 * is an error (exit 4) unless its source is `optional`. The parsing is the
 * connectors' (pure); matching evidence to exposures is engine/validate's (pure).
 */
import { isAbsolute, join, relative } from 'node:path';
import { glob } from 'tinyglobby';
import { evidenceConnectors } from '../../connectors/registry.ts';
import type { EvidenceConnector } from '../../connectors/evidence-types.ts';
import type { EvidenceSourceConfig } from '../config/schema/validation.ts';
import { badReport } from '../discover/extract.ts';
import { parseJsonReport, readReportFile, stripBom } from '../discover/read-report.ts';
import { CtemError, ReportError, type Problem } from '../errors.ts';
import type { EvidenceSet } from '../validate/stage.ts';

export interface EvidenceStats {
  source: string;
  file: string;
  connector: string;
  statements: number;
  confirmations: number;
  skipped?: string;
}

export async function loadEvidence(
  root: string,
  sources: readonly EvidenceSourceConfig[],
): Promise<{ evidence: EvidenceSet; problems: Problem[]; stats: EvidenceStats[] }> {
  const evidence: EvidenceSet = { vex: [], confirmations: [] };
  const problems: Problem[] = [];
  const stats: EvidenceStats[] = [];
  for (const [i, source] of sources.entries()) {
    const name = source.name ?? `evidence[${i}]`;
    const files = /[*?[\]{}]/.test(source.path) ? (await glob(source.path, { cwd: root, onlyFiles: true })).sort() : [source.path];
    if (files.length === 0) {
      problems.push({ code: 'no-files', severity: source.optional ? 'warning' : 'error', message: `evidence '${name}': no file matches '${source.path}'`, file: 'ctem.yaml' });
      continue;
    }
    for (const file of files) {
      const abs = isAbsolute(file) ? file : join(root, file);
      const display = isAbsolute(file) ? relative(root, file) || file : file;
      try {
        const { connector, batch } = await readEvidenceFile(abs, display, source.connector);
        for (const s of batch.vex) evidence.vex.push(source.asset !== undefined ? { ...s, asset: source.asset } : s);
        for (const c of batch.confirmations) evidence.confirmations.push(source.asset !== undefined ? { ...c, asset: source.asset } : c);
        stats.push({ source: name, file: display, connector: connector.name, statements: batch.vex.length, confirmations: batch.confirmations.length });
      } catch (err) {
        if (!(err instanceof CtemError)) throw err;
        if (source.optional) {
          for (const p of err.problems) problems.push({ ...p, severity: 'warning', message: `${p.message} (optional evidence '${name}' skipped)` });
          stats.push({ source: name, file: display, connector: source.connector, statements: 0, confirmations: 0, skipped: err.problems[0]?.message });
        } else {
          problems.push(...err.problems);
        }
      }
    }
  }
  return { evidence, problems, stats };
}

/** Read one evidence file with the named connector (or the one that recognises it). Throws CtemError with a located problem. */
export async function readEvidenceFile(path: string, display: string, connectorName: string) {
  const text = stripBom(await readReportFile(path, display));
  let doc: unknown;
  const parsed = () => (doc ??= parseJsonReport(text, display));
  let connector: EvidenceConnector | undefined;
  if (connectorName === 'auto') {
    for (const c of evidenceConnectors.values()) {
      if (c.format === 'text' ? c.detect(text) : safeDetect(c, text)) {
        connector = c;
        break;
      }
    }
    if (connector === undefined) {
      throw new CtemError(
        { code: 'unknown-format', severity: 'error', message: 'could not recognise the evidence format', file: display, hint: `name one with connector: ${[...evidenceConnectors.keys()].join(', ')}` },
        4,
      );
    }
  } else {
    connector = evidenceConnectors.get(connectorName);
    if (connector === undefined) {
      throw new CtemError({ code: 'unknown-connector', severity: 'error', message: `unknown evidence connector '${connectorName}'`, file: display }, 2);
    }
  }
  try {
    const batch = connector.extract(connector.format === 'text' ? text : parsed(), { file: display });
    return { connector, batch };
  } catch (err) {
    if (err instanceof ReportError) throw badReport(`${connector.name} document`, display, err);
    throw err;
  }
}

function safeDetect(c: EvidenceConnector, text: string): boolean {
  try {
    return c.detect(JSON.parse(text));
  } catch {
    return false;
  }
}
