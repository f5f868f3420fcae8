import { readFileSync } from "node:fs";
import { woTsup } from "../../tsup.base.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// An app: one bundled entry (module loading dominates start-up: execa alone is ~100 files), commands split into
// chunks that load only when their command runs, no type declarations.
export default woTsup({
  entry: ["src/main.ts"],
  dts: false,
  splitting: true,
  sourcemap: false,
  // Smaller chunks parse faster, which shows in the start-up of every command.
  minify: true,
  noExternal: [/.*/],
  // tsup's extra rollup tree-shaking pass would drop the banner below as unused; esbuild already tree-shakes.
  treeshake: false,
  define: { __WO_VERSION__: JSON.stringify(version) },
  // Two of marked-terminal's dependencies are never called (see src/bundle-stubs.ts): 1.2 MB less to load.
  esbuildOptions(options) {
    options.alias = {
      ...options.alias,
      "cli-highlight": "./src/bundle-stubs.ts",
      "node-emoji": "./src/bundle-stubs.ts",
    };
  },
  // Bundled CommonJS dependencies use require(), __filename and __dirname; give every ESM chunk its own.
  banner: {
    js: [
      'import { createRequire as __woCreateRequire } from "node:module";',
      'import { fileURLToPath as __woFileURLToPath } from "node:url";',
      "const require = __woCreateRequire(import.meta.url);",
      "const __filename = __woFileURLToPath(import.meta.url);",
      'const __dirname = __woFileURLToPath(new URL(".", import.meta.url));',
    ].join(" "),
  },
});
