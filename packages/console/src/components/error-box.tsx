import { ApiFailure } from "../api.js";

/** An API failure as the API said it: code and message. */
export function ErrorBox({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error instanceof ApiFailure ? <strong>{error.code}: </strong> : null}
      {error.message}
    </p>
  );
}
