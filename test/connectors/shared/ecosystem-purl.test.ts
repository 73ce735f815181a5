import { describe, expect, it } from 'vitest';
import { normaliseEcosystem, purlType } from '../../../connectors/shared/ecosystem.ts';
import { formatPurl, purlFromEcosystem } from '../../../connectors/shared/purl.ts';

describe('normaliseEcosystem: every tool’s ecosystem word as a purl type', () => {
  it.each([
    // Trivy Result.Type
    ['alpine', 'apk'],
    ['ubuntu', 'deb'],
    ['redhat', 'rpm'],
    ['gomod', 'golang'],
    ['jar', 'maven'],
    ['npm', 'npm'],
    ['pipenv', 'pypi'],
    ['cargo', 'cargo'],
    ['bundler', 'gem'],
    // Grype / Syft artifact.type
    ['java-archive', 'maven'],
    ['go-module', 'golang'],
    ['rust-crate', 'cargo'],
    ['python', 'pypi'],
    // OSV ecosystems, with or without a release
    ['Go', 'golang'],
    ['crates.io', 'cargo'],
    ['PyPI', 'pypi'],
    ['Maven', 'maven'],
    ['RubyGems', 'gem'],
    ['Packagist', 'composer'],
    ['Debian:10', 'deb'],
    ['Alpine:v3.16', 'apk'],
    ['Ubuntu:22.04:LTS', 'deb'],
    ['Rocky Linux:8', 'rpm'],
  ])('%s → %s', (word, type) => {
    expect(normaliseEcosystem(word)).toBe(type);
  });

  it('keeps unknown words, lower-cased, and drops empty ones', () => {
    expect(normaliseEcosystem('OSS-Fuzz')).toBe('oss-fuzz');
    expect(normaliseEcosystem('__proto__')).toBe('__proto__');
    expect(normaliseEcosystem('')).toBeUndefined();
    expect(normaliseEcosystem(undefined)).toBeUndefined();
  });

  it('reads the type of a purl', () => {
    expect(purlType('pkg:maven/org.springframework/spring-beans@5.3.15')).toBe('maven');
    expect(purlType('pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64')).toBe('apk');
    expect(purlType('not-a-purl')).toBeUndefined();
    expect(purlType(undefined)).toBeUndefined();
  });
});

describe('purls for packages named the OSV way', () => {
  it.each([
    ['npm', '@babel/core', '7.0.0', 'pkg:npm/%40babel/core@7.0.0'],
    ['npm', 'lodash', '4.17.20', 'pkg:npm/lodash@4.17.20'],
    ['Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'],
    ['Go', 'golang.org/x/net', '0.1.0', 'pkg:golang/golang.org/x/net@0.1.0'],
    ['Go', 'github.com/docker/distribution', 'v2.7.1+incompatible', 'pkg:golang/github.com/docker/distribution@v2.7.1%2Bincompatible'],
    ['PyPI', 'Django_Rest.framework', '3.0', 'pkg:pypi/django-rest-framework@3.0'],
    ['crates.io', 'regex', '1.5.1', 'pkg:cargo/regex@1.5.1'],
    ['Debian:10', 'unixodbc', '2.3.11-2', 'pkg:deb/debian/unixodbc@2.3.11-2'],
    ['Packagist', 'laravel/framework', '7.0.0', 'pkg:composer/laravel/framework@7.0.0'],
  ])('%s %s %s → %s', (ecosystem, name, version, purl) => {
    expect(purlFromEcosystem(ecosystem, name, version)).toBe(purl);
  });

  it('builds none where the purl form is not defined, rather than a wrong one', () => {
    expect(purlFromEcosystem('Maven', 'no-group-separator', '1')).toBeUndefined();
    expect(purlFromEcosystem('Rocky Linux:8', 'openssl', '1')).toBeUndefined();
    expect(purlFromEcosystem('OSS-Fuzz', 'x', '1')).toBeUndefined();
    expect(purlFromEcosystem(undefined, 'x', '1')).toBeUndefined();
  });

  it('percent-encodes what would change the purl’s structure', () => {
    expect(formatPurl({ type: 'npm', name: 'a@b?c#d', version: '1 2' })).toBe('pkg:npm/a%40b%3Fc%23d@1%202');
  });
});
