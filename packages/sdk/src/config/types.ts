/**
 * The client configuration, keyed exactly like the OCI config file (and the Python SDK's config dict), so a
 * profile read by `fromFile` and a hand-written object look the same.
 */
export interface OciConfig {
  user: string;
  fingerprint: string;
  tenancy: string;
  region: string;
  /** Path of the PEM private key; `~/` is expanded. */
  key_file?: string;
  /** The PEM private key itself; wins over `key_file`. */
  key_content?: string;
  /** Passphrase of an encrypted private key. */
  pass_phrase?: string;
  /** Any other key of the profile is kept (e.g. `security_token_file`) but not used by this SDK. */
  [key: string]: string | undefined;
}
