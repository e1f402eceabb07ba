/** ANSI styling, or none: colours only on a terminal, and never when NO_COLOR is set (no-color.org). */
export interface Style {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Style = {
  bold: wrap(1, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
};
const PLAIN: Style = { bold: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t, dim: (t) => t };

export function styleFor(isTty: boolean | undefined, env: NodeJS.ProcessEnv): Style {
  return isTty && !env.NO_COLOR ? COLOURS : PLAIN;
}

/** Colour for a lifecycle state or work request status in tables. */
export function stateColour(style: Style, value: string): string {
  if (/^(ACTIVE|SUCCEEDED|AVAILABLE)$/.test(value)) return style.green(value);
  if (/^(FAILED|CANCELED|DELETED|TERMINATED)$/.test(value)) return style.red(value);
  if (/^(CREATING|UPDATING|DELETING|IN_PROGRESS|ACCEPTED|CANCELING)$/.test(value)) return style.yellow(value);
  return value;
}
