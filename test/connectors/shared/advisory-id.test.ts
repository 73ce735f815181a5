import { describe, expect, it } from 'vitest';
import {
  canonicalVulnerabilityId,
  classifyAdvisoryId,
  normaliseAliases,
} from '../../../connectors/shared/advisory-id.ts';

describe('classifyAdvisoryId', () => {
  it.each([
    ['CVE-2021-44228', 'cve'],
    ['cve-2021-44228', 'cve'],
    ['CVE-2021-1234567', 'cve'],
    ['GHSA-jfh8-c2jp-5v3q', 'ghsa'],
    ['GHSA-JFH8-C2JP-5V3Q', 'ghsa'],
    ['RUSTSEC-2022-0013', 'other'],
    ['GO-2023-1495', 'other'],
    ['GMS-2022-20', 'other'],
    ['CVE-21-1', 'other'],
    ['GHSA-aaaa-bbbb', 'other'],
    ['', 'other'],
  ] as const)('%s is %s', (id, kind) => {
    expect(classifyAdvisoryId(id)).toBe(kind);
  });
});

describe('normaliseAliases', () => {
  it('upper-cases, sorts and removes duplicates and empty ids', () => {
    expect(normaliseAliases(['RUSTSEC-2020-0071', 'ghsa-wcg3-cvx6-7396', 'CVE-2020-26235', 'GHSA-WCG3-CVX6-7396', ' '])).toEqual([
      'CVE-2020-26235',
      'GHSA-WCG3-CVX6-7396',
      'RUSTSEC-2020-0071',
    ]);
  });
});

describe('canonicalVulnerabilityId: a CVE if any id is one, else a GHSA, else the tool id', () => {
  it('picks the CVE when the tool reports a GHSA (Grype) or an ecosystem id (OSV)', () => {
    expect(canonicalVulnerabilityId('GHSA-cfh5-3ghh-wfjx', ['CVE-2014-3577'])).toBe('CVE-2014-3577');
    expect(canonicalVulnerabilityId('GO-2023-1495', ['CVE-2022-41721', 'GHSA-fxg5-wq6x-vr4w'])).toBe('CVE-2022-41721');
  });

  it('picks the GHSA when there is no CVE', () => {
    expect(canonicalVulnerabilityId('RUSTSEC-2023-0018', ['GHSA-mc8h-8q98-g5hr'])).toBe('GHSA-MC8H-8Q98-G5HR');
  });

  it('falls back to the tool id, upper-cased', () => {
    expect(canonicalVulnerabilityId('gms-2022-20', [])).toBe('GMS-2022-20');
  });

  it('keeps a CVE primary id even when other CVEs are aliased', () => {
    expect(canonicalVulnerabilityId('CVE-2022-2000', ['CVE-2021-1000'])).toBe('CVE-2022-2000');
  });

  it('chooses the oldest CVE, by number not by text, whatever the input order', () => {
    expect(canonicalVulnerabilityId('GHSA-xxxx', ['CVE-2021-10000', 'CVE-2021-9999'])).toBe('CVE-2021-9999');
    expect(canonicalVulnerabilityId('GHSA-xxxx', ['CVE-2021-9999', 'CVE-2021-10000'])).toBe('CVE-2021-9999');
    expect(canonicalVulnerabilityId('OSV-1', ['CVE-2022-1000', 'CVE-2020-5000'])).toBe('CVE-2020-5000');
  });
});
