import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The page: the bundled client script and stylesheet, and the HTML that loads them with the token. */
export interface ClientAssets {
  js: string;
  css: string;
  page(token: string): string;
}

// The build (tsup.config.ts) bundles the client and defines this as its `{ js, css }`, so the server's bundle
// carries the page inside it: nothing to locate at run time, no CDN, works offline and inside wo's CLI bundle.
declare const __WO_DASHBOARD_CLIENT__: { js: string; css: string } | undefined;

/** The bundled client: built in, or (running from source, as tests do) read from the package's `dist/client`. */
export function clientAssets(): ClientAssets {
  const built = typeof __WO_DASHBOARD_CLIENT__ === "undefined" ? undefined : __WO_DASHBOARD_CLIENT__;
  const { js, css } = built ?? readBuiltClient();
  return { js, css, page: (token) => pageHtml(token) };
}

function readBuiltClient(): { js: string; css: string } {
  const dir = new URL("../../dist/client/", import.meta.url);
  try {
    return {
      js: readFileSync(fileURLToPath(new URL("app.js", dir)), "utf8"),
      css: readFileSync(fileURLToPath(new URL("app.css", dir)), "utf8"),
    };
  } catch (error) {
    throw new Error("The dashboard's client is not built: run pnpm --filter @wo/dashboard build", {
      cause: error,
    });
  }
}

// The token is hex (see startDashboard), so it needs no escaping in an attribute.
function pageHtml(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wo dashboard</title>
<link rel="stylesheet" href="/app.css?token=${token}">
<script type="module" src="/app.js?token=${token}"></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}
