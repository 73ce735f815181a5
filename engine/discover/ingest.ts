/**
 * The discovery shell: read each configured source, pick its connector, extract,
 * and collect every problem before anything else happens.
 */
import { isAbsolute, join, relative } from 'node:path';
import { glob } from 'tinyglobby';
import { detectConnector, findingConnectors } from '../../connectors/registry.ts';
import type { FindingConnector } from '../../connectors/types.ts';
import type { SourceConfig } from '../config/schema/ctem.ts';
import { CtemError, type Problem } from '../errors.ts';
import type { Finding } from '../model/finding.ts';
import type { AssetIndex } from '../scope/asset-index.ts';
import { extractFindings, type AssetResolver } from './extract.ts';
import { parseJsonReport, readReportFile } from './read-report.ts';

export interface SourceStats {
  source: string;
  file: string;
  connector: string;
  findings: number;
  skipped?: string;
}

export interface IngestResult {
  findings: Finding[];
  problems: Problem[];
  stats: SourceStats[];
  /** Scanner references that no inventory asset matched. */
  unresolved: Set<string>;
}

/** Read, detect and extract one report file. Throws CtemError with a located problem. */
export async function ingestFile(
  path: string,
  display: string,
  connectorName: string,
  resolveAsset: AssetResolver,
): Promise<{ connector: FindingConnector; findings: Finding[] }> {
  const text = await readReportFile(path, display);
  const doc = parseJsonReport(text, display);
  const connector = connectorName === 'auto' ? detectConnector(doc) : findingConnectors.get(connectorName);
  if (!connector) {
    throw new CtemError(
      {
        code: connectorName === 'auto' ? 'unknown-format' : 'unknown-connector',
        severity: 'error',
        message:
          connectorName === 'auto'
            ? 'could not recognise the report format'
            : `unknown connector '${connectorName}'`,
        file: display,
        hint: `name one with --connector: ${[...findingConnectors.keys()].join(', ')}`,
      },
      2,
    );
  }
  return { connector, findings: extractFindings(connector, doc, display, resolveAsset) };
}

export async function ingestSources(root: string, sources: readonly SourceConfig[], index: AssetIndex): Promise<IngestResult> {
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const stats: SourceStats[] = [];
  const unresolved = new Set<string>();

  for (const [i, source] of sources.entries()) {
    const name = source.name ?? `sources[${i}]`;
    if (source.asset !== undefined && !index.byId.has(source.asset)) {
      problems.push({ code: 'unknown-asset', severity: 'error', message: `source '${name}' names unknown asset '${source.asset}'`, file: 'ctem.yaml' });
      continue;
    }
    const resolveAsset: AssetResolver = (hint) => {
      if (source.asset !== undefined) return source.asset;
      if (hint !== undefined) {
        const id = index.resolve(hint);
        if (id !== undefined) return id;
        unresolved.add(hint);
        return hint;
      }
      unresolved.add(`(no asset reference in ${name})`);
      return 'unknown';
    };
    const files = isGlob(source.path)
      ? (await glob(source.path, { cwd: root, onlyFiles: true })).sort()
      : [source.path];
    if (files.length === 0) {
      const p: Problem = { code: 'no-files', severity: source.optional ? 'warning' : 'error', message: `source '${name}': no file matches '${source.path}'`, file: 'ctem.yaml' };
      problems.push(p);
      continue;
    }
    for (const file of files) {
      const abs = isAbsolute(file) ? file : join(root, file);
      const display = isAbsolute(file) ? relative(root, file) || file : file;
      try {
        const { connector, findings: got } = await ingestFile(abs, display, source.connector, resolveAsset);
        findings.push(...got);
        stats.push({ source: name, file: display, connector: connector.name, findings: got.length });
      } catch (err) {
        if (!(err instanceof CtemError)) throw err;
        if (source.optional) {
          for (const p of err.problems) problems.push({ ...p, severity: 'warning', message: `${p.message} (optional source '${name}' skipped)` });
          stats.push({ source: name, file: display, connector: source.connector, findings: 0, skipped: err.problems[0]?.message });
        } else {
          problems.push(...err.problems);
        }
      }
    }
  }
  return { findings, problems, stats, unresolved };
}

const isGlob = (p: string) => /[*?[\]{}]/.test(p);
