/**
 * The engine decides with the policy's compiled rule set: evaluateRules gives
 * the rule (and the errors, by rule id) of evaluating each rule in order, in
 * both evaluation modes of ctem.yaml.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicies, type PolicySet } from '../../../../engine/policy/compile-policy.ts';
import { evaluateRules } from '../../../../engine/prioritise/evaluate.ts';
import { CTEM_YAML, loadMemoryConfig } from '../../prioritise/helpers.ts';

const POLICY = `id: p
rules:
  - id: leaked-secret
    when: { "==": [{ var: finding.kind }, secret] }
    set: { priority: P1 }
  - id: tag-search
    when: { in: [pci, { var: asset.attributes.zone }] }
    set: { priority: P2 }
  - id: kev-critical
    when: { and: [{ var: kev.listed }, { "==": [{ var: scope.criticality }, critical] }] }
    set: { priority: P1 }
  - id: kev-anywhere
    when: { var: kev.listed }
    set: { priority: P3 }
  - id: severe
    when: { in: [{ var: finding.severity }, [critical, high]] }
    set: { priority: P3 }
`;

async function policy(mode: 'first-match' | 'highest-priority'): Promise<PolicySet> {
  const { config } = await loadMemoryConfig({
    'ctem.yaml': CTEM_YAML.replace('defaults: { priority: P4,', `defaults: { priority: P4, evaluation: ${mode},`),
    'policies/p.yaml': POLICY,
  });
  return compilePolicies(config);
}

const doc = (over: { kind?: string; severity?: string; kev?: boolean; criticality?: string | null; zone?: unknown }) => ({
  finding: { kind: over.kind ?? 'vulnerability', severity: over.severity ?? 'medium' },
  asset: { attributes: { zone: over.zone ?? 'internal' } },
  kev: { listed: over.kev ?? false },
  scope: { criticality: over.criticality ?? null },
});

/** What evaluateRules did before the rule set: every rule's own closure, in order. */
function oneByOne(p: PolicySet, input: unknown): { rule: string | undefined; errors: string[] } {
  const errors: string[] = [];
  let best: PolicySet['rules'][number] | undefined;
  for (const r of p.rules) {
    let hit: unknown;
    try {
      hit = r.test(input);
    } catch {
      errors.push(r.id);
      continue;
    }
    if (!(Array.isArray(hit) ? hit.length > 0 : hit)) continue;
    if (p.mode === 'first-match') return { rule: r.id, errors };
    if (best === undefined || r.priority < best.priority) best = r;
  }
  return { rule: best?.id, errors };
}

const DOCS = [
  doc({}),
  doc({ kind: 'secret', kev: true, criticality: 'critical' }),
  doc({ kev: true, criticality: 'critical', severity: 'high' }),
  doc({ kev: true, criticality: 'low' }),
  doc({ severity: 'critical' }),
  doc({ zone: 'pci-dss', severity: 'high' }),
  // An object with its own `indexOf` cannot be searched: tag-search throws, and is reported.
  doc({ zone: { indexOf: 1 }, kev: true, criticality: 'critical' }),
];

describe('evaluateRules with the rule set', () => {
  it('first-match: the first matching rule decides', async () => {
    const p = await policy('first-match');
    expect(p.ruleSet.mode).toBe('first-match');
    expect(DOCS.map((d) => evaluateRules(p, d).rule?.id)).toEqual([undefined, 'leaked-secret', 'kev-critical', 'kev-anywhere', 'severe', 'tag-search', 'kev-critical']);
  });

  it('highest-priority: the most urgent match decides, ties to the earlier rule', async () => {
    const p = await policy('highest-priority');
    expect(DOCS.map((d) => evaluateRules(p, d).rule?.id)).toEqual([undefined, 'leaked-secret', 'kev-critical', 'kev-anywhere', 'severe', 'tag-search', 'kev-critical']);
  });

  it('reports a rule that throws by its id, with its message, and carries on', async () => {
    const p = await policy('first-match');
    const e = evaluateRules(p, DOCS[6]);
    expect(e.errors).toEqual([{ rule: 'tag-search', message: 'b.indexOf is not a function' }]);
  });

  it('decides every document as the rules one by one do, in both modes', async () => {
    for (const mode of ['first-match', 'highest-priority'] as const) {
      const p = await policy(mode);
      for (const d of DOCS) {
        const e = evaluateRules(p, d);
        expect({ rule: e.rule?.id, errors: e.errors.map((x) => x.rule) }).toEqual(oneByOne(p, d));
      }
    }
  });
});
