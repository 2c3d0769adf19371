export { JiraApiError, type JiraErrorKind, parseRetryAfter } from "./errors.js";
export { JiraClient, type JiraClientOptions, type JiraPageOptions } from "./jira-client.js";
export type {
  JiraComment,
  JiraCommentPage,
  JiraIssue,
  JiraProject,
  JiraProjectPage,
  JiraSearchPage,
  JiraUser,
} from "./types.js";
