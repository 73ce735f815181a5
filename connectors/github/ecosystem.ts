/**
 * GitHub's advisory ecosystems (`pip`, `rubygems`, `rust`, `actions`...) as purl
 * types. Most are known to the shared table; these are GitHub's own words.
 */
import { normaliseEcosystem } from '../shared/ecosystem.ts';

const GITHUB_WORDS: ReadonlyMap<string, string> = new Map([
  ['rust', 'cargo'],
  ['erlang', 'hex'],
  ['actions', 'githubactions'],
]);

export function gitHubEcosystem(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  return GITHUB_WORDS.get(word.toLowerCase()) ?? normaliseEcosystem(word);
}
