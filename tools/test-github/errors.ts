/**
 * Errors in the shapes GitHub sends, so a client's error handling is exercised
 * against what it will really see: `{message, documentation_url, status}` for most
 * failures, and `{message: "Validation Failed", errors: [...]}` for 422s.
 */

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  value?: unknown;
}

/** Thrown by handlers and state mutations; the server turns it into a response. */
export class GitHubError extends Error {
  readonly status: number;
  readonly errors: ValidationErrorItem[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, opts: { errors?: ValidationErrorItem[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.errors = opts.errors;
    this.headers = opts.headers ?? {};
  }

  /** The JSON body GitHub would send, with the operation's documentation page. */
  body(documentationUrl: string): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.errors) body.errors = this.errors;
    body.documentation_url = documentationUrl;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (message = 'Not Found'): GitHubError => new GitHubError(404, message);

/** GitHub's 422 "Validation Failed" with one or more `errors` entries. */
export const validationFailed = (...errors: ValidationErrorItem[]): GitHubError =>
  new GitHubError(422, 'Validation Failed', { errors });

/** A 422 whose message is the whole story (GitHub uses these for git refs and PRs). */
export const unprocessable = (message: string): GitHubError => new GitHubError(422, message);

export const conflict = (message: string): GitHubError => new GitHubError(409, message);
