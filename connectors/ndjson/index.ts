/**
 * Generic NDJSON (one JSON object per line, also called JSON Lines) → findings, through
 * a field mapping (connectors/shared/field-mapping.ts; documented in docs/connectors.md).
 *
 * Without a `mapping` option each line is read as a ctem finding, by the model's own
 * field names: `ctem discover --format ndjson` output reads back unchanged, keeping
 * the original `sources` after its own.
 */
import { Type } from '@sinclair/typebox';
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { ReportError } from '../../engine/errors.ts';
import { carriedSources, jsonFieldReader, mapRecord } from '../shared/field-mapping.ts';
import { isJsonObject, own } from '../shared/json-reader.ts';
import { recordOptionProperties, resolveRecordOptions } from '../shared/mapping-options.ts';
import type { LineFindingConnector, LineParser } from '../types.ts';
import { detectNdjson } from './detect.ts';

export const ndjsonOptionsSchema = Type.Object(recordOptionProperties, { additionalProperties: false });

export const ndjsonConnector: LineFindingConnector = {
  name: 'ndjson',
  kind: 'findings',
  format: 'lines',
  description: 'NDJSON / JSON Lines: one finding per line, by the ctem model\'s field names or a mapping',
  optionsSchema: ndjsonOptionsSchema,
  detect: detectNdjson,

  open(ctx): LineParser {
    const opts = resolveRecordOptions(ctx.options, 'ndjson');
    return {
      line(text, lineNo): DiscoveredFinding[] {
        if (text.trim() === '') return []; // blank lines (a trailing newline, spacing) carry nothing
        let record: unknown;
        try {
          record = JSON.parse(text);
        } catch (err) {
          throw new ReportError('', `line is not valid JSON (${jsonSyntaxReason((err as Error).message)})`, lineNo);
        }
        if (!isJsonObject(record)) throw new ReportError('', `line must hold a JSON object (got ${Array.isArray(record) ? 'an array' : typeof record})`, lineNo);
        return [
          mapRecord(jsonFieldReader(record), opts.mapping, {
            connector: 'ndjson',
            file: ctx.file,
            lineNo,
            defaultKind: opts.defaultKind,
            defaultTool: opts.defaultTool,
            where: (field) => `$.${field}`,
            carriedSources: opts.isModelMapping ? carriedSources(own(record, 'sources'), lineNo) : undefined,
          }),
        ];
      },
      end: () => [],
    };
  },
};

/**
 * V8's JSON.parse message, short and safe to print: the quoted snippet of the line it
 * adds (`Unexpected token '}', "{"a": tru}" is not valid JSON`) is dropped, since the
 * line is file data, and `at position N` becomes the column a reader looks at.
 */
export function jsonSyntaxReason(message: string): string {
  const token = /^Unexpected token '([\s\S])', [\s\S]* is not valid JSON$/.exec(message);
  if (token) return `unexpected ${JSON.stringify(token[1])}`;
  const at = /^([\s\S]*?) in JSON at position (\d+)/.exec(message) ?? /^([\s\S]*?) at position (\d+)/.exec(message);
  if (at) return `${at[1]!.charAt(0).toLowerCase()}${at[1]!.slice(1)}, at column ${Number(at[2]) + 1}`;
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 100);
  return `${plain.charAt(0).toLowerCase()}${plain.slice(1)}`;
}
