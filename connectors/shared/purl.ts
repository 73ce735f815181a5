/**
 * Building package URLs (https://github.com/package-url/purl-spec) for tools that do
 * not give one (OSV-Scanner names packages by ecosystem + name). Trivy and Grype
 * state their own purls, which are carried as given.
 *
 * Only ecosystems whose name → namespace/name split is defined by the purl spec are
 * built; for anything else no purl is better than a wrong one.
 */
import { baseEcosystem, normaliseEcosystem } from './ecosystem.ts';

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
}

// Percent-encode a purl segment. encodeURIComponent leaves only A-Z a-z 0-9 - _ . ! ~ * ' ( )
// unencoded; purl also allows ':' unencoded in namespace/name/version.
const encodeSegment = (s: string): string => encodeURIComponent(s).replace(/%3A/gi, ':');

export function formatPurl(p: PurlParts): string {
  let out = `pkg:${p.type}/`;
  if (p.namespace !== undefined && p.namespace !== '') {
    out += p.namespace.split('/').filter((s) => s !== '').map(encodeSegment).join('/') + '/';
  }
  out += encodeSegment(p.name);
  if (p.version !== undefined && p.version !== '') out += '@' + encodeSegment(p.version);
  return out;
}

/** Split `a/b/c` into namespace `a/b` and name `c`. */
function splitLast(path: string, sep: string): { namespace?: string; name: string } {
  const i = path.lastIndexOf(sep);
  return i <= 0 ? { name: path } : { namespace: path.slice(0, i), name: path.slice(i + 1) };
}

// Distributions whose purl namespace is simply the lower-cased OSV ecosystem name.
const DISTRO_NAMESPACE: ReadonlySet<string> = new Set(['debian', 'ubuntu', 'alpine', 'wolfi', 'chainguard']);

/** A purl for a package named the OSV way, or undefined when the ecosystem is not one we can build. */
export function purlFromEcosystem(ecosystem: string | undefined, name: string, version: string | undefined): string | undefined {
  if (ecosystem === undefined || name === '') return undefined;
  const type = normaliseEcosystem(ecosystem);
  const base = baseEcosystem(ecosystem).toLowerCase();
  switch (type) {
    case 'npm':
      // `@scope/name`: the scope is the namespace
      return formatPurl({ type, ...(name.startsWith('@') ? splitLast(name, '/') : { name }), version });
    case 'maven':
      // `group:artifact`
      return name.includes(':') ? formatPurl({ type, ...splitLast(name, ':'), version }) : undefined;
    case 'golang':
    case 'composer':
      return formatPurl({ type, ...splitLast(name, '/'), version });
    case 'pypi':
      // PEP 503 normalisation, as the purl spec requires for pypi names
      return formatPurl({ type, name: name.toLowerCase().replace(/[-_.]+/g, '-'), version });
    case 'cargo':
    case 'gem':
    case 'nuget':
    case 'pub':
    case 'hex':
      return formatPurl({ type, name, version });
    case 'deb':
    case 'apk':
      return DISTRO_NAMESPACE.has(base) ? formatPurl({ type, namespace: base, name, version }) : undefined;
    default:
      return undefined;
  }
}
