/** GitHub's own alert examples (test/fixtures/github, see SOURCES.md there). */
import { readFileSync } from 'node:fs';
import { fixture } from '../../support/corpus.ts';

export type Alert = Record<string, unknown>;

export const example = (name: string): Alert => JSON.parse(readFileSync(fixture('github', `gh-api-example-${name}.json`), 'utf8')) as Alert;
export const examples = (name: string): Alert[] => JSON.parse(readFileSync(fixture('github', `gh-api-example-${name}.json`), 'utf8')) as Alert[];
