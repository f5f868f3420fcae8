import { WorkItemsError } from "../errors.js";
import type { PlanOptions, SourceDocument } from "../types.js";

// Checks of what callers pass in: the only errors the package throws (documents themselves never make it throw).

/** `planWork`'s options: an object whose `workers`, if given, is a whole number of at least 1, and `parallel` a boolean. */
export function validateOptions(options: PlanOptions): void {
  if (options === null || typeof options !== "object") {
    throw new WorkItemsError(
      "E_OPTIONS",
      `planWork options must be an object, received ${describe(options)}. Pass {} or { workers: 3 }.`,
    );
  }
  const workers = options.workers;
  if (workers !== undefined && (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1)) {
    throw new WorkItemsError(
      "E_OPTIONS",
      `workers must be a whole number of at least 1, received ${describe(workers)}. Omit it for the default (2–4 from the estimated work) or pass e.g. { workers: 3 }.`,
    );
  }
  if (options.parallel !== undefined && typeof options.parallel !== "boolean") {
    throw new WorkItemsError(
      "E_OPTIONS",
      `parallel must be true or false, received ${describe(options.parallel)}. Pass { parallel: true } to split work that only an overhead rule keeps in one worker.`,
    );
  }
}

/** `planWork`'s documents: an array of `{ file, text }` with string fields. */
export function validateDocuments(documents: unknown): SourceDocument[] {
  if (!Array.isArray(documents)) {
    throw new WorkItemsError(
      "E_OPTIONS",
      `planWork expects an array of { file, text } documents, received ${describe(documents)}. Wrap a single document: planWork([{ file: "TODO.md", text }]).`,
    );
  }
  return documents.map((document, index) => {
    if (document === null || typeof document !== "object") {
      throw new WorkItemsError(
        "E_OPTIONS",
        `documents[${index}] must be { file, text }, received ${describe(document)}. Pass objects like { file: "TODO.md", text }.`,
      );
    }
    const { file, text } = document as { file?: unknown; text?: unknown };
    return {
      file: checkName(file, `documents[${index}].file`),
      text: checkText(text, `documents[${index}].text`),
    };
  });
}

/** A document's text, which must be a string (a Buffer is a common mistake). */
export function checkText(text: unknown, what: string): string {
  if (typeof text === "string") return text;
  throw new WorkItemsError(
    "E_OPTIONS",
    `${what} must be a string of markdown, received ${describe(text)}. Pass the file's contents as text (e.g. readFileSync(path, "utf8")).`,
  );
}

/** A document's name, which must be a string. */
export function checkName(name: unknown, what: string): string {
  if (typeof name === "string") return name;
  throw new WorkItemsError(
    "E_OPTIONS",
    `${what} must be a string naming the document (e.g. "TODO.md"), received ${describe(name)}.`,
  );
}

/** A received value as an error message shows it. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Uint8Array) return "a Buffer (bytes, not text)";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return typeof value;
}
