import { z } from "zod";
import {
  flag,
  httpUrl,
  optionalHttpUrl,
  optionalText,
  requiredText,
  secretText,
} from "./fields.js";

/** The Salesforce REST API version used when `apiVersion` is omitted. */
export const DEFAULT_SALESFORCE_API_VERSION = "62.0";

/** The `salesforce` block of a `type: "salesforce"` connector. */
export const salesforceConfigSchema = z
  .strictObject({
    instanceUrl: httpUrl("Your Salesforce instance URL, e.g. https://mycompany.my.salesforce.com."),
    clientId: requiredText("Consumer key of the Connected App."),
    clientSecret: secretText("Consumer secret of the Connected App."),
    username: requiredText("Salesforce username of the integration user."),
    password: secretText("Password of that user followed by its security token, no separator."),
    apiVersion: z
      .string()
      .regex(/^\d+\.\d$/, 'must be a Salesforce API version such as "62.0"')
      .default(DEFAULT_SALESFORCE_API_VERSION)
      .describe('REST API version, e.g. "62.0". Default "62.0".'),
    isSandbox: flag(false, "Authenticate against test.salesforce.com. Default false."),
    soqlFilter: optionalText(
      "SOQL WHERE fragment applied to every query, e.g. Type = 'Customer'. Omit to sync all records.",
    ),
    includeAccounts: flag(true, "Sync accounts into sf_accounts. Default true."),
    includeContacts: flag(true, "Sync contacts into sf_contacts. Default true."),
    includeOpportunities: flag(true, "Sync opportunities into sf_opportunities. Default true."),
    includeLeads: flag(true, "Sync leads into sf_leads. Default true."),
    loginUrl: optionalHttpUrl(
      "OAuth login URL. Omit for https://login.salesforce.com (https://test.salesforce.com when isSandbox).",
    ),
  })
  .describe("Salesforce connection settings.");

/** A validated `salesforce` block (defaults applied). */
export type SalesforceConnectorConfig = z.output<typeof salesforceConfigSchema>;
