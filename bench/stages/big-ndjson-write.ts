/**
 * Write a large NDJSON findings file (ctem's finding model, one per line) of at
 * least BYTES bytes, streaming, for the big-file ingest check. Deterministic.
 *
 *   node --import tsx bench/stages/big-ndjson-write.ts FILE BYTES
 */
import { createWriteStream } from 'node:fs';
import { report } from '../child.ts';
import { createRng } from '../generate/prng.ts';

const [file, target] = [process.argv[2]!, Number(process.argv[3])];
const rng = createRng('big-ndjson');
const out = createWriteStream(file);
const severities = ['critical', 'high', 'medium', 'low'];
const packages = ['openssl', 'libc6', 'zlib1g', 'curl', 'libxml2', 'bash', 'systemd', 'lodash', 'jackson-databind', 'django'];
let bytes = 0;
let lines = 0;
const t0 = performance.now();
while (bytes < target) {
  const batch: string[] = [];
  for (let i = 0; i < 5000; i++) {
    lines++;
    const cve = `CVE-${rng.int(2015, 2026)}-${rng.int(1000, 49999)}`;
    const pkg = packages[rng.int(0, packages.length - 1)]!;
    batch.push(JSON.stringify({
      kind: 'vulnerability',
      ruleId: cve,
      vulnerabilityId: cve,
      aliases: [cve],
      cwe: [`CWE-${rng.int(20, 1300)}`],
      title: `${pkg}: flaw in request handling allows a remote attacker to cause harm (${cve})`,
      description: 'A flaw was found in the package. A remote attacker could use this flaw to crash the service or execute code. Synthetic text for the ctem benchmark.',
      severity: severities[rng.int(0, 3)],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      package: { name: pkg, ecosystem: 'deb', installedVersion: `1.${rng.int(0, 30)}.${rng.int(0, 20)}-1`, fixedVersions: [`1.${rng.int(31, 40)}.0-1`] },
      asset: `host-${String(rng.int(1, 200_000)).padStart(6, '0')}.bench.internal`,
      firstSeen: '2026-10-01T00:00:00Z',
      sources: [{ connector: 'export', tool: 'host-scanner', pointer: `/host-scanner/findings/${lines}` }],
    }));
  }
  const chunk = batch.join('\n') + '\n';
  bytes += Buffer.byteLength(chunk);
  if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
report({ wallMs: performance.now() - t0, bytes, lines });
