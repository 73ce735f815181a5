/**
 * Scanners name what they scanned in many ways (an image with a tag or digest, a
 * repository URL with or without `.git`, a host name in another case). These
 * normalisations let one inventory alias match all of them.
 */

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
