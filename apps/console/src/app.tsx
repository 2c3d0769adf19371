import { LakeSyncProvider } from "@lakesync/react";
import { useState } from "react";
import { AddConnectorPage } from "./pages/add-connector-page.js";
import { ConnectorsPage } from "./pages/connectors-page.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { clearSession, loadSession, type Session, saveSession } from "./session.js";

/** Sign-in, then the connector list or the add form. */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [view, setView] = useState<"list" | "add">("list");
  if (!session) {
    return (
      <SignInPage
        onSignIn={(next) => {
          saveSession(next);
          setSession(next);
        }}
      />
    );
  }
  return (
    <LakeSyncProvider url={session.url} gatewayId={session.gatewayId} token={session.token}>
      {view === "list" ? (
        <ConnectorsPage
          gatewayId={session.gatewayId}
          onAdd={() => setView("add")}
          onSignOut={() => {
            clearSession();
            setSession(null);
          }}
        />
      ) : (
        <AddConnectorPage onDone={() => setView("list")} />
      )}
    </LakeSyncProvider>
  );
}
