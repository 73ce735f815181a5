/**
 * What a VEX product or subcomponent identifier names: an asset (an image purl, an
 * image reference, an inventory alias) or a package (any other purl). Pure.
 */
import type { PackageRef } from '../model/finding.ts';

export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Map<string, string>;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Parse a package URL (purl-spec), or undefined when it is not one. */
export function parsePurl(s: string): Purl | undefined {
  const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/(.+)$/.exec(s.trim());
  if (!m) return undefined;
  let rest = m[2]!.replace(/#.*$/, '');
  const qualifiers = new Map<string, string>();
  const q = rest.indexOf('?');
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) qualifiers.set(pair.slice(0, eq).toLowerCase(), decode(pair.slice(eq + 1)));
    }
    rest = rest.slice(0, q);
  }
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > rest.lastIndexOf('/')) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').filter((x) => x !== '').map(decode);
  const name = segments.pop();
  if (name === undefined || name === '') return undefined;
  return {
    type: m[1]!.toLowerCase(),
    namespace: segments.length ? segments.join('/') : undefined,
    name,
    version: version === '' ? undefined : version,
    qualifiers,
  };
}

const IMAGE_TYPES = new Set(['oci', 'docker']);

/** Image references an image purl stands for, most specific first (empty for other purls). */
export function imageRefsOfPurl(p: Purl): string[] {
  if (!IMAGE_TYPES.has(p.type)) return [];
  const out: string[] = [];
  const path = p.type === 'docker' && p.namespace ? `${p.namespace}/${p.name}` : p.name;
  const repo = p.qualifiers.get('repository_url')?.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const tag = p.qualifiers.get('tag');
  // oci: the version is a digest; docker: a tag or a digest.
  const suffix = p.version ? (p.version.includes(':') ? `@${p.version}` : `:${p.version}`) : tag ? `:${tag}` : '';
  if (repo) {
    const full = repo.endsWith(`/${p.name}`) ? repo : `${repo}/${path}`;
    out.push(full + suffix, full);
  }
  out.push(path + suffix, path);
  return [...new Set(out)];
}

/** The package name as scanners write it for this ecosystem (`group:artifact`, `@scope/name`, `module/path`). */
export function packageNameOfPurl(p: Purl): string {
  if (!p.namespace) return p.name;
  switch (p.type) {
    case 'maven':
      return `${p.namespace}:${p.name}`;
    case 'npm':
    case 'golang':
    case 'composer':
    case 'github':
    case 'swift':
      return `${p.namespace}/${p.name}`;
    default:
      // deb, apk, rpm...: the namespace is the distribution, not part of the name.
      return p.name;
  }
}

const sameName = (a: string, b: string): boolean => a.toLowerCase().replace(/\//g, ':') === b.toLowerCase().replace(/\//g, ':');

/**
 * Does a finding's package match a purl (or a bare package name)? Type and name must
 * agree; a version in the purl must equal the installed version.
 */
export function packageMatches(pkg: PackageRef | undefined, id: string): boolean {
  if (pkg === undefined) return false;
  const p = parsePurl(id);
  if (p === undefined) return sameName(pkg.name, id.trim());
  const own = pkg.purl !== undefined ? parsePurl(pkg.purl) : undefined;
  const type = own?.type ?? pkg.ecosystem;
  if (type !== undefined && type !== p.type) return false;
  const name = own ? packageNameOfPurl(own) : pkg.name;
  if (!sameName(name, packageNameOfPurl(p))) return false;
  if (p.version === undefined) return true;
  const installed = own?.version ?? pkg.installedVersion;
  return installed !== undefined && installed === p.version;
}
