import type { AgentDiagnosis, DoctorReport } from "@wo/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { formatTable } from "../format.js";

/** `wo doctor [--json] [--fix]` */
export const doctor = defineCommand(
  (parent) =>
    parent
      .command("doctor")
      .description(
        "check the agents (installed, version, flags, one-time consent for this repository), tmux, git and the root case",
      )
      .option(
        "--fix",
        "record the consent the agents still need (Claude Code's trust of this repository, onboarding, API key approval), after a backup",
      )
      .option("--json", "print JSON"),
  async (ctx, opts) => {
    const { Orchestrator } = await import("@wo/core");
    const report = await Orchestrator.doctor({ cwd: ctx.cwd, env: ctx.io.env, fix: opts.fix ?? false });
    if (opts.json) ctx.json(report);
    else ctx.out(doctorText(ctx, report));
    return report.ok ? 0 : 1;
  },
);

/** The human report: tools, agents, what is missing and what to do. */
function doctorText(ctx: Context, report: DoctorReport): string {
  const { green, red, yellow, dim } = ctx.colors;
  const lines: string[] = [];
  if (report.fixed) {
    lines.push(
      `${green("Recorded")} ${report.fixed.changed.join(", ")} in ${report.fixed.file}` +
        (report.fixed.backup ? ` (backup: ${report.fixed.backup})` : ""),
      "",
    );
  }
  lines.push(
    formatTable(
      [
        ...report.tools.map((t) => ({
          name: t.name,
          state: t.path ? (t.version ?? "installed") : "missing",
        })),
        ...report.agents.map((a) => ({ name: a.name, state: agentState(a) })),
      ],
      [
        { header: "PROGRAM", value: (row) => row.name },
        {
          header: "STATE",
          value: (row) => row.state,
          color: (cell, row) =>
            row.state === "missing" ? red(cell) : row.state === "not installed" ? dim(cell) : cell,
        },
      ],
    ).trimEnd(),
  );
  for (const agent of report.agents.filter((a) => a.path !== null)) {
    for (const flag of agent.flags.filter((f) => !f.inHelp))
      lines.push(
        `${yellow("warning:")} ${agent.program} --help does not list ${flag.flag} (wo starts it with it)`,
      );
    for (const problem of agent.consent) {
      const label = agent.configured ? red("needed:") : yellow("for --agent " + agent.name + ":");
      lines.push(`${label} ${problem.message}`, `  ${problem.hint}`);
    }
  }
  if (report.root.isRoot)
    lines.push(
      `Running as root${report.root.sandbox ? " with IS_SANDBOX=1" : " (Claude Code needs IS_SANDBOX=1 in a container or sandbox)"}`,
    );
  lines.push(
    "",
    report.ok
      ? green(`Ready: ${report.agent} can run unattended here`)
      : red(`Not ready: ${report.agent} (the configured agent) or git/tmux needs attention, see above`),
  );
  return `${lines.join("\n")}\n`;
}

function agentState(agent: AgentDiagnosis): string {
  if (agent.path === null) return agent.configured ? "missing" : "not installed";
  const tag = agent.configured ? " (configured)" : "";
  return `${agent.version ?? "installed"}${tag}`;
}
