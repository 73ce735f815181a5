/**
 * Is this file CSV findings in ctem's own column names? Its header row must have a
 * `ruleId` column. A CSV with other column names needs a mapping, and so an explicit
 * `--connector csv`: guessing which column is which would be a guess.
 */
import { csvRecordReader, CsvSyntaxError } from '../shared/rfc4180.ts';

export function detectCsv(head: string, _fileName: string): boolean {
  const cut = head.replace(/^\uFEFF/, '').split('\n');
  if (cut.length < 2) return false; // the header line is not complete
  const first = cut[0]!.replace(/\r$/, '');
  for (const delimiter of [',', ';', '\t', '|']) {
    try {
      const fields = csvRecordReader(delimiter).push(first);
      if (fields !== undefined && fields.length > 1 && fields.some((f) => f.trim() === 'ruleId')) return true;
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
    }
  }
  return false;
}
