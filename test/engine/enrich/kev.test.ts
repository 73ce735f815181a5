import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseKev, readKev } from '../../../engine/enrich/kev.ts';
import { corpusDir, fixture } from '../../support/corpus.ts';
import { reportErrorOf } from './helpers.ts';

const KEV_FILE = fixture('kev', 'known_exploited_vulnerabilities.json');
const kevText = readFileSync(KEV_FILE, 'utf8');

/** A fresh, mutable copy of the real catalog to break in one place. */
const kevDoc = (): { count: number; vulnerabilities: Record<string, unknown>[]; [k: string]: unknown } =>
  JSON.parse(kevText);

describe('CISA KEV catalog', () => {
  const catalog = parseKev(kevText);

  it('reads the catalog version, release date and every entry (2025.08.25: 1404)', () => {
    expect(catalog.catalogVersion).toBe('2025.08.25');
    expect(catalog.dateReleased).toBe('2025-08-25T17:04:19.9796Z');
    expect(catalog.entries.size).toBe(1404);
    expect(catalog.warnings).toEqual([]);
  });

  it('finds Log4Shell (CVE-2021-44228), added 2021-12-10, known to be used by ransomware', () => {
    const log4shell = catalog.entries.get('CVE-2021-44228');
    expect(log4shell).toEqual({
      cveID: 'CVE-2021-44228',
      vendorProject: 'Apache',
      product: 'Log4j2',
      vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
      dateAdded: '2021-12-10',
      shortDescription: expect.stringContaining('JNDI'),
      requiredAction: expect.stringContaining('Apply updates'),
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      notes: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    });
  });

  it('keeps Unknown ransomware use as it is written (CVE-2025-48384, Git)', () => {
    expect(catalog.entries.get('CVE-2025-48384')?.knownRansomwareCampaignUse).toBe('Unknown');
  });

  it('agrees with the catalog entry by entry (ransomware use, dates, CWEs)', () => {
    const doc = kevDoc();
    expect(doc.vulnerabilities).toHaveLength(1404);
    let known = 0;
    for (const v of doc.vulnerabilities) {
      const entry = catalog.entries.get(v.cveID as string)!;
      expect(entry.dateAdded).toBe(v.dateAdded);
      expect(entry.dueDate).toBe(v.dueDate);
      expect(entry.knownRansomwareCampaignUse).toBe(v.knownRansomwareCampaignUse);
      expect(entry.cwes).toEqual(v.cwes);
      if (entry.knownRansomwareCampaignUse === 'Known') known++;
    }
    expect(known).toBe(293);
  });

  it('reads gzipped bytes like text', () => {
    const zipped = parseKev(gzipSync(kevText));
    expect(zipped.entries.size).toBe(1404);
    expect(zipped.entries.get('CVE-2021-44228')).toEqual(catalog.entries.get('CVE-2021-44228'));
  });

  it('a count that disagrees with the list is a warning, and the entries are still returned', () => {
    const doc = kevDoc();
    doc.count = 1405;
    const result = readKev(doc);
    expect(result.entries.size).toBe(1404);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'kev-count', severity: 'warning', path: '$.count', message: expect.stringMatching(/1405.*1404/) }),
    ]);
  });

  it('fills in the optional fields when they are absent', () => {
    const doc = kevDoc();
    const first = doc.vulnerabilities[0]!;
    delete first.knownRansomwareCampaignUse;
    delete first.notes;
    delete first.cwes;
    const entry = readKev(doc).entries.get(first.cveID as string)!;
    expect(entry.knownRansomwareCampaignUse).toBe('Unknown');
    expect(entry.notes).toBe('');
    expect(entry.cwes).toEqual([]);
  });

  it('ignores fields it does not know (CISA may add some)', () => {
    const doc = kevDoc();
    doc.vulnerabilities[3]!.epssScore = 0.5;
    doc.newTopLevelField = true;
    expect(readKev(doc).entries.size).toBe(1404);
  });

  describe('reports malformed catalogs by JSON path', () => {
    type Doc = ReturnType<typeof kevDoc>;
    const cases: { name: string; edit: (d: Doc) => void; path: string; message: RegExp }[] = [
      { name: 'a month 13 in dateAdded', edit: (d) => { d.vulnerabilities[12]!.dateAdded = '2021-13-10'; }, path: '$.vulnerabilities[12].dateAdded', message: /dateAdded must be a YYYY-MM-DD date, found "2021-13-10"/ },
      { name: 'a 30 February in dueDate', edit: (d) => { d.vulnerabilities[7]!.dueDate = '2022-02-30'; }, path: '$.vulnerabilities[7].dueDate', message: /YYYY-MM-DD/ },
      { name: 'a US-style date', edit: (d) => { d.vulnerabilities[0]!.dateAdded = '12/10/2021'; }, path: '$.vulnerabilities[0].dateAdded', message: /YYYY-MM-DD/ },
      { name: 'a date-time where a date is due', edit: (d) => { d.vulnerabilities[1]!.dateAdded = '2021-12-10T00:00:00Z'; }, path: '$.vulnerabilities[1].dateAdded', message: /YYYY-MM-DD/ },
      { name: 'a missing required field', edit: (d) => { delete d.vulnerabilities[5]!.requiredAction; }, path: '$.vulnerabilities[5].requiredAction', message: /requiredAction is missing/ },
      { name: 'a number where text is due', edit: (d) => { d.vulnerabilities[2]!.product = 42; }, path: '$.vulnerabilities[2].product', message: /must be a string/ },
      { name: 'a bad CVE id', edit: (d) => { d.vulnerabilities[9]!.cveID = 'CVE-21-44228'; }, path: '$.vulnerabilities[9].cveID', message: /must be a CVE id/ },
      { name: 'a ransomware value other than Known/Unknown', edit: (d) => { d.vulnerabilities[4]!.knownRansomwareCampaignUse = 'yes'; }, path: '$.vulnerabilities[4].knownRansomwareCampaignUse', message: /'Known' or 'Unknown'/ },
      { name: 'a bad CWE id', edit: (d) => { d.vulnerabilities[0]!.cwes = ['CWE-59', 'cwe 61']; }, path: '$.vulnerabilities[0].cwes[1]', message: /must be a CWE id/ },
      { name: 'cwes that are not a list', edit: (d) => { d.vulnerabilities[0]!.cwes = 'CWE-59'; }, path: '$.vulnerabilities[0].cwes', message: /array/ },
      { name: 'an entry that is not an object', edit: (d) => { (d.vulnerabilities as unknown[])[3] = 'CVE-2021-44228'; }, path: '$.vulnerabilities[3]', message: /item 3 must be an object/ },
      { name: 'a CVE listed twice', edit: (d) => { d.vulnerabilities[20]!.cveID = d.vulnerabilities[10]!.cveID; }, path: '$.vulnerabilities[20].cveID', message: /listed twice \(also at \$\.vulnerabilities\[10\]\)/ },
      { name: 'a bad release date', edit: (d) => { d.dateReleased = '2025-08-25'; }, path: '$.dateReleased', message: /ISO date-time/ },
      { name: 'an empty catalog version', edit: (d) => { d.catalogVersion = ''; }, path: '$.catalogVersion', message: /must not be empty/ },
      { name: 'a count that is not a number', edit: (d) => { (d as Record<string, unknown>).count = '1404'; }, path: '$.count', message: /non-negative integer/ },
      { name: 'no vulnerabilities list', edit: (d) => { delete (d as Record<string, unknown>).vulnerabilities; }, path: '$.vulnerabilities', message: /missing/ },
    ];
    it.each(cases)('$name → $path', ({ edit, path, message }) => {
      const doc = kevDoc();
      edit(doc);
      const error = reportErrorOf(() => readKev(doc));
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
      // The same through the text entry point.
      expect(reportErrorOf(() => parseKev(JSON.stringify(doc))).path).toBe(path);
    });

    it('a document that is not an object', () => {
      expect(reportErrorOf(() => parseKev('[]')).path).toBe('$');
    });

    it('invalid JSON is reported with its line', () => {
      const broken = kevText.replace('"cveID": "CVE-2021-44228"', '"cveID": "CVE-2021-44228",,');
      const error = reportErrorOf(() => parseKev(broken));
      expect(error.message).toMatch(/not valid JSON/);
      const expectedLine = kevText.slice(0, kevText.indexOf('"cveID": "CVE-2021-44228"')).split('\n').length;
      expect(error.line).toBe(expectedLine);
    });
  });
});

describe.skipIf(!corpusDir())('CISA KEV (corpus)', () => {
  it('the fixture is the corpus file, byte for byte', () => {
    expect(readFileSync(KEV_FILE).equals(readFileSync(`${corpusDir()}/kev/known_exploited_vulnerabilities.json`))).toBe(true);
  });
});
