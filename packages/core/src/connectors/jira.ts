import { z } from "zod";
import { flag, optionalHttpUrl, optionalText, requiredText, secretText } from "./fields.js";

/** The `jira` block of a `type: "jira"` connector. */
export const jiraConfigSchema = z
  .strictObject({
    domain: requiredText("Atlassian site name: mycompany for mycompany.atlassian.net.").regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
      "must be the Atlassian site name only, e.g. mycompany for mycompany.atlassian.net",
    ),
    email: requiredText("Email of the Atlassian account the API token belongs to."),
    apiToken: secretText("Atlassian API token of that account."),
    jql: optionalText(
      'JQL that scopes the synced issues, e.g. "project = ENG". Omit to sync every issue.',
    ),
    includeComments: flag(true, "Sync issue comments into jira_comments. Default true."),
    includeProjects: flag(true, "Sync projects into jira_projects. Default true."),
    baseUrl: optionalHttpUrl(
      "Jira base URL. Omit for https://{domain}.atlassian.net (set it for a proxy or a test server).",
    ),
  })
  .describe("Jira Cloud connection settings.");

/** A validated `jira` block (defaults applied). */
export type JiraConnectorConfig = z.output<typeof jiraConfigSchema>;
