/** The configuration changes ctem proposes in the exposure repository: valid files, minimal diffs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSchemaChecker } from '../../../engine/config/schema-check.ts';
import { parseYaml } from '../../../engine/config/yaml-document.ts';
import { addDays, proposedExpiry, renewalsDue, renewExceptionText } from '../../../engine/prs/exception-renewal.ts';
import { newUnassignedScope, proposableIds, unassignedScopeText } from '../../../engine/prs/scope-drift.ts';
import { repoRoot } from '../../support/corpus.ts';

const scopeProblems = (text: string) => {
  const parsed = parseYaml(text, 'scopes/unassigned.yaml');
  return [...parsed.problems, ...createSchemaChecker().check('scope', parsed.value, 'scopes/unassigned.yaml', parsed.locate)];
};

describe('scopes/unassigned.yaml for scope drift', () => {
  it('is a valid scope file owned by the configured team', () => {
    const text = newUnassignedScope(['hackathon-bot', 'legacy-ftp'], 'acme-robotics/security-team');
    expect(scopeProblems(text)).toEqual([]);
    expect(parseYaml(text, 'x').value).toMatchObject({ id: 'unassigned', owner: { team: 'acme-robotics/security-team' }, selector: { ids: ['hackathon-bot', 'legacy-ftp'] } });
  });

  it('adds newly unassigned assets to an existing file, keeping what people wrote', () => {
    const current = newUnassignedScope(['legacy-ftp'], 'acme/sec').replace('criticality: high', 'criticality: high   # raised by the CISO');
    const next = unassignedScopeText(current, ['legacy-ftp', 'new-thing'], 'acme/sec')!;
    expect(next).toContain('# raised by the CISO');
    expect(parseYaml(next, 'x').value).toMatchObject({ selector: { ids: ['legacy-ftp', 'new-thing'] } });
    expect(scopeProblems(next)).toEqual([]);
    expect(unassignedScopeText(next, ['legacy-ftp'], 'acme/sec')).toBe(next);
    expect(unassignedScopeText('selector: [not, a, map]', ['x'], 'acme/sec')).toBeUndefined();
  });

  it('does not propose ids that a selector would read as globs', () => {
    expect(proposableIds(['web', 'all-*', 'x?', 'b'])).toEqual({ ids: ['b', 'web'], skipped: ['all-*', 'x?'] });
  });
});

describe('exception renewal', () => {
  const exceptions = [
    { id: 'later', file: 'exceptions/a.yaml', expires: '2027-03-31', approver: 'lead', reason: 'r' },
    { id: 'soon', file: 'exceptions/a.yaml', expires: '2026-12-05', approver: 'lead', reason: 'r' },
    { id: 'gone', file: 'exceptions/a.yaml', expires: '2026-11-01', approver: 'lead', reason: 'r' },
  ];

  it('is due for exceptions expiring within the warning days, and for expired ones, soonest first', () => {
    expect(renewalsDue(exceptions, '2026-11-28', 14).map((e) => e.id)).toEqual(['gone', 'soon']);
  });

  it('proposes a date within the policy maximum that stays the same from day to day', () => {
    const soon = exceptions[1]!;
    const monday = proposedExpiry(soon, '2026-11-28', 14, 180);
    expect(proposedExpiry(soon, '2026-11-29', 14, 180)).toBe(monday);
    expect(monday <= addDays('2026-11-28', 180)).toBe(true);
    expect(monday > soon.expires).toBe(true);
    // Long expired: today plus the maximum.
    expect(proposedExpiry({ expires: '2025-01-01' }, '2026-11-28', 14, 90)).toBe('2027-02-26');
  });

  it('changes only the date in the file', () => {
    const text = readFileSync(join(repoRoot, 'exceptions', '2026-q4.yaml'), 'utf8');
    const was = /id: exc-2026-021[\s\S]*?expires: (\S+)/.exec(text)![1]!;
    const next = renewExceptionText(text, 'exc-2026-021', '2099-06-30')!;
    expect(next).not.toBe(text);
    expect(next.replace('expires: 2099-06-30', `expires: ${was}`)).toBe(text);
    expect(renewExceptionText(text, 'no-such-id', '2027-06-30')).toBeUndefined();
    expect(renewExceptionText('exceptions:\n  - id: q\n    expires: "2026-01-01"  # quoted\n', 'q', '2026-06-01')).toBe('exceptions:\n  - id: q\n    expires: "2026-06-01"  # quoted\n');
  });
});
