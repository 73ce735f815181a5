/**
 * Scanner output is attacker-influenced: whatever it contains is carried as data, and
 * nothing in it can reach the prototype chain or change how the connector behaves.
 * Documents are built with JSON.parse, as the shell builds them, so `__proto__` is an
 * ordinary own key exactly as it would be in a real file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { extract } from './sarif-files.ts';

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeKeys();

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypeKeys()).toEqual(before);
});

const parse = (text: string): unknown => JSON.parse(text);

describe('keys that name prototype members', () => {
  const doc = () =>
    parse(`{
      "version": "2.1.0",
      "runs": [{
        "tool": { "driver": {
          "name": "Evil",
          "__proto__": { "polluted": "driver" },
          "rules": [
            { "id": "__proto__", "fullDescription": { "text": "rule named __proto__" },
              "properties": { "__proto__": { "polluted": "rule" }, "tags": ["CWE-79"], "security-severity": "9.5" } },
            { "id": "R2", "messageStrings": { "__proto__": { "text": "template {0}" } } }
          ]
        } },
        "properties": { "__proto__": { "polluted": "run" }, "constructor": { "prototype": { "polluted": "ctor" } } },
        "results": [
          { "ruleId": "__proto__", "message": { "text": "first" },
            "properties": { "__proto__": { "polluted": "result" }, "security-severity": { "__proto__": 1 } },
            "partialFingerprints": { "__proto__": "pf", "constructor": "c" } },
          { "ruleId": "constructor", "message": { "id": "toString" } },
          { "ruleId": "R2", "message": { "id": "__proto__", "arguments": ["arg"] } },
          { "ruleId": "hasOwnProperty", "message": { "id": "constructor" },
            "suppressions": [{ "kind": "__proto__", "__proto__": { "status": "rejected" } }] }
        ]
      }]
    }`);

  it('pollutes nothing and reads every result', () => {
    expect(extract(doc())).toHaveLength(4);
  });

  it('resolves a rule whose id is "__proto__" like any other id', () => {
    const [first] = extract(doc());
    expect(first?.ruleId).toBe('__proto__');
    expect(first?.description).toBe('rule named __proto__');
    expect(first?.cwe).toEqual(['CWE-79']);
    expect(first?.severity).toBe('critical'); // the rule's score; the result's is an object, so ignored
  });

  it('carries "__proto__" fingerprint keys as data', () => {
    const [first] = extract(doc());
    expect(first?.nativeFingerprint).toBe('{"partialFingerprints":[["__proto__","pf"],["constructor","c"]]}');
  });

  it('does not find Object.prototype members when looking up rule ids or message strings', () => {
    const [, ctor, , own] = extract(doc());
    expect(ctor?.ruleId).toBe('constructor');
    expect(ctor?.description).toBeUndefined();
    expect(ctor?.title).toBe('constructor'); // no text, no template, no rule: the rule id
    expect(own?.title).toBe('hasOwnProperty');
  });

  it('uses a message string stored under "__proto__" as the document says', () => {
    expect(extract(doc())[2]?.title).toBe('template arg');
  });

  it('reads a suppression\'s "__proto__" key as data, not as an inherited status', () => {
    expect(extract(doc())[3]?.suppressed).toEqual({ kind: '__proto__' });
  });
});

describe('inherited properties', () => {
  it('reads only a document\'s own properties, never ones inherited from a prototype', () => {
    // Defence in depth: were Object.prototype ever polluted by something else, the
    // connector must still see only what the document itself says.
    const inherited = { ruleId: 'INHERITED', level: 'error', suppressions: [{ kind: 'external' }], guid: 'g' };
    const result = Object.assign(Object.create(inherited) as object, { message: { text: 'own' } });
    const doc = { version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [result] }] };
    const [finding] = extract(doc);
    expect(finding).toMatchObject({ ruleId: 'unknown', title: 'own', severity: 'medium' });
    expect(finding?.suppressed).toBeUndefined();
    expect(finding?.sources[0]?.nativeId).toBeUndefined();
  });
});

describe('large and unusual strings', () => {
  it('carries a 1 MB message whole', () => {
    const text = 'A'.repeat(1024 * 1024);
    const doc = parse(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: { text } }] }] }));
    const [finding] = extract(doc);
    expect(finding?.title).toHaveLength(1024 * 1024);
    expect(finding?.title).toBe(text);
  });

  it('carries control characters, escape sequences and bidi overrides verbatim', () => {
    const nasty = 'a\u0000b\u0007c\u001b[31mred\u001b[0m\r\nline\u2028sep\u202egnp.exe';
    const doc = parse(
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: `tool${nasty}` } },
            results: [
              {
                ruleId: `rule${nasty}`,
                message: { text: nasty },
                locations: [{ physicalLocation: { artifactLocation: { uri: `src/${nasty}` } } }],
              },
            ],
          },
        ],
      }),
    );
    const [finding] = extract(doc);
    expect(finding?.title).toBe(nasty);
    expect(finding?.ruleId).toBe(`rule${nasty}`);
    expect(finding?.sources[0]?.tool).toBe(`tool${nasty}`);
    expect(finding?.location?.path).toBe(`src/${nasty}`);
  });

  it('ignores security-severity values that are not scores', () => {
    for (const score of ['NaN', 'Infinity', '1e309', '-5', '11', '', ' ', '9.0; DROP TABLE', true, [9], { value: 9 }]) {
      const doc = parse(
        JSON.stringify({
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'T' } }, results: [{ level: 'note', message: { text: 'm' }, properties: { 'security-severity': score } }] }],
        }),
      );
      expect(extract(doc)[0]?.severity, JSON.stringify(score)).toBe('low');
    }
  });

  it('does not read placeholders in a message that has no arguments', () => {
    const text = 'function f() {{ return {0}; }}';
    const doc = parse(
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: { text } }, { message: { text, arguments: [] } }] }],
      }),
    );
    expect(extract(doc).map((f) => f.title)).toEqual([text, text]);
  });
});
