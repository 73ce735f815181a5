/**
 * OSV-Scanner JSON (`osv-scanner --format json`): vulnerable packages, one finding per
 * (package, group of aliased advisories). Rules in README.md beside this file.
 */
import type { JsonFindingConnector } from '../types.ts';
import { detectOsvScanner } from './detect.ts';
import { extractOsvScanner } from './report.ts';

export const osvScannerConnector: JsonFindingConnector = {
  name: 'osv-scanner',
  kind: 'findings',
  format: 'json',
  description: 'OSV-Scanner JSON output (--format json): one finding per package and group of aliased advisories',
  detect: detectOsvScanner,
  extract: extractOsvScanner,
};
