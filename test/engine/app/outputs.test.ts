import { describe, expect, it } from 'vitest';
import { SCOPE_DRIFT_SHOWN, scopeDriftLine } from '../../../engine/app/outputs.ts';

describe("the console's scope-drift line", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `host-${String(i + 1).padStart(4, '0')}`);

  it('is absent when every asset is in a scope', () => {
    expect(scopeDriftLine([])).toBeUndefined();
  });

  it('names every asset when there are few', () => {
    expect(scopeDriftLine(['legacy-ftp', 'hackathon-bot'])).toBe('scope drift: 2 asset(s) in no scope: legacy-ftp, hackathon-bot');
    expect(scopeDriftLine(ids(SCOPE_DRIFT_SHOWN))).not.toContain('more');
  });

  it('names the first few of thousands and says how many more plan.md lists', () => {
    const line = scopeDriftLine(ids(5000))!;
    expect(line).toBe(`scope drift: 5000 asset(s) in no scope: ${ids(SCOPE_DRIFT_SHOWN).join(', ')} and ${5000 - SCOPE_DRIFT_SHOWN} more (plan.md lists them all)`);
    expect(line.length).toBeLessThan(250);
  });
});
