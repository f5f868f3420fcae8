import { mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

// The end-to-end tests run the bundle the way the runner does; it is built once, before any test file starts.
export default mergeConfig(woVitest, { test: { globalSetup: ["./test/bundle.setup.ts"] } });
