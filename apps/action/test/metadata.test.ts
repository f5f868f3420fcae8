import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS } from "../src/inputs.js";
import { stepReport } from "../src/outputs.js";
import type { Outcome } from "../src/run.js";
import { FAN_OUT, runScripts, stepScript } from "./helpers.js";

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8");

interface ActionMetadata {
  inputs: Map<string, Record<string, string>>;
  outputs: Map<string, Record<string, string>>;
  runs: Record<string, string>;
}

/** action.yml's sections as flat maps (its layout: two-space keys, four-space properties, one-line scalars). */
function readActionYml(text: string): ActionMetadata {
  const sections: Record<string, Map<string, Record<string, string>>> = {};
  const runs: Record<string, string> = {};
  let section = "";
  let key = "";
  for (const line of text.split("\n")) {
    const top = /^([a-z-]+):/.exec(line);
    const entry = /^ {2}([a-z-]+):\s*(.*)$/.exec(line);
    const property = /^ {4}([a-z-]+):\s*(.*)$/.exec(line);
    const unquote = (value: string) =>
      /^".*"$/.test(value)
        ? (JSON.parse(value) as string)
        : /^'.*'$/.test(value)
          ? value.slice(1, -1).replaceAll("''", "'")
          : value;
    if (top) {
      section = top[1] as string;
      sections[section] ??= new Map();
    } else if (entry && section === "runs") runs[entry[1] as string] = unquote(entry[2] as string);
    else if (entry) {
      key = entry[1] as string;
      sections[section]?.set(key, {});
    } else if (property) {
      const props = sections[section]?.get(key);
      if (props) props[property[1] as string] = unquote(property[2] as string);
    }
  }
  return { inputs: sections.inputs ?? new Map(), outputs: sections.outputs ?? new Map(), runs };
}

const metadata = readActionYml(read("../action.yml"));

describe("action.yml", () => {
  it("runs the bundled dist/index.cjs on node24", () => {
    expect(metadata.runs).toEqual({ using: "node24", main: "dist/index.cjs" });
    expect(existsSync(fileURLToPath(new URL("../dist/index.cjs", import.meta.url)))).toBe(true);
  });

  it("declares the defaults the code applies when the runner does not", () => {
    const declared = Object.fromEntries(
      [...metadata.inputs]
        .filter(([, props]) => props.default !== undefined)
        .map(([name, props]) => [name, props.default]),
    );
    expect(declared).toEqual(INPUT_DEFAULTS);
  });

  it("documents every input and output in the README, copied faithfully", () => {
    const readme = read("../README.md").split("\n");
    const rows = [
      ...[...metadata.inputs].map(
        ([name, p]) =>
          `| \`${name}\` | ${p.required === "true" ? "yes" : "no"} | ${p.default ? `\`${p.default}\`` : ""} | ${p.description} |`,
      ),
      ...[...metadata.outputs].map(([name, p]) => `| \`${name}\` | ${p.description} |`),
    ];
    expect(rows).toHaveLength(31);
    expect(rows.filter((row) => !readme.includes(row))).toEqual([]);
  });

  it("declares exactly the outputs the modes write", () => {
    const outcomes = [
      { mode: "plan", plan: {}, manifest: "", documents: [], matrix: { include: [] } },
      { mode: "monitor", markdown: "", complete: [], blocked: [], allComplete: false },
      { mode: "integrate", branch: "integration/x", merged: [], conflicts: [], skipped: [], markdown: "" },
      { mode: "check", failed: [], retry: { include: [] }, escalated: [], prompts: "", markdown: "" },
    ] as unknown as Outcome[];
    const written = new Set(outcomes.flatMap((outcome) => Object.keys(stepReport(outcome).outputs)));
    expect([...written].sort()).toEqual([...metadata.outputs.keys()].sort());
  });
});

/** `${{ <expression> }}`, GitHub's expression syntax. */
function expression(text: string): string {
  return ["$", "{{ ", text, " }}"].join("");
}

describe("docs/workflows/fan-out.yml", () => {
  const workflow = readFileSync(FAN_OUT, "utf8");
  const opening = expression("").slice(0, 3);

  it("never puts an expression into a run: script, where it would be pasted into the shell", () => {
    const scripts = runScripts(workflow);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    expect(scripts.filter((s) => s.script.includes(opening)).map((s) => s.line)).toEqual([]);
    // The scanner itself catches an interpolated script.
    const bad = runScripts(
      `    steps:\n      - run: |\n          echo ok\n          echo "${expression("matrix.prompt")}"\n`,
    );
    expect(bad.filter((s) => s.script.includes(opening))).toHaveLength(1);
  });

  it("uses every mode, passes only declared inputs, and feeds the plan's matrix to the workers", () => {
    const lines = workflow.split("\n");
    const modes: string[] = [];
    lines.forEach((line, i) => {
      if (!/uses: wo-dev\/wo\/apps\/action@/.test(line)) return;
      const indent = line.indexOf("uses:");
      for (let j = i + 2; j < lines.length; j += 1) {
        const withLine = /^(\s*)([a-z-]+):/.exec(lines[j] as string);
        if (!withLine || (withLine[1] as string).length <= indent) break;
        expect(metadata.inputs.has(withLine[2] as string), `input ${withLine[2]} on line ${j + 1}`).toBe(
          true,
        );
        if (withLine[2] === "mode") modes.push((lines[j] as string).split(":")[1]?.trim() ?? "");
      }
    });
    expect(modes).toEqual(["plan", "monitor", "integrate", "check", "integrate"]);
    expect(workflow).toContain(`matrix: ${expression("fromJSON(needs.plan.outputs.matrix)")}`);
    expect(workflow).not.toContain("matrix.prompt");
  });

  it("starts no job after a failed plan: every later job tests the plan's ok output, not an empty count", () => {
    const jobs = ["worker", "push", "monitor", "integrate", "check", "retry", "retry-push", "reintegrate"];
    const conditions = jobs.map((job) => {
      const lines = workflow.split("\n");
      const start = lines.indexOf(`  ${job}:`);
      const condition = lines.slice(start + 1).find((l) => /^ {4}if: /.test(l));
      return [job, condition?.trim()];
    });
    for (const [job, condition] of conditions) {
      expect(condition, job).toContain("needs.plan.outputs.ok == 'true'");
    }
  });

  it("gives the agent's job a read-only token and no credentials; only the push job may write", () => {
    const job = (name: string) => {
      const lines = workflow.split("\n");
      const start = lines.indexOf(`  ${name}:`);
      const end = lines.findIndex((l, i) => i > start && /^ {2}[a-z]/.test(l));
      return lines.slice(start, end === -1 ? undefined : end).join("\n");
    };
    expect(job("worker")).toMatch(/permissions:\n\s+contents: read\n/);
    expect(job("worker")).not.toContain("github.token");
    expect(job("worker")).not.toContain("contents: write");
    expect(job("worker")).toContain("persist-credentials: false");
    expect(job("push")).toContain("contents: write");
    expect(job("push")).toContain("core.hooksPath=/dev/null");
    // The check round: the test (merged agent code) and the retry agent run read-only; the retry push job takes
    // its matrix from the plan, so no output a test or an agent could forge names the branch it pushes.
    for (const name of ["check", "retry"]) {
      expect(job(name), name).toMatch(/permissions:\n\s+contents: read\n/);
      expect(job(name), name).not.toContain("github.token");
      expect(job(name), name).toContain("persist-credentials: false");
    }
    expect(job("retry")).toContain(`matrix: ${expression("fromJSON(needs.check.outputs.retry)")}`);
    expect(job("retry-push")).toContain(`matrix: ${expression("fromJSON(needs.plan.outputs.matrix)")}`);
    expect(job("retry-push")).toContain("core.hooksPath=/dev/null");
  });

  it("runs the retry job's steps as the worker job runs them, plus the marked retry commit", () => {
    for (const step of [
      "Check out the worker branch",
      "Commit what the agent left",
      "Bundle the worker branch",
    ]) {
      expect(stepScript(workflow, "retry", step), step).toBe(stepScript(workflow, "worker", step));
    }
    expect(stepScript(workflow, "retry-push", "Push the worker branch")).toBe(
      stepScript(workflow, "push", "Push the worker branch"),
    );
    expect(stepScript(workflow, "retry", "Mark the retry")).toContain('-m "Wo-Check-Retry: $WO_ATTEMPT"');
  });
});
