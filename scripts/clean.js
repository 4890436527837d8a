// Removes the previous build so that deleted sources leave no stale files in dist/.
import { rmSync } from 'node:fs';
import { URL } from 'node:url';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
