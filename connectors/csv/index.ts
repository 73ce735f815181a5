/**
 * Generic CSV (RFC 4180) → findings: a header row names the columns, each further
 * record is one finding, mapped through a field mapping (connectors/shared/
 * field-mapping.ts; documented in docs/connectors.md). Without a `mapping` option the
 * columns are the finding model's own field names (`ruleId`, `package.name`...).
 */
import { Type } from '@sinclair/typebox';
import type { DiscoveredFinding } from '../../engine/model/finding.ts';
import { mapRecord } from '../shared/field-mapping.ts';
import { recordOptionProperties, resolveRecordOptions } from '../shared/mapping-options.ts';
import type { LineFindingConnector, LineParser } from '../types.ts';
import { detectCsv } from './detect.ts';
import { checkHeader, csvError, type Header } from './header.ts';
import { csvRecordReader, CsvSyntaxError } from '../shared/rfc4180.ts';

export const csvOptionsSchema = Type.Object(
  {
    ...recordOptionProperties,
    delimiter: Type.Optional(
      Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('\t'), Type.Literal('|')], { description: 'Field separator (default `,`).' }),
    ),
  },
  { additionalProperties: false },
);

export const csvConnector: LineFindingConnector = {
  name: 'csv',
  kind: 'findings',
  format: 'lines',
  description: 'CSV (RFC 4180) with a header row: one finding per record, by the ctem model\'s field names or a mapping',
  optionsSchema: csvOptionsSchema,
  detect: detectCsv,

  open(ctx): LineParser {
    const opts = resolveRecordOptions(ctx.options, 'csv');
    const delimiter = (ctx.options as { delimiter?: string } | undefined)?.delimiter ?? ',';
    const reader = csvRecordReader(delimiter);
    let header: Header | undefined;
    let recordStart = 1;

    const toFinding = (fields: string[], lineNo: number): DiscoveredFinding[] => {
      if (header === undefined) {
        header = checkHeader(fields, opts, lineNo);
        return [];
      }
      if (fields.length === 1 && fields[0] === '') return []; // a blank line
      if (fields.length !== header.names.length) {
        throw csvError(`record has ${fields.length} field(s), the header has ${header.names.length}`, lineNo);
      }
      const h = header;
      return [
        mapRecord((column) => { const i = h.index.get(column); return i === undefined ? undefined : fields[i]; }, opts.mapping, {
          connector: 'csv',
          file: ctx.file,
          lineNo,
          defaultKind: opts.defaultKind,
          defaultTool: opts.defaultTool,
          where: (column) => `column ${JSON.stringify(column)}`,
        }),
      ];
    };

    return {
      line(text, lineNo) {
        if (!reader.pending) recordStart = lineNo;
        let fields: string[] | undefined;
        try {
          fields = reader.push(text);
        } catch (err) {
          if (err instanceof CsvSyntaxError) throw csvError(`${err.message} (column ${err.column})`, lineNo);
          throw err;
        }
        // A record is numbered by the line it starts on, where a reader would look for it.
        return fields === undefined ? [] : toFinding(fields, recordStart);
      },
      end() {
        if (reader.pending) throw csvError('a quoted field opened on this line is never closed (is the file truncated?)', recordStart);
        if (header === undefined) throw csvError('the file is empty: a CSV findings file starts with a header row', 1);
        return [];
      },
    };
  },
};
