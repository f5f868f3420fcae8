import { woTsup } from "../../tsup.base.ts";

// A GitHub Action runs dist/index.cjs as it is in the repository: one CommonJS file with every dependency inside
// (node_modules is never installed on the runner). Target node20 so it also runs here; action.yml says node24.
export default woTsup({
  entry: { index: "src/index.ts" },
  format: ["cjs"],
  outExtension: () => ({ js: ".cjs" }),
  dts: false,
  sourcemap: false,
  splitting: false,
  noExternal: [/.*/],
  // Bundled ESM dependencies read import.meta.url; tsup's shims give the CommonJS bundle one.
  shims: true,
  // esbuild already tree-shakes; tsup's extra rollup pass is slow on a bundle this size and not needed.
  treeshake: false,
  // The bundle is committed (a runner executes it straight from the repository): keep it small.
  minify: true,
});
