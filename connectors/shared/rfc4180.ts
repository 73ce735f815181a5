/**
 * A small RFC 4180 CSV parser, fed one physical line at a time (the shell streams
 * files with node:readline, which removes the line breaks, CRLF or LF).
 *
 * - Fields are separated by the delimiter (`,` by default; `;`, tab or `|` are common).
 * - A field that starts with `"` is quoted: it may hold delimiters, line breaks and
 *   doubled quotes (`""` is one `"`). A line break inside a quoted field is kept as
 *   `\n`, whichever line ending the file used.
 * - After a closing quote only the delimiter or the end of the line may follow;
 *   anything else is a syntax error. A `"` inside an unquoted field is kept as data
 *   (lenient, as spreadsheets are when they read such files).
 * - The caller removes a UTF-8 byte order mark from the first line.
 *
 * Values are strings, carried as they are: control characters, `__proto__` or a
 * megabyte of text are data, never interpreted.
 */

export class CsvSyntaxError extends Error {
  /** 1-based column (in UTF-16 code units) of the offending character on its line. */
  readonly column: number;

  constructor(message: string, column: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.column = column;
  }
}

export interface CsvRecordReader {
  /**
   * Feed one physical line. Returns the record's fields when the line completes a
   * record, or undefined while a quoted field continues on the next line.
   * Throws CsvSyntaxError.
   */
  push(line: string): string[] | undefined;
  /** True while a quoted field is open (the record is unfinished). */
  readonly pending: boolean;
}

export function csvRecordReader(delimiter = ','): CsvRecordReader {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
  }
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;

  return {
    get pending() {
      return inQuotes;
    },
    push(line: string): string[] | undefined {
      let i = 0;
      // Where the current field starts on this line: a quote there opens a quoted field.
      let fieldStart = 0;
      // Just after a closing quote: only the delimiter or the end of the line may follow.
      let closed = false;
      if (inQuotes) {
        field += '\n';
        fieldStart = -1;
      }
      while (i < line.length) {
        if (inQuotes) {
          const q = line.indexOf('"', i);
          if (q < 0) {
            field += line.slice(i);
            i = line.length;
          } else if (line.charCodeAt(q + 1) === 34 /* " */) {
            field += line.slice(i, q + 1);
            i = q + 2;
          } else {
            field += line.slice(i, q);
            inQuotes = false;
            closed = true;
            i = q + 1;
          }
        } else if (closed) {
          if (line[i] !== delimiter) throw new CsvSyntaxError(`unexpected ${JSON.stringify(line[i])} after a closing quote (a quote inside a quoted field is written "")`, i + 1);
          fields.push(field);
          field = '';
          closed = false;
          i += 1;
          fieldStart = i;
        } else if (i === fieldStart && line.charCodeAt(i) === 34 /* " */) {
          inQuotes = true;
          i += 1;
        } else {
          const d = line.indexOf(delimiter, i);
          if (d < 0) {
            field += line.slice(i);
            i = line.length;
          } else {
            field += line.slice(i, d);
            fields.push(field);
            field = '';
            i = d + 1;
            fieldStart = i;
          }
        }
      }
      if (inQuotes) return undefined;
      fields.push(field);
      const record = fields;
      fields = [];
      field = '';
      return record;
    },
  };
}

/** Parse a whole CSV text (small inputs, tests). Line breaks: CRLF, LF or CR. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const reader = csvRecordReader(delimiter);
  const records: string[][] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const record = reader.push(line);
    if (record) records.push(record);
  }
  if (reader.pending) throw new CsvSyntaxError('unterminated quoted field at the end of the input', 1);
  return records;
}
