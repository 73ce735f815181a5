/**
 * SARIF files written by .NET tools (the SARIF SDK, CredScan, BinSkim) often start with a
 * UTF-8 byte order mark, which JSON.parse rejects. The shell reads the file and calls this
 * before parsing; the connector itself only ever sees parsed documents.
 */
const BOM = 0xfeff;

/** `text` without one leading U+FEFF, if it has one; otherwise `text` unchanged. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}
