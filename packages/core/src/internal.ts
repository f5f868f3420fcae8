// What wo's own apps need beside the public API, and scripts do not: the demo behind `wo demo`, and the prompt
// builders the GitHub Action uses to give each CI worker job its kickoff prompt (and a worker whose merge failed the
// integration's test its continuation prompt). No stability promise.
export { type DemoEvent, type DemoOptions, type DemoResult, runDemo } from "./demo.js";
export { DEMO_AGENT_SOURCE } from "./demo-agent.js";
export {
  continuationPrompt,
  failingCheckPrompt,
  kickoffPrompt,
  type PromptPlace,
  type PromptWorker,
  workerPrompt,
} from "./prompts.js";
export { shellQuote, shellWord } from "./scripts.js";
export { promptWorkerOf } from "./setup.js";
