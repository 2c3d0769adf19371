import type { ColumnType, TableSchema } from "../../schema/index.js";
import { deepFreeze } from "../deep-freeze.js";

/**
 * The tables the Jira connector writes. Row ids: the issue key (`ENG-42`) for
 * `jira_issues`, `{issueKey}:{commentId}` for `jira_comments`, the project key
 * (`ENG`) for `jira_projects`. People are display names; rich text (Atlassian
 * Document Format) is flattened to plain text; timestamps are ISO 8601 strings.
 */

function table(name: string, columns: ReadonlyArray<readonly [string, ColumnType]>): TableSchema {
  return deepFreeze({ table: name, columns: columns.map(([n, type]) => ({ name: n, type })) });
}

/** `jira_issues`: one row per issue, keyed by its issue key. */
export const jiraIssuesTable: TableSchema = table("jira_issues", [
  ["key", "string"],
  ["project_key", "string"],
  ["summary", "string"],
  ["description", "string"],
  ["status", "string"],
  ["priority", "string"],
  ["issue_type", "string"],
  ["assignee", "string"],
  ["reporter", "string"],
  ["labels", "json"],
  ["created", "timestamp"],
  ["updated", "timestamp"],
]);

/** `jira_comments`: one row per comment, keyed by `{issueKey}:{commentId}`. */
export const jiraCommentsTable: TableSchema = table("jira_comments", [
  ["comment_id", "string"],
  ["issue_key", "string"],
  ["project_key", "string"],
  ["body", "string"],
  ["author", "string"],
  ["created", "timestamp"],
  ["updated", "timestamp"],
]);

/** `jira_projects`: one row per project, keyed by its project key. */
export const jiraProjectsTable: TableSchema = table("jira_projects", [
  ["key", "string"],
  ["name", "string"],
  ["project_type", "string"],
  ["lead", "string"],
]);

/** Every table the Jira connector writes, in the spec's order. */
export const jiraOutputTables: ReadonlyArray<TableSchema> = deepFreeze([
  jiraIssuesTable,
  jiraCommentsTable,
  jiraProjectsTable,
]);
