/**
 * Read an exposure repository's configuration (the imperative shell of config loading).
 * Reading goes through a ConfigReader so the same loader works on the working tree
 * and on a Git revision (`ctem plan --base REF`).
 */
import type { Problem } from '../errors.ts';
import type { FileKind } from './schema/index.ts';
import type { CtemConfig } from './schema/ctem.ts';
import type { ExceptionConfig } from './schema/exception.ts';
import type { PolicyConfig } from './schema/policy.ts';
import type { ScopeConfig } from './schema/scope.ts';
import type { ValidationRecordConfig } from './schema/validation.ts';
import { createSchemaChecker } from './schema-check.ts';
import { parseYaml, type Locator } from './yaml-document.ts';

export interface ConfigReader {
  /** File names (not paths) directly inside `dir`, or [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** File contents, or undefined when the file does not exist. */
  read(path: string): Promise<string | undefined>;
  /** Where the files are read from, for messages: the directory of a working tree. */
  root?: string;
}

export interface Located<T> {
  file: string;
  value: T;
  locate: Locator;
}

export interface LocatedException extends Located<ExceptionConfig> {
  /** Index within the file's `exceptions` list, for locating problems. */
  index: number;
}

export interface LocatedValidation extends Located<ValidationRecordConfig> {
  /** Index within the file's `validations` list, for locating problems. */
  index: number;
}

export interface TemplateSource {
  name: string;
  file: string;
  source: string;
}

export interface LoadedConfig {
  ctem: Located<CtemConfig>;
  scopes: Located<ScopeConfig>[];
  policies: Located<PolicyConfig>[];
  /** Policy test files (`policies/*.test.yaml`), loaded by `ctem test`. */
  policyTests: Located<unknown>[];
  exceptions: LocatedException[];
  /** Manual validation records (`validations/*.yaml`, docs/validation.md). */
  validations: LocatedValidation[];
  templates: Map<string, TemplateSource>;
}

export interface LoadResult {
  config: LoadedConfig | undefined;
  problems: Problem[];
}

export const CONFIG_FILE = 'ctem.yaml';
const isYaml = (f: string) => /\.ya?ml$/.test(f);
const isTest = (f: string) => /\.test\.ya?ml$/.test(f);

export async function loadConfig(reader: ConfigReader): Promise<LoadResult> {
  const problems: Problem[] = [];
  const checker = createSchemaChecker();

  const loadFile = async <T>(file: string, kind: FileKind | undefined): Promise<Located<T> | undefined> => {
    const text = await reader.read(file);
    if (text === undefined) return undefined;
    const parsed = parseYaml(text, file);
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) return undefined;
    if (kind) {
      const schemaProblems = checker.check(kind, parsed.value, file, parsed.locate);
      problems.push(...schemaProblems);
      if (schemaProblems.length > 0) return undefined;
    }
    return { file, value: parsed.value as T, locate: parsed.locate };
  };

  const ctem = await loadFile<CtemConfig>(CONFIG_FILE, 'ctem');
  if (ctem === undefined && !problems.some((p) => p.file === CONFIG_FILE)) {
    problems.push({
      code: 'no-config',
      severity: 'error',
      message: `${CONFIG_FILE} not found${reader.root !== undefined ? ` in ${reader.root}` : ''}`,
      hint: 'run ctem in the root of an exposure repository, pass --dir, or scaffold one with `ctem init`',
    });
  }

  const loadDir = async <T>(dir: string, kind: FileKind | undefined, filter: (f: string) => boolean) => {
    const names = (await reader.list(dir)).filter(filter).sort();
    const out: Located<T>[] = [];
    for (const n of names) {
      const loaded = await loadFile<T>(`${dir}/${n}`, kind);
      if (loaded) out.push(loaded);
    }
    return out;
  };

  const scopes = await loadDir<ScopeConfig>('scopes', 'scope', isYaml);
  const policies = await loadDir<PolicyConfig>('policies', 'policy', (f) => isYaml(f) && !isTest(f));
  const policyTests = await loadDir<unknown>('policies', undefined, isTest);
  const exceptionFiles = await loadDir<{ exceptions: ExceptionConfig[] }>('exceptions', 'exception', isYaml);
  const exceptions: LocatedException[] = exceptionFiles.flatMap((f) =>
    f.value.exceptions.map((value, index) => ({ file: f.file, value, locate: f.locate, index })),
  );

  const validationFiles = await loadDir<{ validations: ValidationRecordConfig[] }>('validations', 'validation', isYaml);
  const validations: LocatedValidation[] = validationFiles.flatMap((f) =>
    f.value.validations.map((value, index) => ({ file: f.file, value, locate: f.locate, index })),
  );

  const templates = new Map<string, TemplateSource>();
  for (const n of (await reader.list('templates')).filter((f) => f.endsWith('.hbs')).sort()) {
    const file = `templates/${n}`;
    const source = await reader.read(file);
    if (source !== undefined) templates.set(n.slice(0, -'.hbs'.length), { name: n.slice(0, -4), file, source });
  }

  if (!ctem) return { config: undefined, problems };
  return { config: { ctem, scopes, policies, policyTests, exceptions, validations, templates }, problems };
}
