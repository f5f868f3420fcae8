/*
 * Graph helpers over nodes 0..n-1 (document order). An edge [a, b] means "a waits for b", so b runs first.
 * All functions are iterative: documents with thousands of items must not overflow the stack.
 */

/** Strongly connected components (Tarjan, iterative), each sorted ascending; components listed by first node. */
export function stronglyConnected(
  count: number,
  edges: ReadonlyArray<readonly [number, number]>,
): number[][] {
  const adjacency = adjacencyOf(count, edges);
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: Array<[number, number]> = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, next] = frame;
      if (next === 0) {
        index[node] = counter;
        low[node] = counter;
        counter++;
        stack.push(node);
        onStack[node] = 1;
      }
      const neighbours = adjacency[node]!;
      if (next < neighbours.length) {
        frame[1] = next + 1;
        const target = neighbours[next]!;
        if (index[target] === -1) work.push([target, 0]);
        else if (onStack[target] === 1) low[node] = Math.min(low[node]!, index[target]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components.sort((a, b) => a[0]! - b[0]!);
}

function adjacencyOf(count: number, edges: ReadonlyArray<readonly [number, number]>): number[][] {
  const adjacency: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of edges) adjacency[from]!.push(to);
  return adjacency;
}

/**
 * Execution order: every node after the nodes it waits for, ties broken by document order; members of a cycle
 * stay together in document order.
 */
export function executionOrder(count: number, edges: ReadonlyArray<readonly [number, number]>): number[] {
  const components = stronglyConnected(count, edges);
  const componentOf = new Int32Array(count);
  for (const [c, members] of components.entries()) for (const member of members) componentOf[member] = c;
  const waitsOn = new Int32Array(components.length);
  const unblocks: number[][] = components.map(() => []);
  const seen = new Set<string>();
  for (const [from, to] of edges) {
    const a = componentOf[from]!;
    const b = componentOf[to]!;
    if (a === b || seen.has(`${a}>${b}`)) continue;
    seen.add(`${a}>${b}`);
    waitsOn[a]!++;
    unblocks[b]!.push(a);
  }
  const heap = new MinHeap();
  for (let c = 0; c < components.length; c++) if (waitsOn[c] === 0) heap.push(c);
  const order: number[] = [];
  while (heap.size > 0) {
    const c = heap.pop();
    order.push(...components[c]!);
    for (const next of unblocks[c]!) {
      waitsOn[next]!--;
      if (waitsOn[next] === 0) heap.push(next);
    }
  }
  return order;
}

/** Binary min-heap of component numbers (components are numbered in document order). */
class MinHeap {
  private readonly values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(value: number): void {
    const values = this.values;
    values.push(value);
    let i = values.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (values[parent]! <= value) break;
      values[i] = values[parent]!;
      i = parent;
    }
    values[i] = value;
  }

  pop(): number {
    const values = this.values;
    const top = values[0]!;
    const last = values.pop()!;
    if (values.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= values.length) break;
        const right = left + 1;
        const child = right < values.length && values[right]! < values[left]! ? right : left;
        if (values[child]! >= last) break;
        values[i] = values[child]!;
        i = child;
      }
      values[i] = last;
    }
    return top;
  }
}

/** Union-find with path halving. */
export class DisjointSets {
  private readonly parent: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count);
    for (let i = 0; i < count; i++) this.parent[i] = i;
  }

  find(node: number): number {
    let current = node;
    while (this.parent[current] !== current) {
      this.parent[current] = this.parent[this.parent[current]!]!;
      current = this.parent[current]!;
    }
    return current;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    // The smaller index stays root so groups are named by their first node.
    if (rootA < rootB) this.parent[rootB] = rootA;
    else this.parent[rootA] = rootB;
  }

  /** Groups in order of their first node, members ascending. */
  groups(count: number): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const root = this.find(i);
      const list = byRoot.get(root) ?? [];
      list.push(i);
      byRoot.set(root, list);
    }
    return [...byRoot.values()];
  }
}

/**
 * The graph shapes of docs/design.md ("Plan and work items"): independent nodes (no edges), linear chains (each
 * link the only way in and out), and clusters (connected groups that are not a simple chain).
 */
export function graphShape(
  count: number,
  edges: ReadonlyArray<readonly [number, number]>,
): { independent: number[]; chains: number[][]; clusters: number[][] } {
  const sets = new DisjointSets(count);
  const degree = new Int32Array(count);
  const outDegree = new Int32Array(count);
  const inDegree = new Int32Array(count);
  for (const [from, to] of edges) {
    sets.union(from, to);
    degree[from]!++;
    degree[to]!++;
    outDegree[from]!++;
    inDegree[to]!++;
  }
  const independent: number[] = [];
  const chains: number[][] = [];
  const clusters: number[][] = [];
  const internal = new Map<number, number>();
  const waitedBy = new Int32Array(count).fill(-1);
  for (const [from, to] of edges) {
    const root = sets.find(from);
    internal.set(root, (internal.get(root) ?? 0) + 1);
    waitedBy[to] = from;
  }
  for (const group of sets.groups(count)) {
    const first = group[0]!;
    if (group.length === 1) {
      if (degree[first] === 0) independent.push(first);
      else clusters.push(group);
      continue;
    }
    const isChain =
      (internal.get(sets.find(first)) ?? 0) === group.length - 1 &&
      group.every((node) => outDegree[node]! <= 1 && inDegree[node]! <= 1);
    if (!isChain) {
      clusters.push(group);
      continue;
    }
    const chain: number[] = [];
    let node = group.find((member) => outDegree[member] === 0) ?? first;
    while (node !== -1 && chain.length < group.length) {
      chain.push(node);
      node = waitedBy[node]!;
    }
    chains.push(chain);
  }
  return { independent, chains, clusters };
}

/** True when the order is one path: each node waits for the node before it. */
export function isLinearChain(
  order: readonly number[],
  edges: ReadonlyArray<readonly [number, number]>,
): boolean {
  if (order.length < 2) return false;
  const set = new Set(edges.map(([from, to]) => `${from}>${to}`));
  for (let i = 1; i < order.length; i++) if (!set.has(`${order[i]}>${order[i - 1]}`)) return false;
  return true;
}
