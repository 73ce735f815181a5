/**
 * The records of a CSV text with the line each starts on (a quoted field may span
 * lines, so record and line numbers differ). Parsing itself is the RFC 4180 reader
 * of the CSV findings connector; blank lines are skipped, as spreadsheets write them.
 */
import { ReportError } from '../../engine/errors.ts';
import { CsvSyntaxError, csvRecordReader } from '../shared/rfc4180.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export function csvRecords(text: string): CsvRecord[] {
  const reader = csvRecordReader(',');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: CsvRecord[] = [];
  let start = 1;
  lines.forEach((text, i) => {
    const lineNo = i + 1;
    if (!reader.pending) start = lineNo;
    let fields: string[] | undefined;
    try {
      fields = reader.push(text);
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw new ReportError('', `${err.message} (column ${err.column})`, lineNo);
      throw err;
    }
    if (fields === undefined) return;
    if (fields.length === 1 && fields[0] === '') return;
    out.push({ fields, line: start });
  });
  if (reader.pending) throw new ReportError('', 'a quoted field is never closed (a quote inside a quoted field is written "")', start);
  return out;
}
