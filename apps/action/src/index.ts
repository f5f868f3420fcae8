// The action's entry point (bundled to dist/index.cjs, action.yml's runs.main): runs the action. The logic is in
// src/main.ts, which @github/local-action runs directly.
import { run } from "./main.js";

void run();
