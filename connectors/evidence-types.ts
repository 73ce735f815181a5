/**
 * The contract of an evidence connector: a parser for a document that says something
 * about exposures rather than reporting them — a VEX document (is a product affected?)
 * or an exploit-testing tool's output (was it shown exploitable?). Listed in
 * connectors/registry.ts, configured under `evidence:` in ctem.yaml, read by
 * engine/app/evidence.ts. Pure, like every connector: the shell reads the file.
 */
import type { ExploitConfirmation, VexStatement } from '../engine/model/evidence.ts';
import type { ExtractContext } from './types.ts';

/** What one evidence document says. */
export interface EvidenceBatch {
  vex: VexStatement[];
  confirmations: ExploitConfirmation[];
}

export interface EvidenceConnector {
  readonly name: string;
  readonly kind: 'evidence';
  /**
   * `json`: the shell parses the file (with located syntax errors) and hands over the
   * value; `text`: it hands over the text, for line formats such as JSON Lines.
   */
  readonly format: 'json' | 'text';
  readonly description: string;
  /** Cheap check of a parsed document (`json`) or the text (`text`), for `connector: auto`. Never throws. */
  detect(input: unknown): boolean;
  /**
   * Everything the document says, in document order. Throws ReportError (with the
   * JSON path, or the line) when it is not a well-formed document of this format.
   */
  extract(input: unknown, ctx: ExtractContext): EvidenceBatch;
}
