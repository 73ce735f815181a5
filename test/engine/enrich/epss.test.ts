import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseEpss } from '../../../engine/enrich/epss.ts';
import { corpusDir } from '../../support/corpus.ts';
import { EPSS_META, epssCsv, reportErrorOf, syntheticEpssRows } from './helpers.ts';

const LOG4SHELL_ROWS = [
  ['CVE-2021-44227', '0.00432', '0.39010'],
  ['CVE-2021-44228', '0.99999', '1.0'],
  ['CVE-2021-44229', '0.00041', '0.11782'],
];

describe('EPSS daily CSV', () => {
  it('reads the model version and score date from the first line', () => {
    const feed = parseEpss(epssCsv(LOG4SHELL_ROWS));
    expect(feed.modelVersion).toBe('v2026.06.15');
    expect(feed.scoreDate).toBe('2026-09-29T12:00:22Z');
  });

  it('maps each CVE to its probability and percentile; a percentile written 1.0 is valid', () => {
    const { scores } = parseEpss(epssCsv(LOG4SHELL_ROWS));
    expect(scores.size).toBe(3);
    expect(scores.get('CVE-2021-44228')).toEqual({ epss: 0.99999, percentile: 1 });
    expect(scores.get('CVE-2021-44229')).toEqual({ epss: 0.00041, percentile: 0.11782 });
    expect(scores.has('CVE-2021-44227')).toBe(true);
  });

  it('finds CVEs whatever the case of the id asked for, and nothing that is not there', () => {
    const { scores } = parseEpss(epssCsv(LOG4SHELL_ROWS));
    expect(scores.get('cve-2021-44228')?.epss).toBe(0.99999);
    expect(scores.get('CVE-2021-44230')).toBeUndefined();
    expect(scores.get('GHSA-jfh8-c2jp-5v3q')).toBeUndefined();
    expect(scores.has('CVE-2021-4422')).toBe(false);
  });

  it('gives the same result for plain text, plain bytes and gzipped bytes', () => {
    const text = epssCsv(syntheticEpssRows(5000));
    const plain = parseEpss(text);
    const bytes = parseEpss(Buffer.from(text));
    const gzipped = parseEpss(gzipSync(Buffer.from(text)));
    expect([...gzipped.scores]).toEqual([...plain.scores]);
    expect([...bytes.scores]).toEqual([...plain.scores]);
    expect(gzipped.modelVersion).toBe(plain.modelVersion);
    expect(gzipped.scoreDate).toBe(plain.scoreDate);
    expect(plain.scores.size).toBe(5000);
  });

  it('iterates in CVE order and gives back the ids exactly as written', () => {
    const rows = [
      ['CVE-1999-0001', '0.1', '0.5'],
      ['CVE-2021-4104', '0.2', '0.6'],
      ['CVE-2021-44228', '0.3', '0.7'],
      ['CVE-2024-1234567', '0.4', '0.8'],
      ['CVE-2024-12345678901', '0.5', '0.9'], // 11 digits: longer than the numeric key holds
    ];
    const { scores } = parseEpss(epssCsv(rows));
    expect([...scores.entries()].map(([cve]) => cve)).toEqual(rows.map((r) => r[0]));
    expect(scores.get('CVE-2024-12345678901')).toEqual({ epss: 0.5, percentile: 0.9 });
    expect(scores.size).toBe(5);
  });

  it('accepts rows out of CVE order and still finds each one', () => {
    const rows = syntheticEpssRows(2000).reverse();
    const { scores } = parseEpss(epssCsv(rows));
    for (const [cve, epss] of rows) expect(scores.get(cve!)?.epss).toBe(Number(epss));
  });

  it('accepts CRLF line ends, a UTF-8 BOM, exponents, and no final newline', () => {
    const text = `\ufeff${EPSS_META}\r\ncve,epss,percentile\r\nCVE-2020-0001,1e-05,0.00001\r\nCVE-2020-0002,0.5,0.5`;
    const { scores } = parseEpss(text);
    expect(scores.get('CVE-2020-0001')).toEqual({ epss: 0.00001, percentile: 0.00001 });
    expect(scores.get('CVE-2020-0002')).toEqual({ epss: 0.5, percentile: 0.5 });
  });

  it('accepts an older file whose score date has a +0000 offset', () => {
    const feed = parseEpss(epssCsv([], '#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000'));
    expect(feed.scoreDate).toBe('2023-03-07T00:00:00+0000');
    expect(feed.scores.size).toBe(0);
  });

  it('gives exactly the doubles Number() gives for the written decimals', () => {
    const rows = syntheticEpssRows(3000);
    const { scores } = parseEpss(epssCsv(rows));
    for (const [cve, epss, percentile] of rows) {
      expect(scores.get(cve!)).toEqual({ epss: Number(epss), percentile: Number(percentile) });
    }
  });

  describe('reports malformed input with its 1-based line number', () => {
    const ok = ['CVE-2021-0001', '0.1', '0.2'];
    const cases: { name: string; text: string; line: number; message: RegExp }[] = [
      { name: 'no metadata line', text: 'cve,epss,percentile\nCVE-2021-0001,0.1,0.2\n', line: 1, message: /model_version/ },
      { name: 'metadata without a score date', text: epssCsv([ok], '#model_version:v2026.06.15'), line: 1, message: /score_date is missing/ },
      { name: 'a score date that is not a date', text: epssCsv([ok], '#model_version:v1,score_date:yesterday'), line: 1, message: /not an ISO date-time/ },
      { name: 'metadata without a model version', text: epssCsv([ok], '#score_date:2026-09-29T12:00:22Z'), line: 1, message: /model_version is missing/ },
      { name: 'a different header', text: `${EPSS_META}\ncve,score,percentile\n`, line: 2, message: /expected the header 'cve,epss,percentile'/ },
      { name: 'no header', text: EPSS_META, line: 2, message: /missing the header/ },
      { name: 'two columns', text: epssCsv([ok, ['CVE-2021-0002', '0.1']]), line: 4, message: /expected 3 columns .* found 2/ },
      { name: 'four columns', text: epssCsv([ok, ok, ['CVE-2021-0003', '0.1', '0.2', 'x']]), line: 5, message: /found 4/ },
      { name: 'a non-numeric epss', text: epssCsv([['CVE-2021-0001', 'abc', '0.2']]), line: 3, message: /epss 'abc' is not a number/ },
      { name: 'an empty percentile', text: epssCsv([['CVE-2021-0001', '0.1', '']]), line: 3, message: /percentile '' is not a number/ },
      { name: 'a padded number', text: epssCsv([['CVE-2021-0001', ' 0.1', '0.2']]), line: 3, message: /not a number/ },
      { name: 'a hexadecimal number', text: epssCsv([['CVE-2021-0001', '0x0', '0.2']]), line: 3, message: /not a number/ },
      { name: 'Infinity', text: epssCsv([['CVE-2021-0001', 'Infinity', '0.2']]), line: 3, message: /not a number/ },
      { name: 'a negative epss', text: epssCsv([['CVE-2021-0001', '-0.1', '0.2']]), line: 3, message: /not a number/ },
      { name: 'an epss above 1', text: epssCsv([ok, ['CVE-2021-0002', '1.5', '0.2']]), line: 4, message: /epss 1.5 is outside \[0, 1\]/ },
      { name: 'a percentile above 1', text: epssCsv([['CVE-2021-0001', '0.1', '1.00001']]), line: 3, message: /percentile 1.00001 is outside/ },
      { name: 'an id that is not a CVE', text: epssCsv([ok, ['GHSA-jfh8-c2jp-5v3q', '0.1', '0.2']]), line: 4, message: /'GHSA-jfh8-c2jp-5v3q' is not a CVE id/ },
      { name: 'a lower-case CVE id', text: epssCsv([['cve-2021-0001', '0.1', '0.2']]), line: 3, message: /not a CVE id/ },
      { name: 'an empty line between rows', text: `${EPSS_META}\ncve,epss,percentile\nCVE-2021-0001,0.1,0.2\n\nCVE-2021-0002,0.1,0.2\n`, line: 4, message: /empty line/ },
      { name: 'a duplicate CVE', text: epssCsv([ok, ['CVE-2021-0002', '0.1', '0.2'], ok]), line: 5, message: /duplicate row for CVE-2021-0001 \(first on line 3\)/ },
      { name: 'a duplicate CVE out of order', text: epssCsv([['CVE-2022-0009', '0', '0'], ok, ['CVE-2022-0009', '0', '0']]), line: 5, message: /duplicate row for CVE-2022-0009 \(first on line 3\)/ },
      { name: 'a duplicate long CVE id', text: epssCsv([['CVE-2024-12345678901', '0', '0'], ['CVE-2024-12345678901', '0', '0']]), line: 4, message: /first on line 3/ },
    ];
    it.each(cases)('$name → line $line', ({ text, line, message }) => {
      const error = reportErrorOf(() => parseEpss(text));
      expect(error.line).toBe(line);
      expect(error.path).toBe(`line:${line}`);
      expect(error.message).toMatch(message);
    });

    it('the line numbers also hold for gzipped input', () => {
      const error = reportErrorOf(() => parseEpss(gzipSync(epssCsv([['CVE-2021-0001', 'x', '0']]))));
      expect(error.line).toBe(3);
    });

    it('a truncated gzip download is a ReportError, not a crash', () => {
      const gz = gzipSync(epssCsv(syntheticEpssRows(1000)));
      const error = reportErrorOf(() => parseEpss(gz.subarray(0, gz.length >> 1)));
      expect(error.message).toMatch(/gzip/);
    });
  });

  // Its speed is measured by `npm run bench`, not here.
  it('parses 300,000 rows (the size of the real feed), plain and gzipped alike', () => {
    const text = epssCsv(syntheticEpssRows(300_000));
    const feed = parseEpss(text);
    expect(feed.scores.size).toBe(300_000);
    expect(parseEpss(gzipSync(text)).scores.size).toBe(300_000);
  });
});

describe.skipIf(!corpusDir())('EPSS: real rows from the 2026-09-29 file (corpus)', () => {
  const read = (name: string): Buffer => readFileSync(join(corpusDir()!, 'epss', name));

  it('reads the byte-exact prefix of the file: 534 rows', () => {
    const feed = parseEpss(read('epss_scores-2026-09-29-first-534-rows.csv'));
    expect(feed.modelVersion).toBe('v2026.06.15');
    expect(feed.scoreDate).toBe('2026-09-29T12:00:22Z');
    expect(feed.scores.size).toBe(534);
    expect(feed.scores.get('CVE-1999-0001')).toEqual({ epss: 0.03351, percentile: 0.88255 });
  });

  it('reads the excerpt with Log4Shell (percentile written 1.0): 1038 rows', () => {
    const feed = parseEpss(read('epss_scores-2026-09-29-excerpt-CVE-2021-42048-to-44733.csv'));
    expect(feed.scores.size).toBe(1038);
    expect(feed.scores.get('CVE-2021-44228')).toEqual({ epss: 0.99999, percentile: 1 });
  });

  it('every value equals Number() of the text, and percentile never falls as epss rises', () => {
    let checked = 0;
    for (const name of ['epss_scores-2026-09-29-first-534-rows.csv', 'epss_scores-2026-09-29-excerpt-CVE-2021-42048-to-44733.csv']) {
      const text = read(name).toString('utf8');
      const { scores } = parseEpss(text);
      const rows = text.split('\n').slice(2).filter((l) => l !== '').map((l) => l.split(','));
      for (const [cve, epss, percentile] of rows) {
        expect(scores.get(cve!)).toEqual({ epss: Number(epss), percentile: Number(percentile) });
        checked++;
      }
      const byEpss = [...scores].map(([, s]) => s).sort((a, b) => a.epss - b.epss);
      for (let i = 1; i < byEpss.length; i++) {
        if (byEpss[i]!.epss > byEpss[i - 1]!.epss) expect(byEpss[i]!.percentile).toBeGreaterThanOrEqual(byEpss[i - 1]!.percentile);
      }
    }
    expect(checked).toBe(534 + 1038);
  });
});
