import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { WoError } from "./errors.js";
import type { Plan } from "./plan.js";

/** A plan in the three forms `wo plan` prints. */
export interface PlanningResult {
  /** The plan JSON (what `wo setup` reads; docs/design.md, "JSON shapes"). */
  plan: Plan;
  /** The Work Item Manifest (markdown). */
  manifest: string;
  /** The dependency graph as mermaid. */
  mermaid: string;
  /**
   * What the manifest's closing question offers to switch to: `"sequential"` for a split, `"parallel"` for one
   * worker kept whole only by an overhead rule (plan again with `parallel: true`), else `null`.
   */
  switchTo: "parallel" | "sequential" | null;
}

/** Options of {@link planFromFiles}. */
export interface PlanningOptions {
  /** Paths are resolved against this directory and shown relative to it. Default `process.cwd()`. */
  cwd?: string;
  /** Number of workers to aim for (default: 2–4). */
  workers?: number;
  /**
   * Split the work even when only an overhead rule (too few items, too little work, tests for one module) would
   * keep it in one worker. Rules under which parallel workers would conflict still give one worker.
   */
  parallel?: boolean;
}

const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Phase 0/1 from files: reads markdown work-item documents (code reviews, TODO lists, issue lists, spec-kit
 * `tasks.md`) and plans workers from them — deterministic, no LLM. Unreadable, binary or huge files are refused
 * with an error naming the file; empty documents give an empty plan with a reason.
 */
export async function planFromFiles(
  files: readonly string[],
  options: PlanningOptions = {},
): Promise<PlanningResult> {
  const cwd = options.cwd ?? process.cwd();
  if (files.length === 0) {
    throw new WoError("E_INPUT", "No documents to plan from", { hint: "wo plan <document.md…>" });
  }
  const documents = [];
  for (const file of files) {
    const full = path.resolve(cwd, file);
    const shown = path.relative(cwd, full) || file;
    let buffer: Buffer;
    try {
      const info = await stat(full);
      if (info.isDirectory()) {
        throw new WoError("E_INPUT", `${shown} is a directory, not a document`, {
          hint: "Pass markdown files, e.g. wo plan docs/*.md",
        });
      }
      if (info.size > MAX_DOCUMENT_BYTES) {
        throw new WoError(
          "E_INPUT",
          `${shown} is ${Math.round(info.size / 1048576)} MB; documents over 20 MB are refused`,
          {
            hint: "Split the document, or pass only the parts that hold work items",
          },
        );
      }
      buffer = await readFile(full);
    } catch (error) {
      if (error instanceof WoError) throw error;
      throw new WoError(
        "E_INPUT",
        `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
        {
          hint: "Check the path of the document",
          cause: error,
        },
      );
    }
    if (buffer.subarray(0, 8192).includes(0)) {
      throw new WoError("E_INPUT", `${shown} is a binary file, not a markdown document`, {
        hint: "Pass markdown or plain-text work-item documents",
      });
    }
    documents.push({ file: shown, text: buffer.toString("utf8") });
  }
  // The markdown pipeline (remark, micromark) loads only when something is planned: other commands start faster.
  const { planWork, renderManifest, renderMermaid, switchTarget, toPlanJson } = await import("@wo/workitems");
  let workPlan: ReturnType<typeof planWork>;
  try {
    workPlan = planWork(documents, {
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.parallel === true ? { parallel: true } : {}),
    });
  } catch (error) {
    throw new WoError("E_INPUT", `Cannot plan: ${(error as Error).message}`, {
      hint: (error as { hint?: string }).hint ?? "Check --workers and the documents",
      cause: error,
    });
  }
  // The manifest and the mermaid graph are rendered when first read: `wo plan --json` needs neither.
  let manifest: string | undefined;
  let mermaid: string | undefined;
  return {
    plan: toPlanJson(workPlan) as Plan,
    switchTo: switchTarget(workPlan),
    get manifest() {
      manifest ??= renderManifest(workPlan);
      return manifest;
    },
    get mermaid() {
      mermaid ??= renderMermaid(workPlan);
      return mermaid;
    },
  };
}
