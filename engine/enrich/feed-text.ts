/**
 * Feed bytes → text. Feeds arrive as they were downloaded: FIRST publishes EPSS as
 * `epss_scores-YYYY-MM-DD.csv.gz`, and people also keep them unpacked, so the
 * parsers accept either and decide by the gzip magic bytes rather than by a file
 * name they never see.
 */
import { gunzipSync } from 'node:zlib';
import { ReportError } from '../errors.ts';

/** RFC 1952: every gzip member starts with ID1 = 0x1f, ID2 = 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decode a feed given as text or bytes (plain or gzipped UTF-8). A leading BOM is
 * dropped so that the first line compares equal to what the format says.
 */
export function feedText(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let bytes = input;
    if (isGzip(bytes)) {
      try {
        bytes = gunzipSync(bytes);
      } catch (e) {
        // A truncated download is the usual cause; say so rather than crash.
        throw new ReportError('$', `not a readable gzip stream (${(e as Error).message})`);
      }
    }
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
