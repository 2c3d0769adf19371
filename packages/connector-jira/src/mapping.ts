import type { Row } from "@lakesync/core";
import { adfToText } from "./adf.js";
import type { JiraComment, JiraIssue, JiraProject } from "./client/types.js";

/** The issue fields a search asks for: exactly what `jira_issues` needs. */
export const ISSUE_FIELDS: readonly string[] = [
  "summary",
  "description",
  "status",
  "priority",
  "issuetype",
  "assignee",
  "reporter",
  "labels",
  "created",
  "updated",
  "project",
];

/**
 * A Jira timestamp (`2024-01-15T10:30:00.000+0000`) as ISO 8601 in UTC
 * (`2024-01-15T10:30:00.000Z`); null when absent or unreadable.
 */
export function normalizeTimestamp(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function name(value: unknown): string | null {
  if (value === null || typeof value !== "object") return null;
  const v = value as { displayName?: unknown; name?: unknown };
  if (typeof v.displayName === "string") return v.displayName;
  return typeof v.name === "string" ? v.name : null;
}

/** The project key of an issue: `fields.project.key`, else the part of the issue key before `-`. */
export function issueProjectKey(issue: JiraIssue): string {
  const key = issue.fields?.project?.key;
  if (typeof key === "string") return key;
  const dash = issue.key.lastIndexOf("-");
  return dash > 0 ? issue.key.slice(0, dash) : issue.key;
}

/** One `jira_issues` row (columns as core's `jiraIssuesTable`). */
export function issueRow(issue: JiraIssue): Row {
  const f = issue.fields ?? {};
  return {
    key: issue.key,
    project_key: issueProjectKey(issue),
    summary: typeof f.summary === "string" ? f.summary : null,
    description: f.description == null ? null : adfToText(f.description),
    status: name(f.status),
    priority: name(f.priority),
    issue_type: name(f.issuetype),
    assignee: name(f.assignee),
    reporter: name(f.reporter),
    labels: Array.isArray(f.labels) ? f.labels.filter((l) => typeof l === "string") : [],
    created: normalizeTimestamp(f.created),
    updated: normalizeTimestamp(f.updated),
  };
}

/** One `jira_comments` row (columns as core's `jiraCommentsTable`); its row id is `{issueKey}:{id}`. */
export function commentRow(issueKey: string, projectKey: string, comment: JiraComment): Row {
  return {
    comment_id: String(comment.id),
    issue_key: issueKey,
    project_key: projectKey,
    body: adfToText(comment.body),
    author: name(comment.author),
    created: normalizeTimestamp(comment.created),
    updated: normalizeTimestamp(comment.updated),
  };
}

/** One `jira_projects` row (columns as core's `jiraProjectsTable`). */
export function projectRow(project: JiraProject): Row {
  return {
    key: project.key,
    name: typeof project.name === "string" ? project.name : null,
    project_type: typeof project.projectTypeKey === "string" ? project.projectTypeKey : null,
    lead: name(project.lead),
  };
}
