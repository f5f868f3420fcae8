import type { EffectiveStatus } from "./status.js";

/**
 * The next step for a worker that cannot take the action asked of it (receive a message, give a result), by its
 * status: a dead one is resumed where it left off, a finished one collected, an idle one spawned. One place, so
 * status, collect and send say the same thing.
 */
export function nextStepHint(feature: string, status: EffectiveStatus): string {
  switch (status) {
    case "dead":
      return `Its agent exited without reporting; restart it where it left off with wo resume ${feature}`;
    case "done":
    case "failed":
      return `It has finished; read its result with wo collect ${feature}`;
    case "running":
      return `Check on it with wo status ${feature}`;
    case "waiting":
      return `Its agent waits for a person; see what it asks with wo status ${feature}, answer with wo send ${feature} "<text>" or wo attach ${feature}`;
    default:
      return `Start it with wo spawn ${feature} "<task>"`;
  }
}
