import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../../engine/app/prepare.ts';
import { formatProblem, sortProblems } from '../../../engine/errors.ts';
import { fixture, repoRoot } from '../../support/corpus.ts';

const NOW = '2026-11-28T10:00:00.000Z';
const messages = async (dir: string) =>
  sortProblems((await checkConfiguration(dir, NOW)).problems).map(formatProblem);

describe('loading configuration', () => {
  it("accepts this repository's own example configuration", async () => {
    const { config, problems, assets } = await checkConfiguration(repoRoot, NOW);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(config?.scopes.length).toBeGreaterThanOrEqual(3);
    expect(assets.length).toBeGreaterThanOrEqual(20);
  });

  it('reports a YAML syntax error, an unknown key, a wrong type and an unknown scope in one run, each located', async () => {
    const out = await messages(fixture('config', 'broken'));
    expect(out).toEqual([
      "exceptions/accepted.yaml:5:14: unknown scope 'paymnets'",
      "policies/main.yaml:8:18: '[' is never closed (a flow sequence must end with ']')",
      "scopes/data.yaml:7:14: 'crown_jewel' must be boolean",
      "scopes/web.yaml:9:1: unknown key 'owner_team' in the document (did you mean 'owner'?)",
    ]);
  });

  it('never prints a stack trace for a user error', async () => {
    const out = (await messages(fixture('config', 'broken'))).join('\n');
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).not.toMatch(/Error:/);
  });

  it('says what is missing when there is no ctem.yaml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-empty-'));
    const { config, problems } = await checkConfiguration(dir, NOW);
    expect(config).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ code: 'no-config', message: `ctem.yaml not found in ${dir}` })]);
  });

  describe('cross-references', () => {
    const variant = async (edit: (dir: string) => Promise<void>) => {
      const dir = await mkdtemp(join(tmpdir(), 'ctem-cfg-'));
      for (const d of ['ctem.yaml', 'scopes', 'policies', 'exceptions', 'templates', 'examples']) {
        await cp(join(repoRoot, d), join(dir, d), { recursive: true });
      }
      await edit(dir);
      return messages(dir);
    };

    it('rejects a duplicate rule id, naming the first definition', async () => {
      const out = await variant((dir) =>
        writeFile(join(dir, 'policies', '99-dup.yaml'), 'id: dup\nrules:\n  - id: kev-anywhere\n    when: true\n    set: { priority: P4 }\n'),
      );
      expect(out).toContain("policies/99-dup.yaml:3:9: duplicate rule id 'kev-anywhere' (first defined in policies/10-exploitation.yaml)");
    });

    it('rejects an unknown JSON Logic operator at its position in the rule', async () => {
      const out = await variant((dir) =>
        writeFile(join(dir, 'policies', '99-op.yaml'), 'id: op\nrules:\n  - id: bad-op\n    when:\n      and:\n        - sudo: [1]\n    set: { priority: P4 }\n'),
      );
      expect(out.some((l) => l.startsWith('policies/99-op.yaml:6:11: ') && l.includes("'sudo'"))).toBe(true);
    });

    it('reports a misspelt required key once, as the unknown key with its correction', async () => {
      const out = await variant((dir) =>
        writeFile(join(dir, 'policies', '99-typo.yaml'), 'id: typo\nrules:\n  - id: misspelt\n    wehn: true\n    set: { priorty: P4 }\n'),
      );
      expect(out.filter((l) => l.startsWith('policies/99-typo.yaml:'))).toEqual([
        "policies/99-typo.yaml:4:5: unknown key 'wehn' in 'rules.0' (did you mean 'when'?)",
        "policies/99-typo.yaml:5:12: unknown key 'priorty' in 'rules.0.set' (did you mean 'priority'?)",
      ]);
    });

    it('still reports a missing required key when no unknown key stands in for it', async () => {
      const out = await variant((dir) => writeFile(join(dir, 'policies', '99-nowhen.yaml'), 'id: nowhen\nrules:\n  - id: no-when\n    set: { priority: P4 }\n'));
      expect(out.filter((l) => l.startsWith('policies/99-nowhen.yaml:'))).toEqual(["policies/99-nowhen.yaml:3:5: missing required key 'when' in 'rules.0'"]);
    });

    it('rejects a variable outside the input document', async () => {
      const out = await variant((dir) =>
        writeFile(join(dir, 'policies', '99-var.yaml'), 'id: var\nrules:\n  - id: bad-var\n    when: { var: process.env.TOKEN }\n    set: { priority: P4 }\n'),
      );
      expect(out.some((l) => l.startsWith('policies/99-var.yaml:4:') && l.includes('process'))).toBe(true);
    });

    it('rejects an unknown template and an unknown route', async () => {
      const out = await variant((dir) =>
        writeFile(
          join(dir, 'policies', '99-route.yaml'),
          'id: r\nrules:\n  - id: to-nowhere\n    when: true\n    set: { priority: P4, route: nowhere }\nroutes:\n  - { id: r2, target: central, group_by: asset, template: isue }\n',
        ),
      );
      expect(out).toContain("policies/99-route.yaml:5:33: rule 'to-nowhere' names unknown route 'nowhere'");
      expect(out).toContain("policies/99-route.yaml:7:59: unknown template 'isue' (did you mean 'issue'?)");
    });

    it('rejects a selector glob the matcher refuses, at the pattern', async () => {
      const out = await variant((dir) =>
        writeFile(
          join(dir, 'exceptions', 'glob.yaml'),
          'exceptions:\n  - id: extglob\n    type: risk-accepted\n    selector:\n      assets: [edge-gateway, "@(a|b)-*"]\n    reason: A pattern from another glob dialect.\n    approver: someone\n    expires: 2026-12-20\n',
        ),
      );
      expect(out.find((l) => l.startsWith('exceptions/glob.yaml:'))).toMatch(
        /^exceptions\/glob\.yaml:5:30: glob pattern '@\(a\|b\)-\*' is refused: extglob syntax/,
      );
    });

    it('rejects a template that names a helper rendering does not have, or a partial, at its position', async () => {
      const out = await variant(async (dir) => {
        await writeFile(join(dir, 'templates', 'pr-playbook.hbs'), 'Bump {{playbook.name}}\n\n{{#if x}}  {{shout playbook.name}}{{/if}}\n');
        await writeFile(join(dir, 'templates', 'pr-scope-drift.hbs'), 'Claim these assets:\n  {{> asset-list}}\n');
      });
      expect(out).toContain('templates/pr-playbook.hbs:3:12: template error: You specified knownHelpersOnly, but used the unknown helper shout');
      expect(out).toContain('templates/pr-scope-drift.hbs:2:3: templates cannot use partials ({{> name}})');
    });

    it('requires an expiry on every exception', async () => {
      const out = await variant((dir) =>
        writeFile(
          join(dir, 'exceptions', 'no-expiry.yaml'),
          'exceptions:\n  - id: forever\n    type: risk-accepted\n    selector: { vulnerability: CVE-2019-1549 }\n    reason: We would like this to last forever.\n    approver: someone\n',
        ),
      );
      expect(out).toContain("exceptions/no-expiry.yaml:2:5: missing required key 'expires' in 'exceptions.0'");
    });

    it('rejects an exception longer than the policy maximum and warns before expiry', async () => {
      const out = await variant((dir) =>
        writeFile(
          join(dir, 'exceptions', 'long.yaml'),
          'exceptions:\n  - id: too-long\n    type: risk-accepted\n    selector: { vulnerability: CVE-1 }\n    reason: Needs a very long time to fix.\n    approver: someone\n    expires: 2029-01-01\n' +
            '  - id: soon\n    type: risk-accepted\n    selector: { vulnerability: CVE-2 }\n    reason: Fix is being rolled out now.\n    approver: someone\n    expires: 2026-12-05\n',
        ),
      );
      expect(out).toContain("exceptions/long.yaml:7:14: exception 'too-long' runs 765 days; policy allows at most 180");
      expect(out).toContain("exceptions/long.yaml:13:14: warning: exception 'soon' expires in 7 day(s), on 2026-12-05");
    });
  });
});
