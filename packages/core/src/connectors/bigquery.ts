import { z } from "zod";
import { optionalHttpUrl, optionalText, requiredText } from "./fields.js";

/** The `bigquery` block of a `type: "bigquery"` connector. */
export const bigqueryConfigSchema = z
  .strictObject({
    projectId: requiredText("Google Cloud project id, e.g. my-project."),
    dataset: requiredText("BigQuery dataset holding the tables, e.g. events_ds.")
      .max(1024)
      .regex(/^[A-Za-z0-9_]*$/, "must contain only letters, digits and '_'"),
    keyFilename: optionalText(
      "Path to a service account key file on the gateway server. Omit to use application default credentials.",
    ),
    location: optionalText("Dataset location, e.g. US or europe-west1."),
    apiEndpoint: optionalHttpUrl(
      "BigQuery API endpoint, for an emulator (e.g. http://localhost:9050). Omit for Google's.",
    ),
  })
  .describe("BigQuery connection settings.");

/** A validated `bigquery` block. */
export type BigQueryConnectorConfig = z.output<typeof bigqueryConfigSchema>;
