export { TmuxError, type TmuxErrorCode } from "./errors.js";
export type { PaneInfo, SessionInfo } from "./listing.js";
export { resolveTmuxServer, serverArgs, socketPath, type TmuxServer } from "./server.js";
export {
  escapeArgument,
  type NewSessionOptions,
  paneTarget,
  type SendTextOptions,
  type SessionRef,
  sessionTarget,
  Tmux,
  type TmuxOptions,
} from "./tmux.js";
export type { PaneView } from "./view.js";
