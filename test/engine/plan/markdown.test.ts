import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, PLAN_MARKER, planMarkdown } from '../../../engine/plan/markdown.ts';
import type { ExposureChange, Impact } from '../../../engine/plan/impact.ts';
import type { PlanReport } from '../../../engine/plan/report.ts';

const view = (priority: 'P1' | 'P3') => ({ priority, status: 'open' as const, due_date: priority === 'P1' ? '2026-11-08' : '2027-01-30', sla_days: 7, rule: 'r', rule_file: 'policies/p.yaml', exception: null, route: 'owner-repo' });

function impact(n: number, finding = 'CVE-2022-22965'): Impact {
  const changes: ExposureChange[] = Array.from({ length: n }, (_, i) => ({
    fingerprint: i.toString(16).padStart(20, '0'),
    asset: `asset-${i}`,
    scope: null,
    finding,
    before: view('P3'),
    after: view('P1'),
    changed: ['priority', 'due_date'],
  }));
  const issue = (i: number) => ({ key: `k${i}`, repository: 'acme/api', title: `Upgrade package-${i} in api`, priority: 'P1', due_date: '2026-11-08', exposures: 1 });
  return {
    exposures: n,
    changes,
    raised: { P1: n, P2: 0, P3: 0, P4: 0 },
    lowered: { P1: 0, P2: 0, P3: 0, P4: 0 },
    status: {},
    due_earlier: n,
    due_later: 0,
    exception_changed: 0,
    rule_only: 0,
    route_changed: 0,
    priority_not_open: 0,
    issues: { open: Array.from({ length: Math.min(n, 100) }, (_, i) => issue(i)), update: [], close: [], unchanged: 3 },
  };
}

const report = (i: Impact): PlanReport => ({ base: { ref: 'main', commit: 'f46a7fd7ef22aaaabbbbccccddddeeeeffff0000' }, errors: [], impact: i });

describe('the plan as a pull request comment', () => {
  it('starts with the hidden marker the sticky comment is found by, then the headline', () => {
    const md = planMarkdown(report(impact(41)));
    expect(md.startsWith(`${PLAN_MARKER}\n`)).toBe(true);
    expect(md).toContain('Compared with `main` (`f46a7fd7ef22`), over 41 exposures: **raises 41 exposures to P1**, brings 41 due dates forward; opens 41 issues, updates 0, closes 0.');
    expect(md).toContain('<details><summary>Decisions that change (41)</summary>');
  });

  it("stays within GitHub's 65,536 characters however long the lists, saying how many were left out", () => {
    const md = planMarkdown(report(impact(20_000)));
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toMatch(/… and \d+ more issue changes\./);
    const more = /… and (\d+) more, left out to fit GitHub's comment size limit/.exec(md);
    expect(more).not.toBeNull();
    const shown = md.split('\n').filter((l) => l.startsWith('| `')).length;
    expect(shown + Number(more![1])).toBe(20_000);
    expect(md).toContain('</details>');
  });

  it('makes text from scanners and pull requests inert: no HTML, mentions, links or table breaks', () => {
    const md = planMarkdown(report(impact(1, '<img src=x onerror=alert(1)> @admin | http://evil.example #1')));
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/@admin/);
    expect(md).not.toContain('http://');
    const row = md.split('\n').find((l) => l.startsWith('| `'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
  });

  it('reports an invalid configuration instead of a comparison', () => {
    const md = planMarkdown({ base: { ref: 'main', commit: 'f46a7fd7ef22' }, errors: [{ code: 'schema', severity: 'error', message: "unknown key 'prority'", file: 'policies/50-baseline.yaml', line: 12, column: 7, hint: "did you mean 'priority'?" }] });
    expect(md).toContain(':x: **The configuration is invalid**: 1 error(s).');
    expect(md).toContain("policies/50-baseline.yaml:12:7: unknown key &#39;prority&#39;");
  });

  it('lists failing policy tests, saying whether they already failed on the base', () => {
    const md = planMarkdown({ ...report(impact(1)), policyTests: { cases: 3, failing: [{ file: 'policies/a.test.yaml', line: 9, name: 'KEV is P1', failures: ['priority: expected P1, got P2'], failed_at_base: false }], problems: [] } });
    expect(md).toContain(':x: 1 of 3 case(s) fail:');
    expect(md).toContain('policies/a.test.yaml:9 KEV is P1 (passes on the base): priority: expected P1, got P2');
  });

  it('lists the rules that fail under the change, at most 30, their text made inert', () => {
    const failures = Array.from({ length: 32 }, (_, i) => ({
      code: 'rule-failed',
      severity: 'warning' as const,
      message: `rule 'r${i} @admin' failed on ${i + 2} exposures (the first 0a0b): b.indexOf is not a function`,
      file: 'policies/05-new.yaml',
      line: 5 + i,
      column: 7,
    }));
    const md = planMarkdown({ ...report(impact(1)), ruleFailures: failures });
    expect(md).toContain('### Rules that fail');
    const listed = md.split('\n').filter((l) => l.startsWith('- policies/05-new.yaml:'));
    expect(listed).toHaveLength(30);
    expect(listed[0]).toMatch(/^- policies\/05-new\.yaml:5:7: warning: rule &#39;r0 \S+admin&#39; failed on 2 exposures \\\(the first 0a0b\\\): b\.indexOf is not a function$/);
    expect(md).not.toMatch(/@admin/);
    expect(md).toContain('- … and 2 more');
  });

  it('has no such section when every rule evaluated cleanly', () => {
    expect(planMarkdown({ ...report(impact(1)), ruleFailures: [] })).not.toContain('Rules that fail');
  });
});

describe('the plan as text', () => {
  it('strips terminal escape sequences that came from a scanner', async () => {
    const { planText } = await import('../../../engine/plan/text.ts');
    const lines = planText(report(impact(1, 'CVE-1\u001b]8;;http://evil.example\u0007click\u001b[2J')));
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.join('\n')).not.toContain('\u0007');
    expect(lines.some((l) => l.includes('CVE-1?]8;;http://evil.example?click?[2J'))).toBe(true);
  });
});
