/**
 * Decisions back from `decisions.ndjson`, a line at a time (a large run's file is
 * read line by line, never whole). The file is ctem's own output, but it
 * may have been edited or truncated, so each line is checked for the fields an
 * explanation needs before it is trusted as a Decision. Pure.
 */
import type { Problem } from '../errors.ts';
import type { Decision } from '../model/decision.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of decisions.ndjson (`lineNo` 1-based): its decision, its problem, or nothing for a blank line. */
export function readDecisionLine(raw: string, lineNo: number, file: string): { decision: Decision } | { problem: Problem } | undefined {
  const line = raw.trim();
  if (line === '') return undefined;
  const bad = (message: string) => ({ problem: { code: 'bad-decisions', severity: 'error', message, file, line: lineNo, column: 1 } satisfies Problem });
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return bad(`not valid JSON: ${(e as Error).message}`);
  }
  const missing = missingField(v);
  return missing !== undefined ? bad(`not a ctem decision: ${missing}`) : { decision: v as Decision };
}

function missingField(v: unknown): string | undefined {
  if (!isObject(v)) return 'a line must be a JSON object';
  if (typeof v.fingerprint !== 'string') return "'fingerprint' must be a string";
  if (typeof v.asset !== 'string') return "'asset' must be a string";
  if (typeof v.priority !== 'string' || typeof v.status !== 'string') return "'priority' and 'status' must be strings";
  if (!isObject(v.rule) || typeof v.rule.id !== 'string' || typeof v.rule.file !== 'string') return "'rule' must name an id and a file";
  if (!isObject(v.inputs)) return "'inputs' must be an object";
  if (!isObject(v.feeds)) return "'feeds' must be an object";
  if (!isObject(v.finding) || !Array.isArray(v.finding.sources) || !Array.isArray(v.finding.tools) || !Array.isArray(v.finding.aliases)) {
    return "'finding' must have sources, tools and aliases";
  }
  if (!Array.isArray(v.labels)) return "'labels' must be a list";
  return undefined;
}
