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
  noExternal: [/.*/],
  define: { __WO_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: 'import { createRequire as __woCreateRequire } from "node:module"; const require = __woCreateRequire(import.meta.url);',
  },
});
