export { adfToText } from "./adf.js";
export {
  JiraApiError,
  JiraClient,
  type JiraClientOptions,
  type JiraComment,
  type JiraCommentPage,
  type JiraErrorKind,
  type JiraIssue,
  type JiraPageOptions,
  type JiraProject,
  type JiraProjectPage,
  type JiraSearchPage,
  type JiraUser,
  parseRetryAfter,
} from "./client/index.js";
export { jiraConnectorFactory } from "./factory.js";
export { buildSearchJql, CURSOR_OVERLAP_MS, DEFAULT_JQL, formatJqlDate } from "./jql.js";
export { commentRow, ISSUE_FIELDS, issueRow, normalizeTimestamp, projectRow } from "./mapping.js";
export {
  createJiraPoller,
  type JiraPoller,
  type JiraPollerOptions,
  jiraBaseUrl,
  stateKeys,
} from "./poller/index.js";
