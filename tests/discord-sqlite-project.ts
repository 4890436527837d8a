import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A discord.js bot on disk whose database module lives in another file (`src/database.js`, as
 * `const db = require('../database')` loads it) and whose `messageCreate` handler runs every export
 * of `src/commands/<file>` as a command. `dependencies` are the package's beside discord.js; the
 * default database module opens better-sqlite3; `extra` are more files by their path from the root.
 * Returns the case for the command file.
 */
export function discordSqliteProject(
  name: string,
  code: string,
  {
    dependencies = { 'better-sqlite3': '^9' },
    database = BETTER_SQLITE,
    file = 'shop.js',
    extra = {},
  }: { dependencies?: Record<string, string>; database?: string; file?: string; extra?: Record<string, string> } = {},
): { code: string; filename: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `discord-sqlite-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14', ...dependencies } }));
  fs.mkdirSync(path.join(root, 'src', 'commands'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'database.js'), database);
  fs.writeFileSync(
    path.join(root, 'src', 'index.js'),
    `const { Client } = require('discord.js');\nconst commands = require('./commands/${file.replace(/\.js$/, '')}');\nconst client = new Client({ intents: [] });\nclient.on('messageCreate', async (message) => {\n  const run = commands[message.content.split(' ')[0]];\n  if (run) await run(message, message.content.split(' ').slice(1));\n});\nclient.login(process.env.TOKEN);\n`,
  );
  fs.writeFileSync(path.join(root, 'src', 'commands', file), code);
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, name), text);
  return { code, filename: path.join(root, 'src', 'commands', file) };
}

const BETTER_SQLITE = "const Database = require('better-sqlite3');\nconst db = new Database('bank.db');\nmodule.exports = db;\n";
