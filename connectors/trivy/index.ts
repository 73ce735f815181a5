/**
 * Trivy JSON (`trivy ... --format json`, SchemaVersion 2): vulnerabilities,
 * misconfigurations, secrets and licenses. Rules in README.md beside this file.
 */
import type { JsonFindingConnector } from '../types.ts';
import { detectTrivy } from './detect.ts';
import { extractTrivy } from './report.ts';

export const trivyConnector: JsonFindingConnector = {
  name: 'trivy',
  kind: 'findings',
  format: 'json',
  description: 'Trivy JSON report (SchemaVersion 2): vulnerabilities, misconfigurations, secrets, licenses',
  detect: detectTrivy,
  extract: extractTrivy,
};
