import { readFileSync } from "node:fs";
import { mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// Tests run the CLI from source; the version is defined the same way the build defines it.
export default mergeConfig(woVitest, { define: { __WO_VERSION__: JSON.stringify(version) } });
