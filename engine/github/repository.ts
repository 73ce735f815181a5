/** `owner/name` ↔ Octokit's `{ owner, repo }`. */

export function splitRepository(full: string): { owner: string; repo: string } {
  const i = full.indexOf('/');
  if (i <= 0 || i === full.length - 1 || full.indexOf('/', i + 1) >= 0) throw new Error(`not an owner/name repository: ${full}`);
  return { owner: full.slice(0, i), repo: full.slice(i + 1) };
}

export const sameRepository = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
