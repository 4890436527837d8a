import { describe, expect, it } from 'vitest';

import { hasDirective, serverByItself } from '../../src/analysis/ast/browser.js';
import rule from '../../src/rules/no-swallowed-error.js';
import { ruleTester } from '../rule-tester.js';
import { sourceCodeOf } from './source-code.js';

// The browser check (src/analysis/browser.ts) turns two rules off for browser modules. A server file
// that only checks `typeof window` is not one: its swallowed errors are still reported.
const SWALLOW = 'async function save() { try { await db.save(); } catch (e) {} }';

ruleTester.run('browser modules: a typeof guard is not a use', rule, {
  valid: [
    `${SWALLOW}\nwindow.addEventListener('load', save);`,
    `${SWALLOW}\nif (typeof window !== 'undefined') document.title = 'x';`,
  ],
  invalid: [`\nconst isServer = typeof window === 'undefined';`, `\nif (typeof document === 'undefined' && typeof navigator === 'undefined') start();`].map((rest) => ({
    code: `${SWALLOW}${rest}`,
    errors: [
      {
        messageId: 'swallowed' as const,
        line: 1,
        column: 50,
        endLine: 1,
        endColumn: 59,
        suggestions: [{ messageId: 'suggestLog' as const, output: `${SWALLOW.replace('catch (e) {}', 'catch (e) {\n  console.error(e);\n}')}${rest}` }],
      },
    ],
  })),
});

// What keeps a module that only client components import on the server: its own `'use server'`, or an
// import only a server makes. Next.js's client modules, polyfilled Node names and type-only imports do not.
describe('serverByItself', () => {
  it.each([
    "'use server';\nexport async function save() {}",
    "'use strict';\n'use server';\nexport async function save() {}",
    "import 'server-only';\nexport const key = 1;",
    "import { cookies } from 'next/headers';",
    "import { NextResponse } from 'next/server';",
    "const fs = require('node:fs');",
    "import { readFile } from 'fs/promises';",
    "const { Pool } = require('pg');",
    "const express = await import('express');",
    "import { Telegraf } from 'telegraf';",
  ])('is true for %s', (code) => expect(serverByItself(sourceCodeOf(code).ast)).toBe(true));
  it.each([
    "import Link from 'next/link';\nimport { useRouter } from 'next/navigation';",
    "import { Buffer } from 'buffer';\nimport { EventEmitter } from 'events';",
    "import type { Pool } from 'pg';",
    "import { createClient } from '@supabase/supabase-js';",
    "'use client';\nimport { get } from './api';",
    "start();\n'use server';",
    "const mode = 'use server';",
  ])('is false for %s', (code) => expect(serverByItself(sourceCodeOf(code).ast)).toBe(false));
});

describe('hasDirective', () => {
  it('reads the whole directive prologue, and only it', () => {
    expect(hasDirective(sourceCodeOf("'use strict';\n'use client';\nexport {};").ast, 'use client')).toBe(true);
    expect(hasDirective(sourceCodeOf("\"use client\";\nexport {};").ast, 'use client')).toBe(true);
    expect(hasDirective(sourceCodeOf("export {};\n'use client';").ast, 'use client')).toBe(false);
    expect(hasDirective(sourceCodeOf("'use client';").ast, 'use server')).toBe(false);
  });
});
