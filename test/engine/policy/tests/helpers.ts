/** The repository's own configuration as a policy-test environment, and test files written inline. */
import { checkConfiguration } from '../../../../engine/app/prepare.ts';
import type { Located } from '../../../../engine/config/load.ts';
import { parseYaml } from '../../../../engine/config/yaml-document.ts';
import { compilePolicies } from '../../../../engine/policy/compile-policy.ts';
import type { PolicyTestEnv } from '../../../../engine/policy/tests/prepare-cases.ts';
import { repoRoot } from '../../../support/corpus.ts';

export async function repositoryEnv(): Promise<PolicyTestEnv & { testFiles: Located<unknown>[] }> {
  const { config, assets, problems } = await checkConfiguration(repoRoot, '2026-11-28T10:00:00.000Z');
  if (!config) throw new Error(`configuration did not load: ${JSON.stringify(problems)}`);
  return { config, policy: compilePolicies(config), assets, testFiles: config.policyTests };
}

/** A policy test file as the loader would hand it over. */
export function testFile(yaml: string, file = 'policies/inline.test.yaml'): Located<unknown> {
  const parsed = parseYaml(yaml, file);
  if (parsed.problems.length > 0) throw new Error(JSON.stringify(parsed.problems));
  return { file, value: parsed.value, locate: parsed.locate };
}
