import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../../engine/policy/compile-policy.ts';
import { MESSAGES_PER_RULE, RuleFailures } from '../../../engine/prioritise/rule-failures.ts';

const rule = (id: string, at?: { line: number; column: number }): CompiledRule =>
  ({ id, policy: 'p', file: 'policies/10-p.yaml', ...at, order: 0, when: true, test: () => true, variables: [], priority: 'P2', labels: [] }) as CompiledRule;

const policy = { rules: [rule('first', { line: 7, column: 9 }), rule('second', { line: 15, column: 9 })] };

describe('rule failures seen while deciding', () => {
  it('are one warning per rule and message, at the rule, with how many exposures and the first of them', () => {
    const failures = new RuleFailures();
    for (let i = 0; i < 1000; i++) failures.add([{ rule: 'second', message: 'b.indexOf is not a function' }], `fp${String(i).padStart(4, '0')}`);
    failures.add([{ rule: 'first', message: "Cannot read properties of null (reading 'length')" }], 'fp-one');
    expect(failures.problems(policy)).toEqual([
      {
        code: 'rule-failed',
        severity: 'warning',
        message: "rule 'second' failed on 1000 exposures (the first fp0000): b.indexOf is not a function",
        file: 'policies/10-p.yaml',
        line: 15,
        column: 9,
        hint: 'a rule that fails counts as not holding, so a later rule or the default decided; `ctem explain fp0000` shows that decision',
      },
      {
        code: 'rule-failed',
        severity: 'warning',
        message: "rule 'first' failed on exposure fp-one: Cannot read properties of null (reading 'length')",
        file: 'policies/10-p.yaml',
        line: 7,
        column: 9,
        hint: 'a rule that fails counts as not holding, so a later rule or the default decided; `ctem explain fp-one` shows that decision',
      },
    ]);
  });

  it('keep a few distinct messages per rule and count the rest, so memory stays bounded whatever the data', () => {
    const failures = new RuleFailures();
    for (let i = 0; i < 50; i++) failures.add([{ rule: 'first', message: `message ${i % 10}` }], `fp${i}`);
    const problems = failures.problems(policy);
    expect(problems).toHaveLength(MESSAGES_PER_RULE + 1);
    expect(problems.slice(0, MESSAGES_PER_RULE).map((p) => p.message)).toEqual(
      Array.from({ length: MESSAGES_PER_RULE }, (_, i) => `rule 'first' failed on 5 exposures (the first fp${i}): message ${i}`),
    );
    expect(problems.at(-1)).toMatchObject({ message: "rule 'first' also failed on 25 exposure(s) with other messages", line: 7 });
  });

  it('are nothing when no rule failed', () => {
    const failures = new RuleFailures();
    failures.add([], 'fp');
    expect(failures.problems(policy)).toEqual([]);
  });
});
