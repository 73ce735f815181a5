/** Reading a report file into a JSON value, with located errors. */
import { readFile } from 'node:fs/promises';
import { CtemError, ExitCode, type Problem } from '../errors.ts';

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** JSON.parse with a located, one-line error instead of V8's message. */
export function parseJsonReport(text: string, file: string): unknown {
  const body = stripBom(text);
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const m = /position (\d+)/.exec(message);
    let line = 1;
    let column = 1;
    if (m) {
      const pos = Number(m[1]);
      const before = body.slice(0, pos);
      line = before.split('\n').length;
      column = pos - before.lastIndexOf('\n');
    } else if (/Unexpected end of JSON input/.test(message)) {
      const lines = body.split('\n');
      line = lines.length;
      column = (lines[lines.length - 1]?.length ?? 0) + 1;
    }
    const what = message.replace(/^SyntaxError: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new CtemError(
      { code: 'json-syntax', severity: 'error', message: `not valid JSON: ${what}`, file, line, column, hint: 'is the report truncated?' },
      ExitCode.input,
    );
  }
}

export async function readReportFile(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem: Problem = {
      code: 'unreadable',
      severity: 'error',
      message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (err as Error).message})`,
      file: display,
    };
    throw new CtemError(problem, ExitCode.input);
  }
}
