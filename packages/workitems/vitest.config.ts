import { mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

// Pure CPU work (property tests parse thousands of generated documents): on a busy 2-core machine, where every
// package's tests run at once, a test can take many times longer than alone. The timeout only catches hangs.
export default mergeConfig(woVitest, { test: { testTimeout: 120_000 } });
