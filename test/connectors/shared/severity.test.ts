import { describe, expect, it } from 'vitest';
import { maxSeverity, severityFromScore, toSeverity } from '../../../connectors/shared/severity.ts';

describe('toSeverity: tool words onto the engine scale', () => {
  it.each([
    ['CRITICAL', 'critical'], // Trivy
    ['Critical', 'critical'], // Grype
    ['HIGH', 'high'],
    ['Important', 'high'], // Red Hat
    ['MEDIUM', 'medium'],
    ['MODERATE', 'medium'], // GHSA
    ['LOW', 'low'],
    ['Negligible', 'info'], // Grype, below Low
    ['unimportant', 'info'], // Debian urgency
    ['none', 'info'],
    ['UNKNOWN', 'unknown'],
    ['  high  ', 'high'],
  ] as const)('%j → %s', (word, severity) => {
    expect(toSeverity(word)).toBe(severity);
  });

  it('maps absent, empty and unrecognised words to unknown, never guessing', () => {
    expect(toSeverity(undefined)).toBe('unknown');
    expect(toSeverity('')).toBe('unknown');
    expect(toSeverity('not yet assigned')).toBe('unknown');
    expect(toSeverity('severe')).toBe('unknown');
  });

  it('treats prototype property names as unknown words', () => {
    expect(toSeverity('__proto__')).toBe('unknown');
    expect(toSeverity('constructor')).toBe('unknown');
    expect(toSeverity('toString')).toBe('unknown');
  });
});

describe('severityFromScore: the CVSS qualitative rating', () => {
  it.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'info'],
  ] as const)('%d → %s', (score, severity) => {
    expect(severityFromScore(score)).toBe(severity);
  });

  it('gives unknown for values that are not CVSS scores', () => {
    expect(severityFromScore(-1)).toBe('unknown');
    expect(severityFromScore(11)).toBe('unknown');
    expect(severityFromScore(Number.NaN)).toBe('unknown');
  });
});

describe('maxSeverity', () => {
  it('picks the most severe, with any stated severity above unknown', () => {
    expect(maxSeverity(['low', 'critical', 'medium'])).toBe('critical');
    expect(maxSeverity(['unknown', 'info'])).toBe('info');
    expect(maxSeverity([])).toBe('unknown');
  });
});
