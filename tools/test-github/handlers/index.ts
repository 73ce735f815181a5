/**
 * The implemented operations, by GitHub's operationId. Routing itself comes from the
 * OpenAPI description, so every implemented route is a real GitHub route; a request
 * for any other operation is answered 404 and recorded as a violation.
 */
import type { Route } from './context.ts';
import * as alerts from './alerts.ts';
import * as contents from './contents.ts';
import * as git from './git.ts';
import * as issues from './issues.ts';
import * as labels from './labels.ts';
import * as meta from './meta.ts';
import * as pulls from './pulls.ts';
import * as repos from './repos.ts';
import * as reviews from './reviews.ts';

export const ROUTES: Record<string, Route> = {
  'repos/get': repos.get,
  'repos/list-for-org': repos.listForOrg,
  'issues/list-for-repo': issues.listForRepo,
  'issues/create': issues.create,
  'issues/get': issues.get,
  'issues/update': issues.update,
  'issues/list-comments': issues.listComments,
  'issues/create-comment': issues.createComment,
  'issues/update-comment': issues.updateComment,
  'issues/list-labels-for-repo': labels.listForRepo,
  'issues/create-label': labels.create,
  'issues/get-label': labels.get,
  'issues/add-labels': labels.addToIssue,
  'issues/remove-label': labels.removeFromIssue,
  'search/issues-and-pull-requests': meta.searchIssues,
  'pulls/list': pulls.list,
  'pulls/create': pulls.create,
  'pulls/get': pulls.get,
  'pulls/update': pulls.update,
  'pulls/request-reviewers': reviews.requestReviewers,
  'pulls/list-reviews': reviews.listReviews,
  'git/get-ref': git.getRef,
  'git/create-ref': git.createRef,
  'git/update-ref': git.updateRef,
  'git/delete-ref': git.deleteRef,
  'repos/get-content': contents.get,
  'repos/create-or-update-file-contents': contents.put,
  'dependabot/list-alerts-for-repo': alerts.dependabotRepo,
  'dependabot/list-alerts-for-org': alerts.dependabotOrg,
  'code-scanning/list-alerts-for-repo': alerts.codeScanningRepo,
  'code-scanning/list-alerts-for-org': alerts.codeScanningOrg,
  'secret-scanning/list-alerts-for-repo': alerts.secretScanningRepo,
  'secret-scanning/list-alerts-for-org': alerts.secretScanningOrg,
  'users/get-authenticated': meta.getAuthenticated,
  // 'rate-limit/get' is added by the server: it reads the server's rate limiter.
};
