// Writes a synthetic bot code base for measuring `bot-audit` on a large tree (README "Performance").
// Usage: node scripts/generate-bench-tree.js <dir> [lines=300000]. The tree is never committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const [dir = '.bench/tree', wanted = '300000'] = process.argv.slice(2);
const target = Number(wanted);

/** One handler module, about 100 lines, in the style of a grammY + pg bot; some handlers swallow errors. */
function module(index) {
  const lines = [
    `import type { Bot, Context } from 'grammy';`,
    `import { pool } from '../db.js';`,
    ``,
    `interface Row${index} { id: number; balance: number; name: string }`,
    ``,
  ];
  for (let handler = 0; handler < 6; handler++) {
    const name = `h${index}_${handler}`;
    lines.push(
      `export function register_${name}(bot: Bot<Context>): void {`,
      `  bot.command('${name}', async (ctx) => {`,
      `    const id = ctx.from?.id;`,
      `    if (!id) return;`,
      `    const { rows } = await pool.query<Row${index}>('SELECT id, balance, name FROM users WHERE telegram_id = $1', [id]);`,
      `    const user = rows[0];`,
      `    if (!user) {`,
      `      await ctx.reply('Unknown user');`,
      `      return;`,
      `    }`,
      `    const total = [1, 2, 3].map((n) => n * user.balance).reduce((a, b) => a + b, 0);`,
      `    try {`,
      `      await ctx.reply(\`\${user.name}: \${total}\`);`,
      handler % 3 === 0 ? `    } catch {}` : `    } catch (error) {\n      console.error('${name} failed', error);\n    }`,
      `  });`,
      `}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

mkdirSync(path.join(dir, 'src/handlers'), { recursive: true });
writeFileSync(path.join(dir, 'src/db.ts'), "import pg from 'pg';\nexport const pool = new pg.Pool();\n");
let lines = 2;
let index = 0;
while (lines < target) {
  const text = module(index);
  const folder = path.join(dir, 'src/handlers', `group${Math.floor(index / 100)}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `handler${index}.ts`), text);
  lines += text.split('\n').length - 1;
  index++;
}
process.stdout.write(`${index + 1} files, ${lines} lines in ${dir}\n`);
