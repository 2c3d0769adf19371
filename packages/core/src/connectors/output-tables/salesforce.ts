import type { ColumnType, TableSchema } from "../../schema/index.js";
import { deepFreeze } from "../deep-freeze.js";

/**
 * The tables the Salesforce connector writes, one per entity type. Each row id is the
 * record's Salesforce Id (`001...`, `003...`, `006...`, `00Q...`). Columns are the
 * snake_case names of the SOQL fields; `owner_name` is `Owner.Name`. Dates and
 * date-times are ISO 8601 strings.
 */

function table(name: string, columns: ReadonlyArray<readonly [string, ColumnType]>): TableSchema {
  return deepFreeze({ table: name, columns: columns.map(([n, type]) => ({ name: n, type })) });
}

const owner = [
  ["owner_id", "string"],
  ["owner_name", "string"],
] as const;

const audit = [
  ["created_date", "timestamp"],
  ["last_modified_date", "timestamp"],
] as const;

/** `sf_accounts`: Account records. */
export const salesforceAccountsTable: TableSchema = table("sf_accounts", [
  ["name", "string"],
  ["type", "string"],
  ["industry", "string"],
  ["website", "string"],
  ["phone", "string"],
  ["billing_street", "string"],
  ["billing_city", "string"],
  ["billing_state", "string"],
  ["billing_postal_code", "string"],
  ["billing_country", "string"],
  ["annual_revenue", "number"],
  ["number_of_employees", "number"],
  ...owner,
  ...audit,
]);

/** `sf_contacts`: Contact records. */
export const salesforceContactsTable: TableSchema = table("sf_contacts", [
  ["first_name", "string"],
  ["last_name", "string"],
  ["email", "string"],
  ["phone", "string"],
  ["title", "string"],
  ["account_id", "string"],
  ["mailing_street", "string"],
  ["mailing_city", "string"],
  ["mailing_state", "string"],
  ["mailing_postal_code", "string"],
  ["mailing_country", "string"],
  ...owner,
  ...audit,
]);

/** `sf_opportunities`: Opportunity records. */
export const salesforceOpportunitiesTable: TableSchema = table("sf_opportunities", [
  ["name", "string"],
  ["stage_name", "string"],
  ["amount", "number"],
  ["close_date", "timestamp"],
  ["probability", "number"],
  ["account_id", "string"],
  ["type", "string"],
  ["lead_source", "string"],
  ["is_closed", "boolean"],
  ["is_won", "boolean"],
  ...owner,
  ...audit,
]);

/** `sf_leads`: Lead records. */
export const salesforceLeadsTable: TableSchema = table("sf_leads", [
  ["first_name", "string"],
  ["last_name", "string"],
  ["company", "string"],
  ["email", "string"],
  ["phone", "string"],
  ["title", "string"],
  ["status", "string"],
  ["lead_source", "string"],
  ["is_converted", "boolean"],
  ["converted_account_id", "string"],
  ["converted_contact_id", "string"],
  ["converted_opportunity_id", "string"],
  ...owner,
  ...audit,
]);

/** Every table the Salesforce connector writes, in the spec's order. */
export const salesforceOutputTables: ReadonlyArray<TableSchema> = deepFreeze([
  salesforceAccountsTable,
  salesforceContactsTable,
  salesforceOpportunitiesTable,
  salesforceLeadsTable,
]);
