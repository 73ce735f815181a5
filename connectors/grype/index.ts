/**
 * Grype JSON (`grype <target> -o json`): vulnerability matches. Rules in README.md beside this file.
 */
import type { JsonFindingConnector } from '../types.ts';
import { detectGrype } from './detect.ts';
import { extractGrype } from './report.ts';

export const grypeConnector: JsonFindingConnector = {
  name: 'grype',
  kind: 'findings',
  format: 'json',
  description: 'Grype JSON report (-o json): vulnerability matches, ignored matches as suppressed',
  detect: detectGrype,
  extract: extractGrype,
};
