/** The create form's fields. */
export type Field =
  | "displayName"
  | "imageUrl"
  | "command"
  | "arguments"
  | "environment"
  | "availabilityDomain"
  | "shape"
  | "ocpus"
  | "memoryInGBs"
  | "restartPolicy"
  | "subnetId"
  | "publishedPorts";

/** Which wire name in an API message points at which field of the form (first match wins). */
const WIRE_NAMES: Array<[Field, RegExp]> = [
  ["publishedPorts", /caisson\.publish/],
  ["imageUrl", /imageUrl/],
  ["command", /\bcommand\b/],
  ["arguments", /\barguments\b/],
  ["environment", /environmentVariables/],
  ["ocpus", /ocpus/],
  ["memoryInGBs", /memoryInGBs/],
  ["restartPolicy", /containerRestartPolicy/],
  ["subnetId", /subnetId|subnet\b/i],
  ["availabilityDomain", /availabilityDomain/],
  ["shape", /\bshape\b(?!Config)/],
  ["displayName", /^\/?displayName|^displayName/],
];

/** Splits an API validation message ("a: problem; b: problem") into the fields it names; the rest is general. */
export function fieldErrors(message: string): { byField: Partial<Record<Field, string>>; general: string[] } {
  const byField: Partial<Record<Field, string>> = {};
  const general: string[] = [];
  for (const part of message.split(/;\s+/)) {
    const field = WIRE_NAMES.find(([, pattern]) => pattern.test(part))?.[0];
    if (field) byField[field] = byField[field] ? `${byField[field]}; ${part}` : part;
    else general.push(part);
  }
  return { byField, general };
}
