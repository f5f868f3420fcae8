import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Plan } from "@wo/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../fail.js";
import { sanitize } from "../format.js";
import { markdownPrinter } from "../markdown.js";
import { acceptedPlanPath, planning, writePlanJson } from "../planning.js";

/** `wo plan <docs…>` */
export const plan = defineCommand(
  (parent) =>
    parent
      .command("plan <documents...>")
      .description(
        "turn work-item documents (reviews, TODO lists, specs) into a reviewable plan of parallel workers",
      )
      .option("--json", "print the plan as JSON")
      .option("--format <format>", "markdown (the Work Item Manifest), json or mermaid", "markdown")
      .option("--markdown", "print the manifest as markdown even in a terminal (for a PR or an issue)")
      .option("--workers <n>", "aim for n workers (default 2-4)")
      .option("-o, --output <file>", "also write the plan JSON to <file>")
      .option("-y, --yes", "accept the plan without asking (wo setup then uses it)"),
  async (ctx, docs, opts) => {
    const format = opts.json ? "json" : (opts.format ?? "markdown");
    if (!["markdown", "json", "mermaid"].includes(format)) {
      throw new UsageError(
        `Unknown --format ${JSON.stringify(format)}`,
        "Use --format markdown, json or mermaid",
      );
    }
    if (docs.length === 0) throw new UsageError("No documents to plan from", "wo plan <document.md…>");
    let result = await planning(ctx, docs, opts.workers);
    const output = opts.output ? path.resolve(ctx.cwd, opts.output) : null;
    if (output) await writePlanJson(output, result.plan);

    // The question at the manifest's end is asked only where someone can answer it.
    const interactive =
      !opts.yes &&
      ctx.io.stdin.isTTY === true &&
      ctx.io.stdout.isTTY === true &&
      format === "markdown" &&
      result.plan.workers.length > 0;
    const printer = format === "markdown" ? await markdownPrinter(ctx, opts) : null;
    const printManifest = (manifest: string) =>
      ctx.out(printer?.(interactive ? manifest : withoutQuestion(manifest)) ?? "");
    if (format === "json") ctx.json(result.plan);
    else if (format === "mermaid")
      ctx.out(sanitize(result.mermaid.endsWith("\n") ? result.mermaid : `${result.mermaid}\n`));
    else printManifest(result.manifest);
    if (output) ctx.note(`Plan written to ${path.relative(ctx.cwd, output) || output}\n`);
    // No silent zero: a document that gave no item is said aloud; a plan without any item is a failure (exit 1).
    for (const warning of result.plan.warnings ?? []) noteWarning(ctx, warning);
    if (result.plan.items.length === 0) return 1;

    const accept = async (accepted: Plan) => {
      const wo = await ctx.open();
      await writePlanJson(acceptedPlanPath(wo), accepted);
      if (output) await writePlanJson(output, accepted);
      // The hint names the plan file the user asked for; without one, a bare wo setup reads the accepted plan.
      const { shellWord } = await import("@wo/core/internal");
      const file = output ? ` ${shellWord(path.relative(ctx.cwd, output) || output)}` : "";
      ctx.note(
        `Accepted ${accepted.workers.length} worker(s). Next: wo setup${file} --spawn (or wo setup${file}, then start .git/wo/launch/<feature>.sh)\n`,
      );
    };
    if (opts.yes) {
      if (result.plan.workers.length > 0) await accept(result.plan);
      return 0;
    }
    if (!interactive) return 0;

    for (;;) {
      // The letters the manifest's question offers: the switch is there only when it can change the plan.
      const switchLetter =
        result.switchTo === "sequential" ? "s" : result.switchTo === "parallel" ? "p" : null;
      const letters = ["Y", "N", "C", ...(switchLetter ? [switchLetter.toUpperCase()] : [])];
      const answer = await ask(ctx, `Your choice [${letters.join("/")}]: `);
      if (answer === "y" || answer === "") {
        await accept(result.plan);
        return 0;
      }
      if (answer === "n") {
        const file =
          output ??
          path.resolve(
            ctx.cwd,
            existsSync(path.resolve(ctx.cwd, "wo-plan.json")) ? "wo-plan.edit.json" : "wo-plan.json",
          );
        await writePlanJson(file, result.plan);
        const { shellWord } = await import("@wo/core/internal");
        ctx.out(
          `Edit ${path.relative(ctx.cwd, file)} (workers, their items and scopes), then run: wo setup ${shellWord(path.relative(ctx.cwd, file))}\n`,
        );
        return 0;
      }
      if (answer === "c") {
        if (result.plan.clarify.length === 0) ctx.out("No items need clarification.\n");
        for (const item of result.plan.clarify)
          ctx.out(sanitize(`- ${item.id}: "${item.text}" — ${item.issue}\n`));
        ctx.out("Clarify these in the source documents, then run wo plan again.\n");
        return 0;
      }
      if (answer !== "" && answer === switchLetter) {
        // Sequential is one worker; parallel plans again without a one-worker request, past the overhead rules.
        result =
          answer === "s"
            ? await planning(ctx, docs, "1")
            : await planning(ctx, docs, opts.workers === "1" ? undefined : opts.workers, true);
        printManifest(result.manifest);
        continue;
      }
      ctx.out(`Please answer ${letters.slice(0, -1).join(", ")} or ${letters.at(-1)}.\n`);
    }
  },
);

/** The manifest without its closing question ("Proceed with this split? [Y] …"), for output nobody answers. */
export function withoutQuestion(manifest: string): string {
  return manifest
    .replace(/\n(---\n+)?\*\*Proceed with this (split|plan)\?\*\*[^\n]*\n*$/, "\n")
    .replace(/\n*$/, "\n");
}

// "x.md yielded no work items: …. Layouts read as work items: …" as a warning line and a hint line.
function noteWarning(ctx: Context, warning: string): void {
  const parts = /^(.*?\.) (Layouts read as work items: .*)$/.exec(sanitize(warning));
  if (parts?.[1] !== undefined && parts[2] !== undefined)
    ctx.note(`warning: ${parts[1]}\nhint: ${parts[2]}\n`);
  else ctx.note(`warning: ${sanitize(warning)}\n`);
}

// Asks one question on the terminal and returns the answer's first letter, lowercased.
async function ask(ctx: Context, question: string): Promise<string> {
  const rl = createInterface({
    input: ctx.io.stdin,
    output: ctx.io.stdout as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    ctx.out(question);
    const answer: string = await new Promise((resolve) => {
      rl.once("line", resolve);
      rl.once("close", () => resolve(""));
    });
    return answer.trim().toLowerCase().slice(0, 1);
  } finally {
    rl.close();
  }
}
