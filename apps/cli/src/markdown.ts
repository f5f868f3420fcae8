import type { Context } from "./context.js";
import { sanitize } from "./format.js";

/** Turns a markdown report into the text a command prints. */
export type MarkdownPrinter = (markdown: string) => string;

/**
 * How a command prints its markdown reports (plan manifest, monitor report, integration report): rendered when
 * stdout is a terminal (aligned tables, styled headings, colours), the markdown itself when piped or with
 * `--markdown` (a PR body, an issue). The renderer loads only when it is used. Either way the text is sanitized.
 */
export async function markdownPrinter(
  ctx: Context,
  opts: { markdown?: boolean | undefined; json?: boolean | undefined },
): Promise<MarkdownPrinter> {
  if (!rendersMarkdown(ctx.io.stdout, opts)) {
    return (markdown) => {
      const text = sanitize(markdown);
      return text.endsWith("\n") ? text : `${text}\n`;
    };
  }
  const { renderTerminalMarkdown } = await import("./terminal-markdown.js");
  return (markdown) => renderTerminalMarkdown(markdown, ctx.colors, ctx.io.stdout.columns);
}

/** Whether reports are rendered: stdout is a terminal and neither `--markdown` nor `--json` was asked. */
export function rendersMarkdown(
  stdout: { isTTY?: boolean },
  opts: { markdown?: boolean | undefined; json?: boolean | undefined },
): boolean {
  return stdout.isTTY === true && opts.markdown !== true && opts.json !== true;
}
