/** One line of `caisson doctor`: what Caisson needs, what it found, and the command that fixes a problem. */
export interface DoctorCheck {
  /** Short name of what is checked: "node", "engine", "probe", "data-dir", … */
  name: string;
  /**
   * ok: fine; info: what was tried (e.g. a socket nobody listens on, when another answered); warn: Caisson runs,
   * but something is worth knowing; fail: `caisson serve` cannot do its job here.
   */
  status: "ok" | "info" | "warn" | "fail";
  /** What was found, in one line. */
  found: string;
  /** The command (or step) that fixes a warn or a fail. */
  fix?: string;
}

export const ok = (name: string, found: string): DoctorCheck => ({ name, status: "ok", found });
export const info = (name: string, found: string): DoctorCheck => ({ name, status: "info", found });
export const warn = (name: string, found: string, fix?: string): DoctorCheck => ({
  name,
  status: "warn",
  found,
  ...(fix && { fix }),
});
export const fail = (name: string, found: string, fix: string): DoctorCheck => ({ name, status: "fail", found, fix });
