/** The parts of Jira Cloud REST API v3 bodies the connector reads. */

/** A user as Jira returns it (`displayName`; `accountId` in Cloud). */
export interface JiraUser {
  readonly accountId?: string;
  readonly displayName?: string;
  readonly emailAddress?: string;
  readonly timeZone?: string;
}

/** An issue from `POST /rest/api/3/search/jql`. */
export interface JiraIssue {
  readonly id?: string;
  readonly key: string;
  readonly fields?: {
    readonly summary?: unknown;
    readonly description?: unknown;
    readonly status?: unknown;
    readonly priority?: unknown;
    readonly issuetype?: unknown;
    readonly assignee?: unknown;
    readonly reporter?: unknown;
    readonly labels?: unknown[];
    readonly created?: unknown;
    readonly updated?: unknown;
    readonly project?: { readonly key?: unknown };
  };
}

/** `POST /rest/api/3/search/jql` response. */
export interface JiraSearchPage {
  readonly issues: readonly JiraIssue[];
  readonly nextPageToken?: string;
  readonly isLast?: boolean;
}

/** A comment from `GET /rest/api/3/issue/{key}/comment`; `body` is ADF. */
export interface JiraComment {
  readonly id: string;
  readonly body?: unknown;
  readonly author?: unknown;
  readonly created?: unknown;
  readonly updated?: unknown;
}

/** `GET /rest/api/3/issue/{key}/comment` response. */
export interface JiraCommentPage {
  readonly comments: readonly JiraComment[];
  readonly startAt: number;
  readonly maxResults: number;
  readonly total: number;
}

/** A project from `GET /rest/api/3/project/search`. */
export interface JiraProject {
  readonly id?: string;
  readonly key: string;
  readonly name?: unknown;
  readonly projectTypeKey?: unknown;
  readonly lead?: unknown;
}

/** `GET /rest/api/3/project/search` response. */
export interface JiraProjectPage {
  readonly values: readonly JiraProject[];
  readonly startAt: number;
  readonly maxResults: number;
  readonly total?: number;
  readonly isLast: boolean;
}
