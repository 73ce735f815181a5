/**
 * Assembling a large JSON report from a token stream (stream-json's parser and
 * Assembler), so that no string ever holds the whole file: a report larger than V8's
 * maximum string length (about 512 MiB) still works. Keys such as `__proto__` become
 * own properties, as with JSON.parse.
 *
 * The streaming parser names no position when it fails, so on failure the file is
 * read once more by stream-json's verifier, which does: errors still say file:line:col.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import Assembler from 'stream-json/assembler.js';
import verifyFile from 'stream-json/file/verifier.js';
import parser from 'stream-json/parser.js';
import { CtemError, ExitCode } from '../errors.ts';
import type { ProgressBar } from './progress.ts';

/**
 * stream-json's wording (`ERROR at 16 (2, 6): Verifier has expected a value`,
 * `Parser cannot parse input: expected ','`) as ours (`expected a value`).
 */
const plain = (message: string): string =>
  message
    .replace(/^ERROR at \d+ \(\d+, \d+\):\s*/, '')
    .replace(/^(?:Parser|Verifier)\s+(?:cannot parse input:\s*|has\s+)?/, '')
    .trim();

/** The located error for a JSON file a stream could not parse: read once more by the verifier, which names the place. */
export async function syntaxError(path: string, file: string, fallback: string): Promise<CtemError> {
  try {
    await verifyFile(path);
  } catch (err) {
    const e = err as { message?: string; line?: number; pos?: number; offset?: number };
    if (typeof e.line === 'number' && typeof e.pos === 'number') {
      return new CtemError(
        { code: 'json-syntax', severity: 'error', message: `not valid JSON: ${plain(String(e.message ?? fallback))} (byte ${e.offset ?? '?'})`, file, line: e.line, column: e.pos, hint: 'is the report truncated?' },
        ExitCode.input,
      );
    }
  }
  return new CtemError({ code: 'json-syntax', severity: 'error', message: `not valid JSON: ${plain(fallback)}`, file, hint: 'is the report truncated?' }, ExitCode.input);
}

/** What a failed stream over a JSON file means: the file could not be read, or is not valid JSON (located). */
export async function streamError(err: unknown, path: string, file: string): Promise<CtemError> {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('E')) {
    return new CtemError({ code: 'unreadable', severity: 'error', message: `cannot read file (${code})`, file }, ExitCode.input);
  }
  return syntaxError(path, file, (err as Error).message);
}

export async function assembleJsonFile(path: string, file: string, bar: ProgressBar): Promise<unknown> {
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  source.on('data', () => bar.update(source.bytesRead));
  // Packed values only: the Assembler needs whole strings and numbers, not their chunks.
  const tokens = parser.asStream({ streamValues: false });
  const assembler = Assembler.connectTo(tokens);
  try {
    await pipeline(source, tokens);
  } catch (err) {
    throw await streamError(err, path, file);
  } finally {
    bar.stop();
  }
  if (!assembler.done) throw await syntaxError(path, file, 'the document ends early');
  return assembler.current;
}
