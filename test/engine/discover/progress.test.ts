import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { noProgress, progressFor, terminalProgress } from '../../../engine/discover/progress.ts';

/** A terminal-like stream that records what is drawn on it. */
function fakeTerminal(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY: true, columns: 100, text: () => chunks.join('') });
}

describe('progress on a terminal', () => {
  it('draws a bar with the label and the size for a large input', () => {
    const term = fakeTerminal();
    const bar = terminalProgress(term, 1000).start('reports/huge.ndjson', 64 * 1024 * 1024);
    bar.update(16 * 1024 * 1024);
    bar.stop();
    expect(term.text()).toContain('reports/huge.ndjson');
    expect(term.text()).toContain('of 64 MiB');
  });

  it('counts the items of a long step (deciding, writing) in thousands, and draws nothing for a short one', () => {
    const term = fakeTerminal();
    const bar = terminalProgress(term, 1000, 100).start('deciding exposures', 775_796, 'items');
    bar.update(409_600);
    bar.stop();
    expect(term.text()).toContain('deciding exposures');
    expect(term.text()).toContain('409,600 of 775,796');
    const quiet = fakeTerminal();
    terminalProgress(quiet, 1000, 100).start('deciding exposures', 99, 'items').stop();
    expect(quiet.text()).toBe('');
  });

  it('draws nothing for a small input', () => {
    const term = fakeTerminal();
    const bar = terminalProgress(term, 1000).start('small.json', 999);
    bar.update(500);
    bar.stop();
    expect(term.text()).toBe('');
  });

  it('shows control characters of a file name as ?', () => {
    const term = fakeTerminal();
    const bar = terminalProgress(term, 0).start('evil\u001b[2Jname', 10);
    bar.stop();
    expect(term.text()).toContain('evil?[2Jname');
  });

  it('is used only when stderr is a terminal and not in CI', () => {
    expect(progressFor(undefined, {})).toBeUndefined();
    expect(progressFor(false, {})).toBeUndefined();
    expect(progressFor(true, { CI: 'true' })).toBeUndefined();
    expect(progressFor(true, {})).toBeDefined();
    expect(progressFor(true, { CI: 'false' })).toBeDefined();
  });

  it('has a silent default', () => {
    const bar = noProgress.start('x', 10 ** 12);
    expect(() => (bar.update(1), bar.stop())).not.toThrow();
  });
});
