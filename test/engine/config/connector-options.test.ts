/**
 * ctem.yaml `sources`: each source's `path` and `options` are checked against what
 * its connector reads and its connector's own options schema, with located errors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../../engine/app/prepare.ts';
import { optionProblems } from '../../../engine/config/connector-options.ts';
import { formatProblem, sortProblems } from '../../../engine/errors.ts';
import { csvConnector } from '../../../connectors/csv/index.ts';
import { githubDependabotConnector } from '../../../connectors/github-dependabot/index.ts';
import { tempDir } from '../../support/temp-dir.ts';

const NOW = '2026-11-28T10:00:00.000Z';

const tmp = tempDir('ctem-options-');
let repos = 0;

async function check(sources: string): Promise<string[]> {
  const repo = `repo-${++repos}`;
  mkdirSync(join(tmp.dir, repo));
  tmp.write(`${repo}/ctem.yaml`, `version: 1\norganisation: Test\ninventory: []\nsources:\n${sources}`);
  const { problems } = await checkConfiguration(join(tmp.dir, repo), NOW);
  return sortProblems(problems).map(formatProblem);
}

describe('source options in ctem.yaml', () => {
  it('accepts valid options for file and GitHub connectors', async () => {
    expect(
      await check(
        [
          '  - { name: nessus, connector: csv, path: reports/nessus.csv, options: { mapping: { id: CVE, severity: Risk, asset: Host }, delimiter: ";" } }',
          '  - { name: findings, connector: ndjson, path: reports/*.ndjson }',
          '  - { name: deps, connector: github-dependabot, options: { org: acme, state: [open, dismissed] } }',
          '  - { name: code, connector: github-code-scanning, options: { repo: acme/api } }',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('locates each wrong option, with a suggestion where one fits', async () => {
    expect(
      await check(
        [
          '  - name: nessus',
          '    connector: csv',
          '    path: reports/nessus.csv',
          '    options:',
          '      mapping: { id: CVE, severty: Risk }',
          '      delimter: ";"',
          '  - name: deps',
          '    connector: github-dependabot',
          '    options: { repo: acme, state: closed }',
          '  - { name: both, connector: github-secret-scanning, options: { repo: acme/api, org: acme } }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      "ctem.yaml:9:27: source 'nessus': unknown key in option 'mapping': 'severty' for connector 'csv' (did you mean 'severity'?)",
      "ctem.yaml:10:7: source 'nessus': unknown option 'delimter' for connector 'csv' (did you mean 'delimiter'?)",
      "ctem.yaml:13:22: source 'deps': option 'repo' has an invalid format",
      "ctem.yaml:13:35: source 'deps': option 'state' must be one of: auto_dismissed, dismissed, fixed, open, all (or a list of them)",
      "ctem.yaml:14:63: source 'both': options for connector 'github-secret-scanning' must give exactly one of: repo, org",
    ]);
  });

  it('wants a path for a file connector and none for a GitHub one; options need a named connector', async () => {
    expect(
      await check(
        [
          '  - { name: a, connector: trivy }',
          '  - { name: b, connector: github-dependabot, path: x.json, options: { repo: acme/api } }',
          '  - { name: c, connector: github-code-scanning }',
          '  - { name: d, connector: auto, path: x.csv, options: { kind: code } }',
          '  - { name: e, connector: sarif, path: x.sarif, options: { mapping: { id: x } } }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      "ctem.yaml:5:5: source 'a': connector 'trivy' reads a file: add `path`",
      "ctem.yaml:6:46: source 'b': connector 'github-dependabot' reads GitHub's API, not a file: remove `path`",
      "ctem.yaml:7:5: source 'c': options for connector 'github-code-scanning' must give exactly one of: repo, org",
      "ctem.yaml:8:46: source 'd': options need a named connector ('auto' cannot know which apply)",
      "ctem.yaml:9:58: source 'e': connector 'sarif' takes no options",
    ]);
  });
});

describe('optionProblems', () => {
  it('is empty for valid options and for none where none are needed', () => {
    expect(optionProblems(csvConnector, undefined)).toEqual([]);
    expect(optionProblems(csvConnector, { mapping: { id: 'CVE' }, kind: 'secret', delimiter: '\t' })).toEqual([]);
    expect(optionProblems(githubDependabotConnector, { repo: 'acme/api', per_page: 100 })).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(optionProblems(csvConnector, { mapping: {} }).map((p) => p.message)).toEqual(["missing key in option 'mapping': 'id' for connector 'csv'"]);
    expect(optionProblems(csvConnector, { kind: 'bug' }).map((p) => p.message)).toEqual([
      "option 'kind' must be one of: vulnerability, misconfiguration, secret, code, exposure, license",
    ]);
    expect(optionProblems(githubDependabotConnector, { repo: 'acme/api', per_page: 500 }).map((p) => p.message)).toEqual(["option 'per_page' must be <= 100"]);
    expect(optionProblems(githubDependabotConnector, JSON.parse('{"repo":"acme/api","__proto__":{"x":1}}')).map((p) => p.message)).toEqual([
      "unknown option '__proto__' for connector 'github-dependabot'",
    ]);
  });
});
