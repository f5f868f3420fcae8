import type { Plan } from "../src/index.js";

/** A three-worker plan: auth fixes, the user model, and an API that needs the model. */
export function samplePlan(): Plan {
  const item = (id: string, description: string, scope: string[], dependencies: string[] = []) => ({
    id,
    action: "add",
    description,
    scope,
    priority: "P1",
    complexity: "M",
    dependencies,
    group: null,
    done: false,
    source: { file: "review.md", line: 1 },
  });
  return {
    sources: ["review.md"],
    items: [
      item("item-1", "Fix the null check in src/auth/login.ts", ["src/auth/login.ts"]),
      item("item-2", "Add UserModel in src/models/", ["src/models/"]),
      item("item-3", "Add the users API using UserModel", ["src/api/"], ["item-2"]),
    ],
    clarify: [],
    assumptions: [],
    assessment: { mode: "parallel", reason: "independent modules", workers: 3 },
    workers: [
      {
        id: "task-1",
        name: "task-1-auth",
        items: ["item-1"],
        scope: ["src/auth/"],
        complexity: "S",
        dependsOn: [],
      },
      {
        id: "task-2",
        name: "task-2-models",
        items: ["item-2"],
        scope: ["src/models/"],
        complexity: "M",
        dependsOn: [],
      },
      {
        id: "task-3",
        name: "task-3-api",
        items: ["item-3"],
        scope: ["src/api/"],
        complexity: "M",
        dependsOn: ["task-2"],
      },
    ],
  };
}
