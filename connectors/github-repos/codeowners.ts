/**
 * The owners of a repository as a whole: the owners of the `*` pattern in its
 * CODEOWNERS file. As on GitHub, the last matching line wins (a later `*` line
 * replaces an earlier one, and a `*` line without owners means "no owners"), a line
 * with an owner that is not `@user`, `@org/team` or an e-mail address is skipped
 * whole, and a file over 3 MB is ignored. Pure: text in, owners out.
 */

/** Where GitHub looks for CODEOWNERS, in the order it looks. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

const MAX_BYTES = 3 * 1024 * 1024;
const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const isOwner = (token: string): boolean => USER.test(token) || TEAM.test(token) || EMAIL.test(token);

export function defaultOwners(text: string): string[] {
  if (text.length > MAX_BYTES) return [];
  let owners: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    if (tokens[0] !== '*') continue;
    const rest = tokens.slice(1);
    const comment = rest.findIndex((t) => t.startsWith('#'));
    const candidates = comment >= 0 ? rest.slice(0, comment) : rest;
    if (!candidates.every(isOwner)) continue;
    owners = [...new Set(candidates)];
  }
  return owners;
}
