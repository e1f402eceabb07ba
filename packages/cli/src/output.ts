/** Where a command writes; injected so tests can capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours in tables only then). */
  isTty: boolean;
  /** Whether stderr is a terminal (progress indicators and coloured errors only then). */
  errIsTty?: boolean;
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  errIsTty: Boolean(process.stderr.isTTY),
};
