export { TmuxError, type TmuxErrorCode } from "./errors.js";
export { resolveTmuxServer, serverArgs, socketPath, type TmuxServer } from "./server.js";
export {
  escapeArgument,
  type NewSessionOptions,
  type PaneInfo,
  paneTarget,
  type SendTextOptions,
  type SessionInfo,
  sessionTarget,
  Tmux,
  type TmuxOptions,
} from "./tmux.js";
