/**
 * Scanners and inventories name the same thing in many ways: an image with a tag or a
 * digest, a repository as `owner/name`, an HTTPS URL or a `git@` address, a host by
 * name in any case or by IP. This module turns each name into **correlation keys**
 * (`kind:value`), so that two names for one thing give the same key. Pure.
 *
 * The rules are documented in docs/inventory.md ("Correlation keys").
 */
import { isIPv6 } from 'node:net';
import type { AssetType, InventoryAsset } from '../model/asset.ts';

/** Key kinds, strongest first: a digest names one build, a bare word may name anything. */
export const KEY_KINDS = ['digest', 'cloud', 'purl', 'ip', 'repo', 'image', 'host', 'ref'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const KIND_WORDS: Record<KeyKind, string> = {
  digest: 'image digest',
  cloud: 'cloud resource id',
  purl: 'package URL',
  ip: 'IP address',
  repo: 'repository',
  image: 'image',
  host: 'host name',
  ref: 'name',
};

/** `repo:acme/api` → `repository acme/api`, for messages. */
export function describeKey(key: string): string {
  const i = key.indexOf(':');
  const kind = key.slice(0, i) as KeyKind;
  return `${KIND_WORDS[kind] ?? kind} ${key.slice(i + 1)}`;
}

/** Canonical form of an asset reference: lower case, no scheme, no `.git`, no trailing slash. */
export function normaliseRef(ref: string): string {
  let r = ref.trim().toLowerCase();
  r = r.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  r = r.replace(/^git@([^:]+):/, '$1/');
  r = r.replace(/\/+$/, '').replace(/\.git$/, '');
  return r;
}

/** The reference without an image tag or digest: `ghcr.io/acme/api:1.2@sha256:ab` → `ghcr.io/acme/api`. */
export function withoutTagOrDigest(ref: string): string {
  let r = ref.replace(/@sha256:[0-9a-f]+$/, '');
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  return r;
}

// --- the kinds, one parser each ------------------------------------------------------

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;

/** `sha256:<hex>`, lower-cased. */
export function digestOf(s: string): string | undefined {
  const d = s.trim().toLowerCase();
  return DIGEST.test(d) ? d : undefined;
}

/** Dotted-quad IPv4 or IPv6 (optionally in brackets), in canonical form. */
export function ipOf(s: string): string | undefined {
  const v = s.trim().replace(/^\[(.*)\]$/, '$1');
  // Octets with leading zeros are left out: some parsers read `010` as octal, some as decimal.
  const v4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(v);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? octets.join('.') : undefined;
  }
  if (!v.includes(':') || !isIPv6(v)) return undefined;
  try {
    // The URL parser writes IPv6 in its canonical compressed, lower-case form.
    return new URL(`http://[${v}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/**
 * AWS ARNs and GCP full resource names are kept as written (parts of them are
 * case-sensitive); Azure resource ids are case-insensitive, so lower-cased.
 */
export function cloudIdOf(s: string): string | undefined {
  const v = s.trim();
  if (/^arn:[a-z0-9-]+:[a-z0-9-]+:/i.test(v)) return v;
  if (/^\/subscriptions\/[^/]+\//i.test(v)) return v.toLowerCase().replace(/\/+$/, '');
  if (/^\/\/[a-z0-9.-]+\.googleapis\.com\//i.test(v)) return v;
  return undefined;
}

/** A package URL without version, qualifiers and subpath: the package, whatever its version. */
export function purlOf(s: string): string | undefined {
  const v = s.trim();
  if (!/^pkg:[a-z][a-z0-9.+-]*\/./i.test(v)) return undefined;
  let p = v.replace(/#.*$/, '').replace(/\?.*$/, '');
  const at = p.lastIndexOf('@');
  if (at > p.lastIndexOf('/')) p = p.slice(0, at);
  return p.toLowerCase();
}

// Code forges: their URLs name repositories, not web pages or hosts.
const FORGE_HOST = /^(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|dev\.azure\.com|ssh\.dev\.azure\.com)$|^(?:github|gitlab)\.[a-z0-9.-]+$/;

function repoPath(host: string, rawPath: string): string | undefined {
  let path = rawPath.toLowerCase().split(/[?#]/)[0]!;
  path = path.replace(/\/-\/.*$/, ''); // GitLab: /group/project/-/tree/main
  const segments = path.split('/').filter((x) => x !== '');
  if (segments.length > 0) segments[segments.length - 1] = segments[segments.length - 1]!.replace(/\.git$/, '');
  // On GitHub a repository is exactly owner/name; what follows is a page of it (/tree/main).
  const parts = /(^|\.)github\./.test(host) || host === 'github.com' ? segments.slice(0, 2) : segments;
  if (parts.length < 2 || parts.some((x) => x === '' || x === '.' || x === '..')) return undefined;
  return parts.join('/');
}

/**
 * A repository as `owner/name` (or `group/sub/project`), from an HTTPS or SSH URL, a
 * `git@host:owner/name.git` address, a `github.com/owner/name` path, or — when
 * `bareIsRepo` — a plain `owner/name`. The host is dropped: see docs/inventory.md.
 */
export function repoOf(s: string, bareIsRepo: boolean): string | undefined {
  const v = s.trim();
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]+@)?([^/:\s]+)(?::\d+)?(\/[^\s]*)?$/i.exec(v);
  if (url) {
    const scheme = url[1]!.toLowerCase();
    const host = url[2]!.toLowerCase();
    const path = url[3] ?? '';
    const isRepo = scheme === 'git' || scheme.includes('ssh') || FORGE_HOST.test(host) || /\.git\/?$/i.test(path);
    return isRepo ? repoPath(host, path) : undefined;
  }
  const scp = /^[^@\s/:]+@([^:/\s]+):(?!\d+(?:\/|$))([^\s]+)$/.exec(v);
  if (scp) return repoPath(scp[1]!.toLowerCase(), scp[2]!);
  const first = v.split('/')[0]!.toLowerCase();
  if (FORGE_HOST.test(first) && v.includes('/')) return repoPath(first, v.slice(first.length));
  // GitHub owners have no dots, which tells `acme/api` from `ghcr.io/acme`.
  if (bareIsRepo && /^[a-z0-9][a-z0-9_-]*\/[a-z0-9_.-]+$/i.test(v)) return repoPath('', v);
  return undefined;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * An image reference (`[registry/]path[:tag][@digest]`) as its repository with the
 * registry made explicit (`nginx` → `docker.io/library/nginx`), plus its digest.
 * The tag is dropped: an image asset is the image repository, every tag of it.
 */
export function imageOf(s: string): { name: string; digest?: string } | undefined {
  let v = s.trim().toLowerCase();
  if (v === '' || v.includes('://') || /\s/.test(v)) return undefined;
  let digest: string | undefined;
  const at = v.lastIndexOf('@');
  if (at >= 0) {
    digest = digestOf(v.slice(at + 1));
    if (digest === undefined) return undefined;
    v = v.slice(0, at);
  }
  const slash = v.lastIndexOf('/');
  const colon = v.lastIndexOf(':');
  if (colon > slash) {
    if (!/^[\w][\w.-]{0,127}$/.test(v.slice(colon + 1))) return undefined;
    v = v.slice(0, colon);
  }
  const parts = v.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) registry = parts.shift()!;
  if (DOCKER_HUB.has(registry)) {
    registry = 'docker.io';
    if (parts.length === 1) parts.unshift('library');
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return { name: `${registry}/${parts.join('/')}`, ...(digest ? { digest } : {}) };
}

/** An image written with its registry or a digest: unmistakably an image whatever the asset type. */
function qualifiedImageOf(s: string): ReturnType<typeof imageOf> {
  const v = s.trim();
  const first = v.split('/')[0]!;
  const qualified = (v.includes('/') && (/[.:]/.test(first) || first === 'localhost')) || v.includes('@');
  return qualified ? imageOf(v) : undefined;
}

const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

/** A DNS host name, lower-cased, without the trailing dot. */
export function hostnameOf(s: string): string | undefined {
  const v = s.trim().toLowerCase();
  return HOSTNAME.test(v) ? v.replace(/\.$/, '') : undefined;
}

/** `host:port` → host; `[v6]:port` → v6. */
function withoutPort(s: string): string {
  const v = s.trim();
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(v);
  if (v6) return v6[1]!;
  const m = /^([^:]+):\d{1,5}$/.exec(v);
  return m ? m[1]! : v;
}

// --- keys --------------------------------------------------------------------------

const key = (kind: KeyKind, value: string): string => `${kind}:${value}`;

/** The key of an asset's own id: a stated id is a name other inventories may use for it. */
export const idKey = (id: string): string => key('ref', id.trim().toLowerCase());

/**
 * The correlation keys of one name an inventory gives an asset (an alias, or the
 * `repository` of a repository asset). The asset's type settles what a bare name
 * means: `acme/api` is a repository, except on an image, where it is
 * `docker.io/acme/api`; `web-01` is a host name on a host, an image on an image,
 * and otherwise just a name.
 */
export function assetKeys(value: string, type: AssetType): string[] {
  const v = value.trim();
  if (v === '') return [];
  const strong = strongKeys(v);
  if (strong) return strong;
  const repo = repoOf(v, type !== 'image');
  if (repo) return [key('repo', repo)];
  const image = type === 'image' ? imageOf(v) : qualifiedImageOf(v);
  if (image) return imageKeys(image);
  // A bare site URL names its host; a URL with a path names a page, and many pages share a host.
  const url = /^https?:\/\/([^/:\s]+)(?::\d+)?\/?$/i.exec(v);
  if (url) {
    const host = ipOf(url[1]!) ?? hostnameOf(url[1]!);
    if (host) return [key(ipOf(host) ? 'ip' : 'host', host)];
  }
  const host = hostnameOf(v);
  if (host && (type === 'host' || host.includes('.'))) return [key('host', host)];
  return [key('ref', normaliseRef(v))];
}

/**
 * Every key a scanner's reference could stand for, strongest first. The scanner
 * does not say what kind of thing it names, so every reading is tried; the asset
 * index takes the first key an asset holds.
 */
export function referenceKeys(ref: string): string[] {
  const v = ref.trim();
  if (v === '') return [];
  const out: string[] = [];
  const add = (k: string | undefined) => {
    if (k !== undefined && !out.includes(k)) out.push(k);
  };
  for (const k of strongKeys(v) ?? []) add(k);
  // The host a URL or `host:port` names, tried as an IP and as a host name.
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]+@)?(\[[^\]]+\]|[^/:\s]+)/i.exec(v);
  const hostPart = url ? url[1]! : withoutPort(v);
  const ip = ipOf(hostPart);
  if (ip) add(key('ip', ip));
  const image = imageOf(v);
  if (image?.digest) add(key('digest', image.digest));
  const repo = repoOf(v, true);
  if (repo) add(key('repo', repo));
  if (image) add(key('image', image.name));
  const host = ip ? undefined : hostnameOf(hostPart);
  if (host) add(key('host', host));
  add(key('ref', normaliseRef(v)));
  return out;
}

function imageKeys(image: { name: string; digest?: string }): string[] {
  return image.digest ? [key('image', image.name), key('digest', image.digest)] : [key('image', image.name)];
}

/** Names that mean one thing whatever the asset type: a digest, an IP, a cloud id, a purl. */
function strongKeys(v: string): string[] | undefined {
  const digest = digestOf(v);
  if (digest) return [key('digest', digest)];
  const ip = ipOf(v);
  if (ip) return [key('ip', ip)];
  const cloud = cloudIdOf(v);
  if (cloud) return [key('cloud', cloud)];
  const purl = purlOf(v);
  if (purl) return [key('purl', purl)];
  return undefined;
}

/**
 * Every correlation key of an asset: its id (when a person stated it), the
 * `repository` of a repository asset, and each alias. The `repository` of any other
 * asset says where its code lives, not what it is: a service and the repository it
 * is built from stay two assets.
 */
export function keysOfAsset(a: InventoryAsset): string[] {
  const keys = new Set<string>();
  if (a.derivedId !== true) keys.add(idKey(a.id));
  if (a.type === 'repository' && a.repository !== undefined) for (const k of assetKeys(a.repository, 'repository')) keys.add(k);
  for (const alias of a.aliases) for (const k of assetKeys(alias, a.type)) keys.add(k);
  return [...keys];
}
