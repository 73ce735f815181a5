/** Reading a report file into a JSON value (or its first bytes, for detection), with located errors. */
import { open, readFile, stat } from 'node:fs/promises';
import { CtemError, ExitCode, type Problem } from '../errors.ts';
import { assembleJsonFile } from './assemble-json.ts';
import { noProgress, type Progress } from './progress.ts';

const BOM = '\uFEFF';

/**
 * Above this size a JSON report is assembled from a token stream instead of being
 * read into one string: V8 cannot hold a string longer than about 512 MiB, and
 * reading a large file whole doubles its peak memory.
 */
export const LARGE_JSON_BYTES = 64 * 1024 * 1024;

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

/** The one-line problem for a file that cannot be read. */
export function unreadable(err: unknown, display: string): CtemError {
  const code = (err as NodeJS.ErrnoException).code;
  const problem: Problem = {
    code: 'unreadable',
    severity: 'error',
    message: code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a report file' : `cannot read file (${code ?? (err as Error).message})`,
    file: display,
    ...(code === 'ENOENT'
      ? { hint: "check the path: in ctem.yaml it is relative to the repository root, with --input to the current directory; a source that may be absent can say 'optional: true'" }
      : {}),
  };
  return new CtemError(problem, ExitCode.input);
}

export async function readReportFile(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(err, display);
  }
}

/** The size of a report file; a located error when it is missing or not a file. */
export async function reportSize(path: string, display: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return s.size;
  } catch (err) {
    throw unreadable(err, display);
  }
}

/**
 * The first `bytes` of a file as text, for format detection. When that is the whole
 * file, the text ends with a line break, so a detector knows its last line is complete.
 */
export async function readHead(path: string, display: string, bytes = 1024 * 1024): Promise<string> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      const text = buf.subarray(0, bytesRead).toString('utf8');
      return bytesRead < bytes && !text.endsWith('\n') ? `${text}\n` : text;
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw unreadable(err, display);
  }
}

export interface ReadJsonOptions {
  /** Reports larger than this are streamed (default LARGE_JSON_BYTES; tests lower it). */
  largeBytes?: number;
  progress?: Progress;
}

/** A JSON report, parsed whole when small, assembled from a stream when large. */
export async function readJsonReport(path: string, display: string, opts: ReadJsonOptions = {}): Promise<unknown> {
  const size = await reportSize(path, display);
  if (size > (opts.largeBytes ?? LARGE_JSON_BYTES)) return assembleJsonFile(path, display, (opts.progress ?? noProgress).start(display, size));
  return parseJsonReport(await readReportFile(path, display), display);
}
