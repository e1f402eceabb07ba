import type { Options } from "./spec.js";

/** Flags every command that talks to a server accepts, named as the OCI CLI names them. */
export const CONNECTION_OPTIONS: Options = {
  "config-file": {
    type: "string",
    placeholder: "FILE",
    description: "OCI config file (default ~/.caisson/config if it exists, else ~/.oci/config)",
  },
  profile: { type: "string", placeholder: "NAME", description: "profile in the config file (default DEFAULT)" },
  endpoint: {
    type: "string",
    placeholder: "URL",
    description: "Caisson's address (default $CAISSON_ENDPOINT, else http://127.0.0.1:9911)",
  },
  output: { type: "string", short: "o", placeholder: "FORMAT", description: "json (default) or table" },
  "no-retry": { type: "boolean", description: "do not retry failed requests" },
};

export const HELP_OPTION: Options = {
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** List flags shared by every list command. */
export const LIST_OPTIONS: Options = {
  all: { type: "boolean", description: "fetch every page" },
  limit: { type: "string", placeholder: "N", description: "items per page (1..1000)" },
  page: { type: "string", placeholder: "TOKEN", description: "page token from a previous opc-next-page" },
};

/** Flags of commands answered by a work request, with the OCI CLI's names and defaults. */
export const WAIT_OPTIONS: Options = {
  "wait-for-state": {
    type: "string",
    multiple: true,
    placeholder: "STATE",
    description: "wait until the work request is in STATE (ACCEPTED, IN_PROGRESS, SUCCEEDED, FAILED, …)",
  },
  "max-wait-seconds": {
    type: "string",
    placeholder: "N",
    description: "give up waiting after N seconds (default 1200)",
  },
  "wait-interval-seconds": {
    type: "string",
    placeholder: "N",
    description: "longest pause between polls (default 30; polls back off 1, 2, 4 … N s)",
  },
};

export const IF_MATCH_OPTION: Options = {
  "if-match": { type: "string", placeholder: "ETAG", description: "act only if the resource's etag still matches" },
};
