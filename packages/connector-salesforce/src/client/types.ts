/** The parts of Salesforce REST API and OAuth bodies the connector reads. */

/** A record of a SOQL result: the selected fields by API name, plus `attributes`. */
export interface SalesforceRecord {
  readonly attributes?: { readonly type?: string; readonly url?: string };
  readonly Id: string;
  readonly [field: string]: unknown;
}

/** `GET /services/data/vXX.X/queryAll?q=...` and its `nextRecordsUrl` pages. */
export interface SalesforceQueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly SalesforceRecord[];
}

/** `POST /services/oauth2/token` (username-password flow) success body. */
export interface SalesforceTokenResponse {
  readonly access_token: string;
  readonly instance_url: string;
  readonly id?: string;
  readonly token_type?: string;
  readonly issued_at?: string;
  readonly signature?: string;
}

/** A REST error body element: Salesforce answers `[{ message, errorCode, fields? }]`. */
export interface SalesforceErrorItem {
  readonly message?: string;
  readonly errorCode?: string;
  readonly fields?: readonly string[];
}
