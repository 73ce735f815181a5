/**
 * The one list of connectors. Adding a scanner means adding a folder and one line
 * here; test/connectors/registry.test.ts checks every folder is registered and
 * satisfies the contract.
 */
import { csvConnector } from './csv/index.ts';
import { cyclonedxVexConnector } from './cyclonedx-vex/index.ts';
import type { EvidenceConnector } from './evidence-types.ts';
import { githubCodeScanningConnector } from './github-code-scanning/index.ts';
import { githubDependabotConnector } from './github-dependabot/index.ts';
import { githubSecretScanningConnector } from './github-secret-scanning/index.ts';
import { grypeConnector } from './grype/index.ts';
import { githubReposConnector } from './github-repos/index.ts';
import { inventoryCsvConnector } from './inventory-csv/index.ts';
import { inventoryYamlConnector } from './inventory-yaml/index.ts';
import { ndjsonConnector } from './ndjson/index.ts';
import { nucleiConnector } from './nuclei/index.ts';
import { openvexConnector } from './openvex/index.ts';
import { osvScannerConnector } from './osv-scanner/index.ts';
import { sarifConnector } from './sarif/index.ts';
import { sbomCyclonedxConnector } from './sbom-cyclonedx/index.ts';
import { sbomSpdxConnector } from './sbom-spdx/index.ts';
import { trivyConnector } from './trivy/index.ts';
import type { FindingConnector, InventoryConnector, JsonFindingConnector, LineFindingConnector } from './types.ts';

export const findingConnectors: ReadonlyMap<string, FindingConnector> = new Map(
  [
    sarifConnector, trivyConnector, grypeConnector, osvScannerConnector,
    ndjsonConnector, csvConnector,
    githubDependabotConnector, githubCodeScanningConnector, githubSecretScanningConnector,
  ].map((c): [string, FindingConnector] => [c.name, c]),
);

export const inventoryConnectors: ReadonlyMap<string, InventoryConnector> = new Map(
  [inventoryYamlConnector, inventoryCsvConnector, githubReposConnector, sbomCyclonedxConnector, sbomSpdxConnector].map(
    (c): [string, InventoryConnector] => [c.name, c],
  ),
);

/** The JSON-document connector whose `detect` accepts the parsed document, for `--connector auto`. */
export function detectConnector(doc: unknown): JsonFindingConnector | undefined {
  for (const c of findingConnectors.values()) if (c.format === 'json' && c.detect(doc)) return c;
  return undefined;
}

/** The line-based connector (NDJSON, CSV) whose `detect` accepts the start of a file, for `--connector auto`. */
export function detectLineConnector(head: string, fileName: string): LineFindingConnector | undefined {
  for (const c of findingConnectors.values()) if (c.format === 'lines' && c.detect(head, fileName)) return c;
  return undefined;
}

/** Evidence connectors (`evidence:` in ctem.yaml): VEX documents and exploit confirmations (connectors/evidence-types.ts). */
export const evidenceConnectors: ReadonlyMap<string, EvidenceConnector> = new Map(
  [openvexConnector, cyclonedxVexConnector, nucleiConnector].map((c): [string, EvidenceConnector] => [c.name, c]),
);
