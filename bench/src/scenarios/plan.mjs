import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, runProcess, sample, WO_BIN } from "../harness.mjs";

/** A TODO-style work-item document: `## heading` + a short task list, repeated — remark's worst case. */
export function todoDocument(bytes) {
  let out = "# TODO\n\n";
  let i = 0;
  while (out.length < bytes) {
    i++;
    out += `## Area ${i} (Priority: P${i % 4})\n\n- [ ] Fix the null check in \`src/area${i}/handler${i}.ts\`\n- [ ] Add tests for \`src/area${i}/handler${i}.ts\` after item ${i}\n- [x] Update docs in \`docs/area${i}.md\`\n\n`;
  }
  return out;
}

/**
 * A code-review-style document: findings with **bold** labels, links and emphasis. None of its sections is plain
 * markdown, so every piece goes through remark (the fast path for plain sections does not apply).
 */
export function reviewDocument(bytes) {
  let out = "# Code review\n\n";
  let i = 0;
  while (out.length < bytes) {
    i++;
    out += `## Finding ${i}: **HIGH** null dereference in the handler\n\n- **File**: \`src/area${i}/handler${i}.ts:12-40\`\n- [ ] Fix the null check in \`src/area${i}/handler${i}.ts\` (see [issue ${i}](https://example.test/issues/${i}))\n- [ ] Add tests for *edge cases* of \`src/area${i}/handler${i}.ts\` after item ${i}\n\n`;
  }
  return out;
}

const WORKITEMS = path.join(ROOT, "packages/workitems/dist/index.js");
const BASELINE_LIMIT_MS = Number(process.env.WO_BENCH_BASELINE_LIMIT_MS ?? 120_000);

/** `wo plan --json` on a generated document against remark's whole-document parse of the same text. */
export const planScenario = {
  name: "plan",
  sizes: [100, 400, 1024],
  smallest: 10,
  async run(kb, options = {}) {
    return planRun(kb, options, todoDocument, "");
  },
};

/** The same measurement on a review-style document that remark parses in full (no budget: for comparison). */
export const planReviewScenario = {
  name: "plan-review",
  sizes: [1024],
  smallest: 10,
  async run(kb, options = {}) {
    return planRun(kb, options, reviewDocument, "review-");
  },
};

async function planRun(kb, options, generate, label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wo-bench-plan-"));
  try {
    const file = path.join(dir, "todo.md");
    writeFileSync(file, generate(kb * 1024));
    const wo = await sample(
      async () => (await runProcess(process.execPath, [WO_BIN, "plan", file, "--json"], { cwd: dir })).ms,
      {
        runs: kb >= 400 ? Math.min(options.runs ?? 3, 3) : (options.runs ?? 5),
        warmup: options.warmup ?? 1,
      },
    );
    // remark's whole-document parse is quadratic here: one timed run, stopped at a limit (then a lower bound).
    const script = `import(${JSON.stringify(WORKITEMS)}).then(({ parseMarkdownWhole }) => { const t = performance.now(); parseMarkdownWhole(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")); console.log(performance.now() - t); })`;
    const started = performance.now();
    const child = runProcess(process.execPath, ["-e", script], {
      cwd: dir,
      timeoutMs: BASELINE_LIMIT_MS,
      allowFailure: true,
    });
    const outcome = await child;
    const stopped = outcome.code !== 0;
    const baseline = stopped ? performance.now() - started : Number(outcome.stdout.trim());
    return {
      scenario: `plan-${label}${kb >= 1024 ? `${kb / 1024}MB` : `${kb}KB`}`,
      wo: wo.median,
      baseline,
      baselineName: "remark whole-document parse",
      baselineLowerBound: stopped,
      detail: stopped
        ? `remark stopped after ${(BASELINE_LIMIT_MS / 1000).toFixed(0)} s (ratio is an upper bound)`
        : "",
      size: kb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
