/**
 * A project's own keyed lock, as real bots write it: `acquire(key)` chains a promise per key in a
 * module `Map` and waits for the one before; the lock function (`name`) takes every key, then runs the
 * work. The shape `lockedCallback` (src/analysis/framework/locks.ts) proves a lock from.
 */
export function keyedLockSource({ name = 'withLocks', exported = true }: { name?: string; exported?: boolean } = {}): string {
  return `const queues = new Map();
async function acquire(key) {
  const previous = queues.get(key) || Promise.resolve();
  let release;
  const current = new Promise((resolve) => { release = resolve; });
  queues.set(key, previous.then(() => current));
  await previous;
  return release;
}
${exported ? 'export ' : ''}async function ${name}(keys, fn) {
  const releases = [];
  try {
    for (const key of keys) releases.push(await acquire(key));
    return await fn();
  } finally {
    for (const release of releases) release();
  }
}
`;
}
