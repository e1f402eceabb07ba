// Writes the collected figures as bench/results/latest.json and a Markdown table, bench/results/latest.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const cell = (v) => (v === null || v === undefined ? "" : String(v).replaceAll("|", "\\|"));

export function markdown(run) {
  const lines = [
    "# Caisson benchmarks",
    "",
    `Run ${run.startedAt} on ${run.machine.cpus} × ${run.machine.cpuModel}, Node ${run.machine.node}, ${run.machine.platform}; ` +
      `load average at start ${run.machine.loadAverageAtStart?.join(" ") ?? "?"}; ${Math.round(run.durationMs / 1000)} s. Ratios compare with a baseline measured in the same run; absolute ` +
      "times are for information only. See bench/README.md.",
    "",
  ];
  for (const suite of run.suites) {
    lines.push(`## ${suite.name}`, "");
    if (suite.skipped) {
      lines.push(`Skipped: ${suite.skipped}`, "");
      continue;
    }
    if (suite.error) {
      lines.push("Failed:", "", "```", suite.error, "```", "");
    }
    if (suite.figures.length > 0) {
      lines.push("| figure | value | baseline | ratio | goal | met |", "|---|---:|---:|---:|---|:---:|");
      for (const f of suite.figures) {
        const met = f.met === null ? "" : f.met ? "yes" : "**no**";
        const value = `${cell(f.value)}${f.unit ? ` ${f.unit}` : ""}`;
        const baseline = f.baseline === null ? "" : `${cell(f.baseline)}${f.unit ? ` ${f.unit}` : ""}`;
        lines.push(`| ${cell(f.figure)} | ${value} | ${baseline} | ${cell(f.ratio)} | ${cell(f.goal)} | ${met} |`);
      }
      lines.push("");
    }
    for (const note of suite.notes ?? []) lines.push(`- ${note}`);
    if ((suite.notes ?? []).length > 0) lines.push("");
    lines.push(`(${Math.round(suite.durationMs / 1000)} s)`, "");
  }
  const all = run.suites.flatMap((s) => s.figures ?? []).filter((f) => f.met !== null);
  lines.push(`Goals met: ${all.filter((f) => f.met).length} of ${all.length}.`, "");
  return lines.join("\n");
}

export function writeReport(dir, run) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(dir, "latest.md"), markdown(run));
}
