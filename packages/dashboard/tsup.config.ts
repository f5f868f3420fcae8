import { mkdir, writeFile } from "node:fs/promises";
import { woTsup } from "../../tsup.base.ts";
import { buildClient } from "./build-client.ts";

// The client is bundled first and defined into the server's bundle (src/server/assets.ts); a copy goes to
// dist/client for the package's tests, which run the server from source.
export default async () => {
  const client = await buildClient();
  return woTsup({
    define: { __WO_DASHBOARD_CLIENT__: JSON.stringify(client) },
    async onSuccess() {
      await mkdir("dist/client", { recursive: true });
      await writeFile("dist/client/app.js", client.js);
      await writeFile("dist/client/app.css", client.css);
    },
  });
};
