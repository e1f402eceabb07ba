import { useState } from "preact/hooks";
import type { Session } from "../api.js";
import { ErrorBox } from "../components/error-box.js";
import { fromConfigFile, type KeySignIn, signInWithKey } from "../session.js";

/**
 * Sign-in with an API key: the user's ids (typed, or read from a pasted OCI config file) and the private key
 * (pasted or read from a file by the browser). The key is used by WebCrypto in this page and never sent.
 */
export function SignInPage({ onSignedIn, notice }: { onSignedIn: (s: Session) => void; notice?: string }) {
  const [form, setForm] = useState<KeySignIn>({ tenancyId: "", userId: "", fingerprint: "", privateKeyPem: "" });
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof KeySignIn) => (event: Event) =>
    setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signInWithKey(form));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Caisson console</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      <p>
        Sign in with your API key. The private key stays in this page: the browser signs a one-time challenge with it,
        and only the signature is sent. The operator can instead open the link <code>caisson serve</code> printed.
      </p>
      <form onSubmit={submit} aria-label="Sign in with an API key">
        <label>
          OCI config file (optional: fills in the ids below)
          <textarea
            name="config"
            rows={3}
            placeholder="[DEFAULT]&#10;user=ocid1.user…&#10;fingerprint=…&#10;tenancy=ocid1.tenancy…"
            onInput={(e) => setForm({ ...form, ...fromConfigFile((e.currentTarget as HTMLTextAreaElement).value) })}
          />
        </label>
        <label>
          Tenancy OCID
          <input name="tenancyId" required value={form.tenancyId} onInput={set("tenancyId")} autoComplete="off" />
        </label>
        <label>
          User OCID
          <input name="userId" required value={form.userId} onInput={set("userId")} autoComplete="off" />
        </label>
        <label>
          Key fingerprint
          <input name="fingerprint" required value={form.fingerprint} onInput={set("fingerprint")} autoComplete="off" />
        </label>
        <label>
          Private key (PEM)
          <textarea
            name="privateKey"
            rows={6}
            required
            spellcheck={false}
            value={form.privateKeyPem}
            onInput={set("privateKeyPem")}
            placeholder="-----BEGIN PRIVATE KEY-----"
          />
        </label>
        <label>
          …or read it from a file
          <input
            type="file"
            name="privateKeyFile"
            accept=".pem,.key,text/plain"
            onChange={async (e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) setForm({ ...form, privateKeyPem: await file.text() });
            }}
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
