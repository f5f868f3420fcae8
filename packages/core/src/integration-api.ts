import type { IntegrationSelection, SelectionOptions } from "./integration.js";
import type { Orchestrator } from "./orchestrator.js";

/**
 * Chooses the workers to integrate: finished ones (or all with `includeIncomplete`), in plan order, dependencies
 * first, and the ones left out with the reason. Workers with a worktree here and worker branches without one (pushed
 * from CI runners) both count. (The integration code loads only when called.)
 */
export async function selectForIntegration(
  orchestrator: Orchestrator,
  options: SelectionOptions = {},
): Promise<IntegrationSelection> {
  const { selectForIntegration: select } = await import("./integration.js");
  return select(orchestrator, options);
}
