import type { WoCommand } from "../command.js";
import { attach } from "./attach.js";
import { checkpoint } from "./checkpoint.js";
import { cleanup } from "./cleanup.js";
import { collect } from "./collect.js";
import { completion } from "./completion.js";
import { dashboard } from "./dashboard.js";
import { demo } from "./demo.js";
import { diff } from "./diff.js";
import { doctor } from "./doctor.js";
import { init } from "./init.js";
import { integrate } from "./integrate.js";
import { kill } from "./kill.js";
import { killAll } from "./kill-all.js";
import { list } from "./list.js";
import { log } from "./log.js";
import { monitor } from "./monitor.js";
import { plan } from "./plan.js";
import { report } from "./report.js";
import { resume } from "./resume.js";
import { send } from "./send.js";
import { setup } from "./setup.js";
import { spawn } from "./spawn.js";
import { status } from "./status.js";
import { worktree } from "./worktree.js";

/**
 * Every `wo` command in the order `wo --help` lists them. Command modules import `@wo/core` only inside their
 * actions (or as types), so loading this list for `wo --help` does not load the orchestrator.
 */
export const commands: readonly WoCommand[] = [
  demo,
  init,
  doctor,
  worktree,
  spawn,
  status,
  collect,
  diff,
  log,
  kill,
  list,
  killAll,
  attach,
  send,
  report,
  plan,
  setup,
  monitor,
  dashboard,
  resume,
  integrate,
  cleanup,
  checkpoint,
  completion,
];
