import { statSync, type Stats } from 'node:fs';

/**
 * A memo of what is read from files, by path, kept while a file's size and modification time stay
 * the same, so an editor's change is seen at the next lint. `read` gets the path and its stat; a
 * path that does not exist or cannot be looked at gives `missing`, which is not kept. At most
 * `maxEntries` files, and files of at most `maxBytes` bytes together, are kept, the one read first
 * leaving first.
 */
export function fileMemo<T>(read: (file: string, stat: Stats) => T, missing: T, maxEntries = Infinity, maxBytes = Infinity): (file: string) => T {
  const cache = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly value: T }>();
  let bytes = 0;
  return (file) => {
    let stat: Stats | undefined;
    try {
      // Most paths asked about may not exist (a package.json in each folder above): no exception per path.
      stat = statSync(file, { throwIfNoEntry: false });
    } catch {
      return missing;
    }
    if (!stat) return missing;
    const known = cache.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.value;
    const value = read(file, stat);
    if (known) {
      cache.delete(file);
      bytes -= known.size;
    }
    while (cache.size > 0 && (cache.size >= maxEntries || bytes + stat.size > maxBytes)) {
      const [oldest, entry] = cache.entries().next().value!;
      cache.delete(oldest);
      bytes -= entry.size;
    }
    cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value });
    bytes += stat.size;
    return value;
  };
}
