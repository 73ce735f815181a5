import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nucleiConnector } from '../../../connectors/nuclei/index.ts';
import { ReportError } from '../../../engine/errors.ts';
import { fixture } from '../../support/corpus.ts';

const text = (f: string) => readFileSync(fixture('nuclei', f), 'utf8');
const extract = (t: string) => nucleiConnector.extract(t, { file: 'nuclei.jsonl' }).confirmations;

describe('test/fixtures/nuclei', () => {
  it('lists every fixture in SOURCES.md and says they are hand-written', () => {
    const sources = text('SOURCES.md');
    expect(sources).toMatch(/Hand-written/);
    for (const f of readdirSync(fixture('nuclei')).filter((x) => x.endsWith('.jsonl'))) expect(sources).toContain(`\`${f}\``);
  });
});

describe('the nuclei connector', () => {
  it('recognises -jsonl and -json-export output, and nothing else', () => {
    const lines = text('payments-api.nuclei.jsonl');
    expect(nucleiConnector.detect(lines)).toBe(true);
    expect(nucleiConnector.detect(`[${lines.trim().split('\n').join(',')}]`)).toBe(true);
    expect(nucleiConnector.detect(readFileSync(fixture('vex', 'openvex-demo.json'), 'utf8'))).toBe(false);
    expect(nucleiConnector.detect('{"runs": []}')).toBe(false);
    expect(nucleiConnector.detect('not json')).toBe(false);
  });

  it('a matched CVE template is a confirmation of that CVE where it matched', () => {
    const [spring, tech] = extract(text('payments-api.nuclei.jsonl'));
    expect(spring).toEqual({
      tool: 'nuclei',
      file: 'nuclei.jsonl',
      pointer: 'line:1',
      check: 'CVE-2022-22965',
      name: 'Spring - Remote Code Execution',
      severity: 'critical',
      vulnerabilities: ['CVE-2022-22965'],
      targets: [
        'https://payments.acme-robotics.example/?class.module.classLoader.DefaultAssertionStatus=nonsense',
        'payments.acme-robotics.example',
        'https://payments.acme-robotics.example',
        '203.0.113.20',
      ],
      timestamp: '2026-11-20T09:14:03.512845632Z',
    });
    expect(tech).toMatchObject({ check: 'tech-detect', vulnerabilities: [], pointer: 'line:2' });
  });

  it('skips blank lines and results that did not match; reads cve-id as a list, a string or null', () => {
    const got = extract(text('mixed.nuclei.jsonl'));
    expect(got.map((c) => [c.check, c.vulnerabilities, c.pointer])).toEqual([
      ['CVE-2021-44228', ['CVE-2021-44228'], 'line:1'],
      ['grafana-detect', [], 'line:4'],
      ['CVE-2023-99999', ['CVE-2023-99999'], 'line:5'],
    ]);
  });

  it('reads a -json-export array the same way, pointing into the array', () => {
    const lines = text('mixed.nuclei.jsonl').split('\n').filter((l) => l.trim() !== '');
    const got = extract(`[${lines.join(',\n')}]`);
    expect(got.map((c) => [c.check, c.pointer])).toEqual([
      ['CVE-2021-44228', '/0'],
      ['grafana-detect', '/2'],
      ['CVE-2023-99999', '/3'],
    ]);
  });

  it('rejects a line that is not JSON, or a result without a template id, naming the line', () => {
    const good = text('payments-api.nuclei.jsonl').split('\n')[0]!;
    for (const [input, line] of [[`${good}\n{"template-id": `, 2], [`${good}\n${good}\n{"host":"x"}`, 3]] as const) {
      try {
        extract(input);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ReportError);
        expect((e as ReportError).line).toBe(line);
      }
    }
  });
});
