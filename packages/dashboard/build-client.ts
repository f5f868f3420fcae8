import { build } from "esbuild";

/** The bundled page: one script and one stylesheet, built from `src/client` by esbuild for current browsers. */
export interface ClientBundle {
  js: string;
  css: string;
}

/**
 * Bundles the client (Preact, dagre, highlight.js and the page's code) into memory. The server's build embeds the
 * result, so the package needs no files beside its own bundle and no network at run time.
 */
export async function buildClient(): Promise<ClientBundle> {
  const result = await build({
    entryPoints: { app: new URL("./src/client/main.tsx", import.meta.url).pathname },
    bundle: true,
    write: false,
    outdir: "dist/client",
    format: "esm",
    platform: "browser",
    target: ["chrome120", "firefox120", "safari17"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? "";
  return { js: text(".js"), css: text(".css") };
}
