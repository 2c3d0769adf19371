/**
 * Test support: the request bodies of the spec's curl examples (docs "Dynamic Connectors"),
 * verbatim, as the bytes curl sends.
 */

export const specConnectorBodies = {
  analyticsDb: `{
"name": "analytics-db",
"type": "postgres",
"postgres": { "connectionString": "postgres://user:pass@host/analytics" }
}`,
  jiraEng: `{
"name": "jira-eng",
"type": "jira",
"jira": {
"domain": "mycompany",
"email": "bot@mycompany.com",
"apiToken": "ATATT3...",
"jql": "project = ENG"
},
"ingest": { "intervalMs": 30000 }
}`,
  sfCrm: `{
"name": "sf-crm",
"type": "salesforce",
"salesforce": {
"instanceUrl": "https://mycompany.salesforce.com",
"clientId": "3MVG9...",
"clientSecret": "ABC123...",
"username": "bot@mycompany.com",
"password": "mypasswordSECURITYTOKEN"
},
"ingest": { "intervalMs": 30000 }
}`,
  usersDb: `{
"name": "users-db",
"type": "postgres",
"postgres": { "connectionString": "postgres://user:pass@host/mydb" }
}`,
  bqEvents: `{
"name": "bq-events",
"type": "bigquery",
"bigquery": { "projectId": "my-project", "dataset": "events_ds" },
"ingest": {
"intervalMs": 30000,
"tables": [{
"table": "events",
"query": "SELECT * FROM events",
"strategy": { "type": "cursor", "cursorColumn": "updated_at" }
}]
}
}`,
  configDb: `{
"name": "config-db",
"type": "mysql",
"mysql": { "connectionString": "mysql://user:pass@host/config" },
"ingest": {
"intervalMs": 60000,
"tables": [{
"table": "feature_flags",
"query": "SELECT id, flag_name, enabled FROM feature_flags",
"strategy": { "type": "diff" }
}]
}
}`,
  jiraEngFull: `{
"name": "jira-eng",
"type": "jira",
"jira": {
"domain": "mycompany",
"email": "bot@mycompany.com",
"apiToken": "ATATT3xFfGF0...",
"jql": "project = ENG",
"includeComments": true,
"includeProjects": true
},
"ingest": { "intervalMs": 30000 }
}`,
  sfCrmFull: `{
"name": "sf-crm",
"type": "salesforce",
"salesforce": {
"instanceUrl": "https://mycompany.salesforce.com",
"clientId": "3MVG9...",
"clientSecret": "ABC123...",
"username": "bot@mycompany.com",
"password": "mypasswordSECURITYTOKEN",
"includeAccounts": true,
"includeContacts": true,
"includeOpportunities": true,
"includeLeads": true
},
"ingest": { "intervalMs": 30000 }
}`,
  myPg: `{ "name": "my-pg", "type": "postgres", "postgres": { "connectionString": "..." } }`,
  myJira: `{ "name": "my-jira", "type": "jira", "jira": { "domain": "co", "email": "...", "apiToken": "..." } }`,
  mySf: `{ "name": "my-sf", "type": "salesforce", "salesforce": { "instanceUrl": "https://co.salesforce.com", "clientId": "...", "clientSecret": "...", "username": "...", "password": "..." } }`,
  jiraMemory: `{
"name": "jira-eng",
"type": "jira",
"jira": { "domain": "co", "email": "...", "apiToken": "..." },
"ingest": {
"intervalMs": 30000,
"chunkSize": 200,
"memoryBudgetBytes": 67108864
}
}`,
} as const;

/** The secret values in those bodies: none may ever appear in a response or a log. */
export const specSecrets = [
  "postgres://user:pass@host/analytics",
  "postgres://user:pass@host/mydb",
  "mysql://user:pass@host/config",
  "ATATT3...",
  "ATATT3xFfGF0...",
  "ABC123...",
  "mypasswordSECURITYTOKEN",
  "user:pass",
] as const;

/** `POST /admin/sync-rules/:gw` from the spec. */
export const specSyncRules = `{
"buckets": [{
"name": "team-data",
"filters": [{ "column": "project_key", "op": "eq", "value": "jwt:team" }],
"tables": ["jira_issues", "jira_comments"]
}, {
"name": "my-pipeline",
"filters": [{ "column": "owner_name", "op": "eq", "value": "jwt:name" }],
"tables": ["sf_opportunities", "sf_accounts"]
}]
}`;

/** `POST /admin/schema/:gw` from the spec. */
export const specSchema = `{
"table": "jira_issues",
"columns": [
{ "name": "key", "type": "string" },
{ "name": "summary", "type": "string" },
{ "name": "status", "type": "string" }
]
}`;

/** The sync rules of the spec's Jira and Salesforce sections. */
export const specJiraRules = `{
"buckets": [{
"name": "eng-issues",
"filters": [
{ "column": "project_key", "op": "eq", "value": "ENG" }
],
"tables": ["jira_issues", "jira_comments"]
}]
}`;

export const specSalesforceRules = `{
"buckets": [{
"name": "sales-pipeline",
"filters": [
{ "column": "stage_name", "op": "neq", "value": "Closed Won" }
],
"tables": ["sf_opportunities"]
}, {
"name": "my-accounts",
"filters": [
{ "column": "owner_name", "op": "eq", "value": "jwt:name" }
],
"tables": ["sf_accounts", "sf_contacts"]
}]
}`;
