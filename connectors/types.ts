/**
 * The connector contract. A connector is a folder under connectors/ exporting one
 * object that satisfies one of these interfaces, listed in connectors/registry.ts.
 *
 * Parsers are pure: they receive already-read data and return data. They never
 * read files, the network or the clock; the shell (engine/discover/ingest.ts) does.
 * The one exception is a GitHub connector's `fetch`, which talks to GitHub only
 * through the client the shell hands it.
 */
import type { DiscoveredFinding } from '../engine/model/finding.ts';
import type { InventoryAsset } from '../engine/model/asset.ts';
import type { PathSegment } from '../engine/model/json-path.ts';
import type { Octokit } from '@octokit/rest';

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

/**
 * A JSON Schema (draft 2020-12 subset, as ajv reads it) for a connector's `options`
 * (`sources[].options` in ctem.yaml, `--options`/`--map`/`--repo`/`--org` on the
 * command line). Checked when the configuration is loaded, with located errors.
 */
export type OptionsSchema = Readonly<Record<string, unknown>>;

export interface LineContext extends ExtractContext {
  /** The source's `options`, already valid against the connector's `optionsSchema`. */
  options: unknown;
}

/**
 * Parses one file of a line-based format. State that spans lines (a CSV header, a
 * quoted field that continues on the next line) lives in this object; I/O does not:
 * the shell streams the file and hands over one physical line at a time.
 */
export interface LineParser {
  /**
   * One physical line, without its line break (a UTF-8 BOM already removed), with its
   * 1-based number. Returns the findings this line completes (usually 0 or 1). Throws
   * ReportError with `line` set when the record is malformed.
   */
  line(text: string, lineNo: number): DiscoveredFinding[];
  /** The end of the input (`lastLineNo` = number of lines read); may throw ReportError (an unterminated record). */
  end(lastLineNo: number): DiscoveredFinding[];
}

/**
 * A connector for a line-based format (NDJSON, CSV). The shell reads the file with
 * `node:readline` over a read stream, so a file of any size is parsed in bounded
 * memory, one line at a time.
 */
export interface LineFindingConnector {
  readonly name: string;
  readonly kind: 'findings';
  readonly format: 'lines';
  readonly description: string;
  readonly optionsSchema: OptionsSchema;
  /**
   * Cheap check of the start of a file, for `--connector auto`: `head` is its first
   * bytes as text (BOM included). Its last line may be cut short, unless the head
   * holds the whole file, in which case it ends with a line break.
   */
  detect(head: string, fileName: string): boolean;
  open(ctx: LineContext): LineParser;
}

/** An alert as listed by GitHub, with the repository (`owner/name`) it belongs to. */
export interface FetchedAlert {
  alert: unknown;
  repository: string;
}

export interface AlertContext {
  /** `owner/name` of the repository the alert belongs to: the finding's asset hint. */
  repository: string;
}

/**
 * A connector for alerts read from GitHub's REST API (Dependabot, code scanning,
 * secret scanning). Split in two: `fetch` does the I/O through a client the shell
 * passes in (the token never reaches the connector), `map` is pure.
 */
export interface GitHubAlertConnector {
  readonly name: string;
  readonly kind: 'findings';
  readonly format: 'github';
  readonly description: string;
  readonly optionsSchema: OptionsSchema;
  /** What is listed, for messages: `Dependabot alerts`. */
  readonly listing: string;
  /** The fine-grained token permission the listing needs, for messages: `vulnerability_alerts: read`. */
  readonly permission: string;
  /** Every alert the options select, page by page. Values that must never be stored are already dropped. */
  fetch(client: Octokit, options: unknown): AsyncIterable<FetchedAlert>;
  /**
   * One alert as a finding, or undefined when the alert is not an exposure (it was
   * fixed). Throws ReportError (with the JSON path) on an alert it cannot read.
   */
  map(alert: unknown, ctx: AlertContext): DiscoveredFinding | undefined;
}

/** The options an inventory entry in ctem.yaml may give (each connector lists those it reads). */
export interface InventoryOptions {
  /** github-repos: the organisation whose repositories are listed. */
  org?: string;
  /** github-repos: list archived repositories too (default false). */
  include_archived?: boolean;
  /** github-repos: read CODEOWNERS for owners (default true). */
  codeowners?: boolean;
  /** sbom-*: the asset the SBOM describes; without it, the SBOM's subject is matched by name and purl. */
  asset?: string;
}

export interface InventoryContext extends ExtractContext {
  options: InventoryOptions;
}

interface InventoryConnectorBase {
  readonly name: string;
  readonly kind: 'inventory';
  readonly description: string;
  /** The options of ctem.yaml this connector reads; any other is a configuration error. */
  readonly options: readonly (keyof InventoryOptions)[];
  /**
   * Every asset of the inventory, in document order. Throws ReportError (JSON path,
   * or line for CSV) on a malformed document: a half-read inventory must never pass
   * for a complete one.
   */
  extract(doc: unknown, ctx: InventoryContext): InventoryAsset[];
}

/** An inventory read from a file: the shell reads and parses it (YAML, JSON) or hands over its text (CSV). */
export interface FileInventoryConnector extends InventoryConnectorBase {
  readonly format: 'yaml' | 'json' | 'csv';
  /** Where the `index`-th asset is written in the document, for located warnings. */
  locate?(doc: unknown, index: number): { line?: number; path?: readonly PathSegment[] };
}

/** An inventory read from GitHub's API: `fetch` does the I/O through the client the shell passes in, `extract` maps. */
export interface GitHubInventoryConnector extends InventoryConnectorBase {
  readonly format: 'github';
  fetch(client: Octokit, ctx: InventoryContext): Promise<unknown>;
}

/** A connector for an inventory (assets and owners). */
export type InventoryConnector = FileInventoryConnector | GitHubInventoryConnector;

export type FindingConnector = JsonFindingConnector | LineFindingConnector | GitHubAlertConnector;
export type Connector = FindingConnector | InventoryConnector;
