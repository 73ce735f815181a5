/**
 * Tokens and what they may do. Requests must carry `authorization: token X` or
 * `Bearer X`; a missing or unknown token gets GitHub's 401 "Bad credentials". Each
 * token has a set of fine-grained permissions (GitHub's permission names, `:read` or
 * `:write`; write implies read), so a bot's behaviour with an under-privileged token
 * can be tested: GitHub answers 403 "Resource not accessible by personal access token"
 * (or "... by integration" for an app installation token).
 */
import { GitHubError } from './errors.ts';

/** GitHub's permission names for the endpoints this server implements. */
export type PermissionName =
  | 'metadata'
  | 'issues'
  | 'pull_requests'
  | 'contents'
  | 'vulnerability_alerts'
  | 'security_events'
  | 'secret_scanning_alerts'
  | 'members';

export type Grant = `${PermissionName}:${'read' | 'write'}`;

export interface TokenSpec {
  /** The user the token acts as (default: the server's default user). */
  login?: string;
  /** `'all'` (default) or the list of grants. `metadata:read` is always implied, as on GitHub. */
  permissions?: 'all' | Grant[];
  /** Only these repositories (`owner/name`) are visible; others answer 404. Default: all. */
  repos?: string[];
  /** Which wording GitHub uses when a permission is missing. */
  kind?: 'pat' | 'app';
}

export interface Principal {
  token: string;
  login: string;
  spec: TokenSpec;
}

export const DEFAULT_TOKEN = 'test-token';

export class Auth {
  private readonly tokens: Map<string, TokenSpec>;

  constructor(tokens: Record<string, TokenSpec> | undefined, private readonly defaultLogin: () => string) {
    this.tokens = new Map(Object.entries(tokens ?? { [DEFAULT_TOKEN]: { permissions: 'all' } }));
  }

  /** Add or replace a token at run time. */
  setToken(token: string, spec: TokenSpec): void {
    this.tokens.set(token, spec);
  }

  /** Who is calling, or GitHub's 401. */
  authenticate(header: string | undefined): Principal {
    const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
    const spec = m ? this.tokens.get(m[1] as string) : undefined;
    if (!m || !spec) throw new GitHubError(401, header ? 'Bad credentials' : 'Requires authentication');
    return { token: m[1] as string, login: spec.login ?? this.defaultLogin(), spec };
  }

  /** Throw GitHub's 403 unless the principal holds `need`. */
  authorize(p: Principal, need: Grant | null): void {
    if (need === null || allows(p.spec, need)) return;
    const who = p.spec.kind === 'app' ? 'integration' : 'personal access token';
    const [perm, level] = need.split(':');
    throw new GitHubError(403, `Resource not accessible by ${who}`, { headers: { 'x-accepted-github-permissions': `${perm}=${level}` } });
  }

  /** Is the repository visible to this token? Invisible repositories are GitHub 404s. */
  canSee(p: Principal, fullName: string): boolean {
    return p.spec.repos === undefined || p.spec.repos.some((r) => r.toLowerCase() === fullName.toLowerCase());
  }
}

function allows(spec: TokenSpec, need: Grant): boolean {
  const perms = spec.permissions ?? 'all';
  if (perms === 'all') return true;
  const [name, level] = need.split(':');
  if (name === 'metadata' && level === 'read') return true;
  return perms.includes(need) || (level === 'read' && perms.includes(`${name}:write` as Grant));
}
