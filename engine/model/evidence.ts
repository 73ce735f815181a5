/**
 * Validation evidence: what suppliers, testers and tools say about exposures beyond
 * what scanners found. VEX statements (OpenVEX, CycloneDX VEX) say whether a product
 * is affected by a vulnerability; exploit confirmations (Nuclei) and manual
 * validation records (`validations/*.yaml`) say whether it was shown to be
 * exploitable here. Documented in docs/validation.md. All strings are untrusted.
 */

/** The four OpenVEX statuses; CycloneDX analysis states map onto them. */
export const VEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

/** A product a statement is about, with every identifier it is known by in the document. */
export interface VexProduct {
  /** As written: an OpenVEX `@id`, a CycloneDX `bom-ref`. */
  ref: string;
  /** Identifiers to match, most specific first: purls, image references, names. */
  identifiers: string[];
  /**
   * The product version the statement is limited to (CycloneDX `affects[].versions[]`).
   * A purl identifier carries it already; an asset matches only when its
   * `attributes.version` is this version.
   */
  version?: string;
}

export interface VexStatement {
  format: 'openvex' | 'cyclonedx-vex';
  /** The document as configured, and a JSON pointer to the statement in it. */
  file: string;
  pointer: string;
  documentId?: string;
  author?: string;
  /** The vulnerability named, upper-cased, and every alias of it the document gives. */
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  /** Components of the products the statement is limited to (purls or names). */
  subcomponents: string[];
  status: VexStatus;
  /** The status as the document wrote it (a CycloneDX state such as `resolved`). */
  statedStatus: string;
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  statusNotes?: string;
  /** ISO timestamp of the statement (or of its document). */
  timestamp?: string;
  /** Set by configuration (`evidence[].asset`): every product of the document is this asset. */
  asset?: string;
}

/** A tool showed an exposure exploitable (a Nuclei match). */
export interface ExploitConfirmation {
  tool: string;
  file: string;
  pointer: string;
  /** What the tool ran, e.g. a Nuclei template id. */
  check: string;
  name?: string;
  severity?: string;
  /** Vulnerability ids the check proves, upper-cased. */
  vulnerabilities: string[];
  /** Where it matched: host names, URLs, IPs, in the order the tool gives them. */
  targets: string[];
  timestamp?: string;
  /** Set by configuration (`evidence[].asset`). */
  asset?: string;
}

export const VALIDATION_RESULTS = ['confirmed', 'not-exploitable', 'inconclusive'] as const;
export type ValidationResult = (typeof VALIDATION_RESULTS)[number];

/** One piece of evidence as recorded in a decision. */
export interface EvidenceRecord {
  source: 'tool' | 'manual';
  result: ValidationResult;
  /** The tool (`nuclei`) or the person (GitHub login) who validated. */
  by: string;
  /** When: an ISO timestamp or date. */
  at?: string;
  /** The record: `validations/pentest.yaml#pentest-2026-03`, or the report file and pointer. */
  record: string;
  /** Link to the evidence (report, ticket), or the check that ran. */
  evidence?: string;
}
