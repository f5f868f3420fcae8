import { useState } from "preact/hooks";
import type { ActionResponse, DashboardWorker } from "../../shared/messages.js";
import { postAction } from "../api.js";

/**
 * A worker's actions, with the CLI's rules: send types a message into the agent (and submits it), resume restarts
 * a dead or stalled one, kill asks for a confirmation first when the worker is running (the CLI's `--force`).
 */
export function WorkerActions({ worker }: { worker: DashboardWorker }) {
  const [text, setText] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const feature = worker.feature;
  const run = async (what: string, path: string, body: unknown) => {
    setNote(`${what}…`);
    setNote(describe(what, await postAction(`/api/workers/${feature}/${path}`, body)));
  };
  const kill = async () => {
    const running = worker.status === "running";
    if (running && !confirm(`${feature} is still running. Kill its agent?`)) return;
    await run("kill", "kill", { force: running });
  };
  return (
    <div class="actions" data-testid={`actions-${feature}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() === "") return;
          void run("send", "send", { text }).then(() => setText(""));
        }}
      >
        <input
          name="message"
          placeholder={`Message to ${feature}`}
          value={text}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
        <button type="submit">Send</button>
      </form>
      <button type="button" onClick={() => void run("resume", "resume", {})}>
        Resume
      </button>
      <button type="button" class="danger" onClick={() => void kill()}>
        Kill
      </button>
      {note && <span class="note">{note}</span>}
    </div>
  );
}

function describe(what: string, response: ActionResponse): string {
  if (!response.ok)
    return `${response.error.message}${response.error.hint ? ` (${response.error.hint})` : ""}`;
  if ("send" in response)
    return response.send.sent.length > 0
      ? `Sent to ${response.send.sent.join(", ")}`
      : "Not running: nothing sent";
  if ("kill" in response) return response.kill.killed ? "Killed" : "No session to kill";
  if ("resume" in response) return `Resumed in ${response.resume.session}`;
  return `${what}: done`;
}
