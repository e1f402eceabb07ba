// A figure is one line of the report: a measured value, the baseline it is compared with (measured in the
// same run), their ratio, and the goal it is held to.
import { round } from "./stats.mjs";

const COMPARE = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "=": (a, b) => a === b,
};

/**
 * @param {{figure: string, value: number, unit?: string, baseline?: number,
 *   goal?: {on: "ratio" | "value", op: "<" | "<=" | ">" | ">=" | "=", target: number}, info?: string}} f
 */
export function figure(f) {
  const ratio = f.baseline === undefined || f.baseline === 0 ? undefined : f.value / f.baseline;
  let met;
  let goal;
  if (f.goal) {
    const subject = f.goal.on === "ratio" ? ratio : f.value;
    met = subject === undefined || !Number.isFinite(subject) ? false : COMPARE[f.goal.op](subject, f.goal.target);
    goal = `${f.goal.on === "ratio" ? "ratio" : "value"} ${f.goal.op} ${f.goal.target}${f.goal.on === "value" && f.unit ? ` ${f.unit}` : ""}`;
  }
  return {
    figure: f.figure,
    value: round(f.value),
    unit: f.unit ?? "",
    baseline: f.baseline === undefined ? null : round(f.baseline),
    ratio: ratio === undefined ? null : round(ratio),
    goal: goal ?? null,
    met: met ?? null,
    ...(f.info && { info: f.info }),
  };
}

/** Figures printed for information only (absolute times): no goal. */
export const info = (name, value, unit, note) => figure({ figure: name, value, unit, ...(note && { info: note }) });
