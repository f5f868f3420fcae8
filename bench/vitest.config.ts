import { mergeConfig } from "vitest/config";
import { woVitest } from "../vitest.shared.ts";

export default mergeConfig(woVitest, { test: { testTimeout: 180_000 } });
