import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { fileMemo } from '../../src/analysis/ast/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-memo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('fileMemo', () => {
  it('reads a file once per version and gives `missing` for a path that does not exist', () => {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'one');
    let reads = 0;
    const read = fileMemo((name) => (reads++, fs.readFileSync(name, 'utf8')), 'none');
    expect(read(file)).toBe('one');
    expect(read(file)).toBe('one');
    expect(reads).toBe(1);
    fs.writeFileSync(file, 'three');
    expect(read(file)).toBe('three');
    expect(reads).toBe(2);
    expect(read(path.join(dir, 'absent.txt'))).toBe('none');
    expect(read(path.join(file, 'below-a-file.txt'))).toBe('none');
    expect(reads).toBe(2);
  });

  it('keeps at most `maxEntries` files, the one read first leaving first', () => {
    const [a, b] = ['b1.txt', 'b2.txt'].map((name) => path.join(dir, name));
    fs.writeFileSync(a!, 'a');
    fs.writeFileSync(b!, 'b');
    const seen: string[] = [];
    const read = fileMemo((name) => seen.push(path.basename(name)), 0, 1);
    read(a!);
    read(b!);
    read(b!);
    read(a!);
    expect(seen).toEqual(['b1.txt', 'b2.txt', 'b1.txt']);
  });
});
