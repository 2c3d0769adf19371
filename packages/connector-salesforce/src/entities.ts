import {
  type SalesforceConnectorConfig,
  salesforceAccountsTable,
  salesforceContactsTable,
  salesforceLeadsTable,
  salesforceOpportunitiesTable,
  type TableSchema,
} from "@lakesync/core";

/** The config flag that enables an entity. */
export type SalesforceIncludeFlag = keyof Pick<
  SalesforceConnectorConfig,
  "includeAccounts" | "includeContacts" | "includeOpportunities" | "includeLeads"
>;

/** One synced Salesforce object: where it goes and which SOQL field fills each column. */
export interface SalesforceEntity {
  /** The sObject API name: `Account`, `Contact`, `Opportunity`, `Lead`. */
  readonly sobject: string;
  /** The output table (core's schema): `sf_accounts`, ... */
  readonly schema: TableSchema;
  readonly flag: SalesforceIncludeFlag;
  /** `[column, SOQL field]`, in the table's column order; `Owner.Name` is a relationship field. */
  readonly columns: ReadonlyArray<readonly [string, string]>;
}

const OWNER_AND_AUDIT = [
  ["owner_id", "OwnerId"],
  ["owner_name", "Owner.Name"],
  ["created_date", "CreatedDate"],
  ["last_modified_date", "LastModifiedDate"],
] as const;

/** The four entities, in the spec's order. */
export const SALESFORCE_ENTITIES: readonly SalesforceEntity[] = [
  {
    sobject: "Account",
    schema: salesforceAccountsTable,
    flag: "includeAccounts",
    columns: [
      ["name", "Name"],
      ["type", "Type"],
      ["industry", "Industry"],
      ["website", "Website"],
      ["phone", "Phone"],
      ["billing_street", "BillingStreet"],
      ["billing_city", "BillingCity"],
      ["billing_state", "BillingState"],
      ["billing_postal_code", "BillingPostalCode"],
      ["billing_country", "BillingCountry"],
      ["annual_revenue", "AnnualRevenue"],
      ["number_of_employees", "NumberOfEmployees"],
      ...OWNER_AND_AUDIT,
    ],
  },
  {
    sobject: "Contact",
    schema: salesforceContactsTable,
    flag: "includeContacts",
    columns: [
      ["first_name", "FirstName"],
      ["last_name", "LastName"],
      ["email", "Email"],
      ["phone", "Phone"],
      ["title", "Title"],
      ["account_id", "AccountId"],
      ["mailing_street", "MailingStreet"],
      ["mailing_city", "MailingCity"],
      ["mailing_state", "MailingState"],
      ["mailing_postal_code", "MailingPostalCode"],
      ["mailing_country", "MailingCountry"],
      ...OWNER_AND_AUDIT,
    ],
  },
  {
    sobject: "Opportunity",
    schema: salesforceOpportunitiesTable,
    flag: "includeOpportunities",
    columns: [
      ["name", "Name"],
      ["stage_name", "StageName"],
      ["amount", "Amount"],
      ["close_date", "CloseDate"],
      ["probability", "Probability"],
      ["account_id", "AccountId"],
      ["type", "Type"],
      ["lead_source", "LeadSource"],
      ["is_closed", "IsClosed"],
      ["is_won", "IsWon"],
      ...OWNER_AND_AUDIT,
    ],
  },
  {
    sobject: "Lead",
    schema: salesforceLeadsTable,
    flag: "includeLeads",
    columns: [
      ["first_name", "FirstName"],
      ["last_name", "LastName"],
      ["company", "Company"],
      ["email", "Email"],
      ["phone", "Phone"],
      ["title", "Title"],
      ["status", "Status"],
      ["lead_source", "LeadSource"],
      ["is_converted", "IsConverted"],
      ["converted_account_id", "ConvertedAccountId"],
      ["converted_contact_id", "ConvertedContactId"],
      ["converted_opportunity_id", "ConvertedOpportunityId"],
      ...OWNER_AND_AUDIT,
    ],
  },
];

/** The entities a config enables (every flag defaults to true). */
export function enabledEntities(
  config: Partial<Pick<SalesforceConnectorConfig, SalesforceIncludeFlag>>,
): SalesforceEntity[] {
  return SALESFORCE_ENTITIES.filter((entity) => config[entity.flag] !== false);
}
