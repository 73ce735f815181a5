/**
 * The finding kind, from the strongest evidence down:
 *   1. what the tool is known to report (tools.ts): Trivy's rule class, a dependency,
 *      IaC or secret scanner;
 *   2. secret markers any tool may use: a `secret`/`secrets` tag, or a `SecretHash`
 *      fingerprint (Microsoft's CredScan family, e.g. the sarif-sdk BOM sample);
 *   3. an advisory id (CVE, GHSA, OSV-style, Snyk) or a package: a known vulnerability;
 *   4. a result whose primary location is a lockfile is about a dependency (Semgrep
 *      Supply Chain reports against `yarn.lock` with rule ids that carry no advisory);
 *   5. otherwise, a finding in code.
 */
import type { FindingKind } from '../../engine/model/finding.ts';
import { objectField, sortedKeys, type JsonObject } from './json.ts';

const LOCKFILES: ReadonlySet<string> = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock',
  'Cargo.lock', 'go.sum', 'Gemfile.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock',
  'composer.lock', 'packages.lock.json', 'gradle.lockfile', 'mix.lock', 'pubspec.lock', 'Podfile.lock',
  'Package.resolved', 'conan.lock',
]);

export interface KindEvidence {
  toolKind: FindingKind | undefined;
  tags: readonly string[];
  result: JsonObject;
  hasAdvisory: boolean;
  hasPackage: boolean;
  path: string | undefined;
}

export function kindOf(e: KindEvidence): FindingKind {
  if (e.toolKind !== undefined) return e.toolKind;
  if (e.tags.some((t) => /^secrets?$/i.test(t)) || hasSecretFingerprint(e.result)) return 'secret';
  if (e.hasAdvisory || e.hasPackage) return 'vulnerability';
  if (e.path !== undefined && LOCKFILES.has(basename(e.path))) return 'vulnerability';
  return 'code';
}

function hasSecretFingerprint(result: JsonObject): boolean {
  for (const key of ['fingerprints', 'partialFingerprints']) {
    const bag = objectField(result, key);
    if (bag !== undefined && sortedKeys(bag).some((k) => /^secrethash\b/i.test(k))) return true;
  }
  return false;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
