import { type FormEvent, useState } from "react";
import { LabeledInput } from "../components/labeled-input.js";
import type { Session } from "../session.js";

/** Gateway URL (default: this page's origin), gateway id and admin token. */
export function SignInPage(props: { onSignIn: (session: Session) => void }) {
  const [url, setUrl] = useState(window.location.origin);
  const [gatewayId, setGatewayId] = useState("");
  const [token, setToken] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSignIn({ url: url.trim().replace(/\/+$/, ""), gatewayId: gatewayId.trim(), token });
  };
  return (
    <main className="sign-in">
      <h1>LakeSync console</h1>
      <form onSubmit={submit}>
        <LabeledInput label="Gateway URL" name="url" type="url" value={url} onChange={setUrl} />
        <LabeledInput
          label="Gateway id"
          name="gatewayId"
          value={gatewayId}
          onChange={setGatewayId}
        />
        <LabeledInput
          label="Admin token"
          name="token"
          type="password"
          value={token}
          onChange={setToken}
        />
        <p className="hint">The token stays in this tab (sessionStorage) until you sign out.</p>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
