/**
 * The one list of connectors. Adding a scanner means adding a folder and one line
 * here; test/connectors/registry.test.ts checks every folder is registered and
 * satisfies the contract.
 */
import { grypeConnector } from './grype/index.ts';
import { inventoryYamlConnector } from './inventory-yaml/index.ts';
import { osvScannerConnector } from './osv-scanner/index.ts';
import { sarifConnector } from './sarif/index.ts';
import { trivyConnector } from './trivy/index.ts';
import type { FindingConnector, InventoryConnector } from './types.ts';

export const findingConnectors: ReadonlyMap<string, FindingConnector> = new Map(
  [sarifConnector, trivyConnector, grypeConnector, osvScannerConnector].map((c) => [c.name, c]),
);

export const inventoryConnectors: ReadonlyMap<string, InventoryConnector> = new Map(
  [inventoryYamlConnector].map((c) => [c.name, c]),
);

/** The connector whose `detect` accepts the document, for `--connector auto`. */
export function detectConnector(doc: unknown): FindingConnector | undefined {
  for (const c of findingConnectors.values()) if (c.detect(doc)) return c;
  return undefined;
}
