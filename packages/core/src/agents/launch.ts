import type { AgentLaunch, LaunchContext } from "./adapter.js";
import { splitCommandLine } from "./command-line.js";
import type { AgentSpec } from "./index.js";

/** A planned launch: the agent's argv, env and files, and the first message wo types when the prompt is typed. */
export interface LaunchPlan extends AgentLaunch {
  /** The prompt, when the adapter takes it as a typed first message instead of an argument; else `null`. */
  firstMessage: string | null;
}

/**
 * The complete launch of one worker's agent: the template's words, then the adapter's dialog avoidance, then its
 * hook wiring, and only then the prompt put in place of `{prompt}`/`{prompt_file}` — so the adapters see the
 * command's own words and never mistake prompt text for a flag. A template without a placeholder gets the prompt as
 * its last argument, unless the adapter types it (`promptDelivery: "typed"`). Pure; the caller writes the files and
 * starts the process.
 */
export function planLaunch(
  spec: AgentSpec,
  prompt: { text: string; file: string },
  context: LaunchContext,
): LaunchPlan {
  const words = splitCommandLine(spec.template);
  const hasPlaceholder = words.some((word) => /\{prompt(_file)?\}/.test(word));
  const typed = !hasPlaceholder && spec.adapter.promptDelivery === "typed";
  const template = hasPlaceholder || typed ? words : [...words, "{prompt}"];
  const launched = spec.adapter.launch(template, context);
  const hooked = spec.adapter.hooks(launched.argv, context, launched.files);
  return {
    argv: hooked.argv.map((word) =>
      word.replace(/\{prompt_file\}|\{prompt\}/g, (match) =>
        match === "{prompt}" ? prompt.text : prompt.file,
      ),
    ),
    env: { ...launched.env, ...hooked.env },
    files: [...launched.files, ...hooked.files],
    firstMessage: typed ? prompt.text : null,
  };
}

/** The argv `planLaunch` would start, without a prompt: what `consent` checks and `wo doctor` looks for in `--help`. */
export function launchArgvWithoutPrompt(spec: AgentSpec, context: LaunchContext): string[] {
  return planLaunch(spec, { text: "{prompt}", file: "{prompt_file}" }, context).argv;
}
