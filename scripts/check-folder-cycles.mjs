#!/usr/bin/env node
// Fails when folders of src/ depend on each other in a cycle (src/a imports src/b, and src/b,
// directly or through other folders, imports src/a): each folder is a module with one
// direction of dependencies. Reads dependency-cruiser's JSON (the graph of every file, type
// imports included); prints each cycle with one import per step.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const depcruise = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const json = execFileSync(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const { modules } = JSON.parse(json);

/** src/<folder>/… → <folder>; files directly in src/ (main, app.*) are the composition, no folder. */
const folderOf = (path) => /^src\/([^/]+)\//.exec(path)?.[1] ?? null;

/** folder → folder → one import that makes the edge, for the message. */
const edges = new Map();
for (const m of modules) {
  const from = folderOf(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = folderOf(d.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one folder is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const components = [];
function visit(v) {
  state.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!state.has(w)) {
      visit(w);
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
    } else if (state.get(w).onStack) {
      state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
    }
  }
  if (state.get(v).low === state.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of edges.keys()) if (!state.has(v)) visit(v);

/** One shortest cycle through `start` inside its component, for the message. */
function cycleThrough(start, members) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p = previous.get(v); p !== null; p = previous.get(p)) path.unshift(p);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

if (components.length === 0) {
  process.stdout.write(`folder cycles: none among ${edges.size} folders of src/\n`);
} else {
  for (const component of components) {
    const members = new Set(component);
    process.stderr.write(`folder cycle among ${component.join(', ')}:\n`);
    // Every folder of the component lies on a cycle: one for each, until all are named.
    const named = new Set();
    for (const start of component) {
      if (named.has(start)) continue;
      const path = cycleThrough(start, members);
      path.forEach((f) => named.add(f));
      process.stderr.write(`  ${path.join(' → ')}\n`);
      for (let i = 0; i + 1 < path.length; i++) process.stderr.write(`    ${edges.get(path[i]).get(path[i + 1])}\n`);
    }
  }
  process.exitCode = 1;
}
