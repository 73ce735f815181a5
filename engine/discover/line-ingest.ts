/**
 * The shell of the line-based connectors: stream the file line by line and hand each
 * line to the connector's parser. Findings are passed on one at a time, so the caller
 * decides what to keep; a ReportError becomes one located line (`file:12:1: ...`).
 */
import type { LineFindingConnector } from '../../connectors/types.ts';
import { ReportError } from '../errors.ts';
import type { DiscoveredFinding } from '../model/finding.ts';
import { badReport } from './extract.ts';
import type { Progress } from './progress.ts';
import { readLines } from './read-lines.ts';

export async function readLineFindings(
  connector: LineFindingConnector,
  path: string,
  display: string,
  options: unknown,
  /** May return a promise to slow reading down (its consumer is full). */
  onFinding: (d: DiscoveredFinding) => void | Promise<void>,
  progress?: Progress,
): Promise<void> {
  const parser = connector.open({ file: display, options });
  try {
    const lines = await readLines(path, display, (text, lineNo) => {
      let wait: Promise<void> | undefined;
      for (const d of parser.line(text, lineNo)) wait = onFinding(d) ?? wait;
      return wait;
    }, progress);
    for (const d of parser.end(lines)) await onFinding(d);
  } catch (err) {
    if (err instanceof ReportError) throw badReport(`${connector.name} file`, display, err);
    throw err;
  }
}
