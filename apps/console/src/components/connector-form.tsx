import { LakeSyncApiError } from "@lakesync/client";
import type { ConnectorDescriptor } from "@lakesync/core";
import { type FormEvent, useMemo, useState } from "react";
import { connectorBodySchema } from "../connector-body-schema.js";
import {
  FieldErrorsProvider,
  type FieldIssue,
  type FormValue,
  initialValue,
  prune,
  SchemaField,
  validate,
} from "../schema-form/index.js";

/**
 * The register form of one type, rendered from its descriptor's schemas. Checks the schema
 * before sending; a 400's `issues` are shown beside the fields they name.
 */
export function ConnectorForm(props: {
  descriptor: Readonly<ConnectorDescriptor>;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const schema = useMemo(() => connectorBodySchema(props.descriptor), [props.descriptor]);
  const [value, setValue] = useState<FormValue>(() => initialValue(schema));
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validate(schema, value);
    setIssues(local);
    if (local.length > 0) {
      setMessage("Fix the highlighted fields.");
      return;
    }
    setMessage(null);
    setBusy(true);
    try {
      const body = prune(value) as Record<string, unknown>;
      await props.onSubmit({ ...body, type: props.descriptor.type });
    } catch (error) {
      if (error instanceof LakeSyncApiError) {
        setIssues(error.issues);
        setMessage(error.message);
      } else {
        setMessage(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="connector-form" onSubmit={submit} noValidate>
      <FieldErrorsProvider issues={issues}>
        <SchemaField
          schema={schema}
          path={[]}
          value={value}
          onChange={setValue}
          required
          label={`New ${props.descriptor.displayName} connector`}
        />
      </FieldErrorsProvider>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add connector"}
      </button>
    </form>
  );
}
