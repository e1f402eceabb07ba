import { API_VERSION, type OperationSpec } from "./operation-spec.js";
import { OPERATION_NAMES, OPERATIONS } from "./operations.js";

/** Where the SDK's copy lives, relative to the repository root. */
export const SDK_OPERATION_TABLE_PATH = "packages/sdk/src/operations/table.generated.ts";

const HEADER = `// Generated from packages/api/src/operations.ts by packages/api/scripts/write-sdk-operations.mjs: do not edit.
// After changing the api table run \`npm run sdk-operations\`; packages/api/test/sdk-operation-table.test.ts fails
// until the committed copy matches. The SDK keeps a copy (not an import) because it depends on nothing at run time.

/** How one operation goes on the wire. */
export interface WireOperation {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template relative to the API base URL (which ends in \`/${API_VERSION}\`). */
  readonly path: string;
  /** Path parameters and required query parameters: the method's positional arguments, in order. */
  readonly required: readonly string[];
  /** Query parameters in the order they are sent; each is read from the argument or option of the same name. */
  readonly query: readonly string[];
  /** Request headers besides opc-request-id: wire name → the option holding the value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The operation takes a JSON request body. */
  readonly body: boolean;
  /** An \`opc-retry-token\` is generated when the caller gives none, and reused on every retry. */
  readonly retryToken: boolean;
  /** \`json\`: a model; \`stream\`: raw bytes handed to the caller; \`none\`: no body. */
  readonly response: "json" | "stream" | "none";
}
`;

/**
 * The SDK's operation table as TypeScript source: the wire facts of each operation (method, path, parameters,
 * headers, response kind) taken from OPERATIONS, so the SDK cannot drift from what the server serves.
 */
export function renderSdkOperationTable(): string {
  const entries = OPERATION_NAMES.map((name) => renderEntry(OPERATIONS[name]));
  return `${HEADER}
/** The ${OPERATION_NAMES.length} operations, keyed by the SDK's method name. */
export const OPERATION_TABLE = {
${entries.join("")}} as const satisfies Record<string, WireOperation>;

export type OperationMethodName = keyof typeof OPERATION_TABLE;
`;
}

function renderEntry(spec: OperationSpec): string {
  const prefix = `/${API_VERSION}`;
  if (!spec.path.startsWith(prefix)) throw new Error(`${spec.name}: path ${spec.path} lacks ${prefix}`);
  const headers = spec.parameters.filter((p) => p.in === "header" && p.name !== "opc-request-id");
  for (const p of spec.parameters) {
    // The SDK reads path and query values from arguments and options named as on the wire.
    if (p.in !== "header" && p.name !== p.sdkName)
      throw new Error(`${spec.name}: ${p.name} is ${p.sdkName} in the SDK`);
  }
  const fields: Array<[string, unknown]> = [
    ["method", spec.method],
    ["path", spec.path.slice(prefix.length)],
    ["required", spec.parameters.filter((p) => p.required && p.in !== "header").map((p) => p.sdkName)],
    ["query", spec.parameters.filter((p) => p.in === "query").map((p) => p.sdkName)],
    ["headers", Object.fromEntries(headers.map((p) => [p.name, p.sdkName]))],
    ["body", spec.requestBody !== undefined],
    ["retryToken", headers.some((p) => p.name === "opc-retry-token")],
    ["response", spec.response.kind === "binary" ? "stream" : spec.response.kind],
  ];
  const lines = fields.map(([key, value]) => `    ${key}: ${JSON.stringify(value)},\n`);
  return `  ${spec.methodName}: {\n${lines.join("")}  },\n`;
}
