/**
 * Package ecosystems as purl types.
 *
 * Each tool names ecosystems its own way: Trivy by analyser (`gomod`, `jar`,
 * `ubuntu`), Grype by Syft package type (`go-module`, `java-archive`), OSV by
 * ecosystem name (`Go`, `crates.io`, `Debian:10`). `PackageRef.ecosystem` carries the
 * purl type (`golang`, `maven`, `deb`...) so the engine can compare packages across tools.
 */

// A Map, not an object literal: the key is scanner data.
const TO_PURL_TYPE: ReadonlyMap<string, string> = new Map([
  // OS package managers, by distribution
  ...['alpine', 'wolfi', 'chainguard', 'minimos', 'apk'].map((k) => [k, 'apk'] as const),
  ...['debian', 'ubuntu', 'deb', 'dpkg'].map((k) => [k, 'deb'] as const),
  ...[
    'redhat', 'red hat', 'centos', 'rocky', 'rocky linux', 'alma', 'almalinux', 'amazon', 'oracle', 'fedora',
    'photon', 'photon os', 'suse', 'opensuse', 'opensuse.leap', 'opensuse.tumbleweed', 'sles', 'suse linux enterprise server',
    'cbl-mariner', 'mariner', 'azurelinux', 'openeuler', 'mageia', 'rpm',
  ].map((k) => [k, 'rpm'] as const),
  // language ecosystems
  ...['npm', 'yarn', 'pnpm', 'bun', 'node-pkg', 'javascript'].map((k) => [k, 'npm'] as const),
  ...['go', 'gomod', 'gobinary', 'go-module', 'golang'].map((k) => [k, 'golang'] as const),
  ...['maven', 'jar', 'pom', 'gradle', 'sbt', 'java-archive', 'jenkins-plugin'].map((k) => [k, 'maven'] as const),
  ...['pypi', 'pip', 'pipenv', 'poetry', 'uv', 'python-pkg', 'python'].map((k) => [k, 'pypi'] as const),
  ...['cargo', 'crates.io', 'rust-binary', 'rust-crate'].map((k) => [k, 'cargo'] as const),
  ...['composer', 'composer-vendor', 'packagist', 'php-composer'].map((k) => [k, 'composer'] as const),
  ...['gem', 'gemspec', 'bundler', 'rubygems'].map((k) => [k, 'gem'] as const),
  ...['nuget', 'dotnet', 'dotnet-core', 'dotnet-deps', 'packages-props'].map((k) => [k, 'nuget'] as const),
  ...['pub', 'dart-pub'].map((k) => [k, 'pub'] as const),
  ...['hex', 'mix'].map((k) => [k, 'hex'] as const),
  ...['swift', 'swifturl'].map((k) => [k, 'swift'] as const),
  ...['conda', 'conda-pkg', 'conda-environment'].map((k) => [k, 'conda'] as const),
  ...['cran', 'r-package'].map((k) => [k, 'cran'] as const),
  ...['hackage', 'cocoapods', 'conan', 'bitnami', 'julia'].map((k) => [k, k] as const),
]);

/** Everything before the first `:` of an OSV ecosystem (`Debian:10` → `Debian`). */
export const baseEcosystem = (ecosystem: string): string => ecosystem.split(':', 1)[0]!.trim();

/**
 * The purl type for an ecosystem word from any tool. Unknown words are returned
 * lower-cased rather than dropped: they still group packages of one tool together.
 */
export function normaliseEcosystem(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  const key = baseEcosystem(word).toLowerCase();
  if (key === '') return undefined;
  return TO_PURL_TYPE.get(key) ?? key;
}

/** The type of a purl (`pkg:npm/jquery@3.3.9` → `npm`), lower-cased, if it is a purl. */
export function purlType(purl: string | undefined): string | undefined {
  if (purl === undefined) return undefined;
  const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\//.exec(purl);
  return m ? m[1]!.toLowerCase() : undefined;
}
