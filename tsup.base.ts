import { defineConfig, type Options } from "tsup";

/** The one tsup configuration every package builds with: ESM + .d.ts for Node 20. */
export function woTsup(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    ...overrides,
  });
}
