/**
 * The connector contract. A connector is a folder under connectors/ exporting one
 * object that satisfies one of these interfaces, listed in connectors/registry.ts.
 *
 * Parsers are pure: they receive already-read data and return data. They never
 * read files, the network or the clock; the shell (engine/discover/ingest.ts) does.
 */
import type { DiscoveredFinding } from '../engine/model/finding.ts';
import type { InventoryAsset } from '../engine/model/asset.ts';

export interface ExtractContext {
  /** The input file as the user named it; for messages and FindingSource.file. */
  file: string;
}

/** A connector for one report format that is a single JSON document (SARIF, Trivy JSON...). */
export interface JsonFindingConnector {
  readonly name: string;
  readonly kind: 'findings';
  readonly format: 'json';
  readonly description: string;
  /** Cheap check of a parsed document, for `--connector auto`. */
  detect(doc: unknown): boolean;
  /**
   * Every finding in the report, in document order. Throws ReportError (with the JSON
   * path of the offending value) when the document is not a well-formed report of this
   * format: a half-understood report must never pass for a complete one.
   */
  extract(doc: unknown, ctx: ExtractContext): Iterable<DiscoveredFinding>;
}

/** A connector for an inventory file (assets and owners). */
export interface InventoryConnector {
  readonly name: string;
  readonly kind: 'inventory';
  readonly format: 'yaml' | 'json' | 'csv';
  readonly description: string;
  extract(doc: unknown, ctx: ExtractContext): InventoryAsset[];
}

export type FindingConnector = JsonFindingConnector;
export type Connector = FindingConnector | InventoryConnector;
