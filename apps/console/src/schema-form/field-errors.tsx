import { createContext, type ReactNode, useContext } from "react";
import type { FieldIssue } from "./validate.js";

const FieldErrorsContext = createContext<readonly FieldIssue[]>([]);

/** Makes issues (the form's own or the server's 400 `issues`) visible to the fields they name. */
export function FieldErrorsProvider(props: { issues: readonly FieldIssue[]; children: ReactNode }) {
  return (
    <FieldErrorsContext.Provider value={props.issues}>{props.children}</FieldErrorsContext.Provider>
  );
}

/** The messages for exactly this path (`postgres.connectionString`). */
export function useFieldErrors(path: string): string[] {
  return useContext(FieldErrorsContext)
    .filter((issue) => issue.path === path)
    .map((issue) => issue.message);
}

/** The messages beside a field, announced to screen readers. */
export function FieldErrorList(props: { path: string }) {
  const messages = useFieldErrors(props.path);
  if (messages.length === 0) return null;
  return (
    <ul className="field-errors" role="alert" data-error-for={props.path}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
