import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/no-unguarded-decrement.js';
import { ruleTester } from '../rule-tester.js';
import { COMMONJS_SERVICE_MODULE, commandModuleFiles, commonJsServiceProject } from './helper-module-projects.js';

const mongoose = "import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number }));\n";
const driver = "import { MongoClient } from 'mongodb';\nconst client = new MongoClient(url);\nconst users = client.db('bot').collection('users');\n";

// A model defined in a project file and imported by the handler.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-mongo-'));
fs.mkdirSync(path.join(project, 'models'));
fs.writeFileSync(
  path.join(project, 'models', 'User.js'),
  "const { Schema, model } = require('mongoose');\nconst userSchema = new Schema({ balance: Number });\nmodule.exports = model('User', userSchema);\n",
);
fs.writeFileSync(path.join(project, 'models', 'Cache.js'), 'module.exports = new Map();\n');
const handler = path.join(project, 'handler.js');
// A TypeScript model named like its document interface (issue 16, session 20 survey).
fs.writeFileSync(
  path.join(project, 'models', 'user.model.ts'),
  "import mongoose from 'mongoose';\nexport interface User extends mongoose.Document { balance: number }\nconst User = mongoose.model<User>('User', new mongoose.Schema({ balance: Number }));\nexport default User;\n",
);
const typedHandler = path.join(project, 'handler.ts');

ruleTester.run('no-unguarded-decrement (MongoDB)', rule, {
  valid: [
    // The fixed code: the condition sits in the filter.
    `${mongoose}await User.updateOne({ _id: id, balance: { $gte: amount } }, { $inc: { balance: -amount } });`,
    `${mongoose}await User.findOneAndUpdate({ telegramId, balance: { $gt: 0 } }, { $inc: { balance: -1 } });`,
    `${driver}await users.updateOne({ _id: id, 'wallet.balance': { $gte: amount } }, { $inc: { 'wallet.balance': -amount } });`,
    // An equality on the value read is a compare-and-set; a filter this model cannot follow may hold the guard.
    `${mongoose}await User.updateOne({ _id: id, balance: user.balance }, { $inc: { balance: -amount } });`,
    `${mongoose}await User.updateOne({ _id: id, $expr: { $gte: ['$balance', amount] } }, { $inc: { balance: -amount } });`,
    `${mongoose}await User.updateOne({ ...filter }, { $inc: { balance: -amount } });`,
    `${mongoose}await User.updateOne(filter, { $inc: { balance: -amount } });`,
    // A negated amount written as a product or a difference is guarded by the same filter (mrec21).
    `${mongoose}await User.findByIdAndUpdate(id, { $inc: { balance: amount * 1 } });`,
    `${mongoose}await User.updateOne({ _id: id, balance: { $gte: amount } }, { $inc: { balance: amount * -1 } });`,
    `${mongoose}await User.updateOne({ _id: id, balance: { $gte: amount } }, { $inc: { balance: 0 - amount } });`,
    `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: amount - 1, credits: 0 - -1 } });`,
    // Increments, zero, non-money fields.
    `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: amount } });`,
    `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: -0 } });`,
    `${mongoose}await User.updateOne({ _id: id }, { $inc: { loginAttempts: -1 } });`,
    // Inside a transaction.
    `${mongoose}await session.withTransaction(async () => { await User.updateOne({ _id: id }, { $inc: { balance: -amount } }, { session }); });`,
    `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: -amount } }, { session });`,
    // Unknown receivers: not proven to be MongoDB.
    'await User.updateOne({ _id: id }, { $inc: { balance: -amount } });',
    "import { Low } from 'lowdb';\nconst users = new Low(adapter);\nawait users.updateOne({ _id: id }, { $inc: { balance: -amount } });",
    // The fixed twin of the model that shares its name with its interface: the condition in the filter.
    { code: "import User from './models/user.model.js';\nawait User.updateOne({ telegramId, balance: { $gte: price } }, { $inc: { balance: -price } });", filename: typedHandler },
    { code: "const Cache = require('./models/Cache');\nawait Cache.updateOne({ _id: id }, { $inc: { balance: -amount } });", filename: handler },
  ],
  invalid: [
    // Recall audit (mrec21, Gradk lottery bot): the amount negated as `amount * -1`, `-1 * amount`, `0 - amount`.
    {
      code: `${mongoose}await User.findByIdAndUpdate(user._id, { $inc: { balance: amount * -1 } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 3 }],
    },
    {
      code: `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: -1 * amount } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 3 }],
    },
    {
      code: `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: 0 - (amount) } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 3 }],
    },
    {
      code: `${mongoose}await User.updateOne({ _id: id }, { $inc: { balance: -amount } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 3, column: 45, endLine: 3, endColumn: 61 }],
    },
    {
      code: `${mongoose}await User.findByIdAndUpdate(id, { $inc: { credits: -1 } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'credits' }, line: 3, column: 44 }],
    },
    {
      code: `${driver}await users.updateOne({ _id: id }, { $inc: { 'wallet.balance': -amount } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'wallet.balance' }, line: 4 }],
    },
    {
      // A guard on a different field does not guard this one.
      code: `${mongoose}await User.findOneAndUpdate({ _id: id, points: { $gte: 1 } }, { $inc: { balance: -amount, points: -1 } });`,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 3 }],
    },
    {
      code: "import { MongoClient } from 'mongodb';\nconst client = await MongoClient.connect(url);\nconst db = client.db();\nawait db.collection('users').updateMany({ plan: 'pro' }, { $inc: { tokens: -100 } });",
      errors: [{ messageId: 'unguardedMongo', data: { field: 'tokens' }, line: 4 }],
    },
    {
      // The model's interface of the same name declares a type, not a second value: still a model.
      code: "import User from './models/user.model.js';\nawait User.updateOne({ telegramId }, { $inc: { balance: -price } });",
      filename: typedHandler,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 2 }],
    },
    {
      code: "const User = require('./models/User');\nawait User.updateOne({ telegramId }, { $inc: { balance: -price } });",
      filename: handler,
      errors: [{ messageId: 'unguardedMongo', data: { field: 'balance' }, line: 2 }],
    },
  ],
});

/** Project files that name a scheduler, a server or a worker without running anything outside the bot's updates. */
const HARMLESS_FILES = {
  'quests.js': "// Served to the bot's players; see the Worker quest.\nmodule.exports = [{ id: 'work', name: 'Daily Worker', description: 'Serve 3 customers' }];\n",
  // Session 26 (Anggahrm/ZumyTRPG index.js:9): a log message is no module's name, whatever words it holds.
  'ready.js': "console.log('RPG bot ready to serve players!');\nmodule.exports = {};\n",
  'common.js': `function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function debounce(func, wait) {
  let timeout;
  return (...args) => {
    clearTimeout(timeout);
    timeout = setTimeout(() => func(...args), wait);
  };
}
module.exports = { sleep, debounce };
`,
  'cooldown.js': `const cooldowns = new Map();
function cleanup() {
  const now = Date.now();
  for (const [key, until] of cooldowns) if (until < now) cooldowns.delete(key);
}
setInterval(() => cleanup(), 5 * 60 * 1000);
module.exports = { cooldowns };
`,
};

ruleTester.run('no-unguarded-decrement: $inc in a static method of a CommonJS module that is the class', rule, {
  valid: [
    // `module.exports = UserService`: `Users.removeCoins(user, 5)` is awaited only in a handler of a grammY bot started
    // with `bot.start()` (one update of any user at a time), and it compares `coins` before the `$inc`.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-started') },
    // Files that only look like code outside the bot: a word in a string or a comment, a \`sleep\` that resolves a
    // promise, a timer that cleans an in-memory map, a \`debounce\` nothing calls.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-harmless', { files: HARMLESS_FILES }) },
    // The spend's caller is a command its module exports, registered by name on the bot (\`bot.command('shop', shopCommand)\`) and awaited in a handler.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-command', commandModuleFiles()) },
  ],
  invalid: [
    // The bot run by grammY runner: updates are handled concurrently.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-runner', { start: "const { run } = require('@grammyjs/runner');\nrun(bot);" }), errors: [{ messageId: 'unguardedMongo', line: 14 }] },
    // Another caller outside the bot: a timer of the bot's file.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-timer', { extra: 'setInterval(() => Users.removeCoins({ _id: 1, coins: 9 }, 1), 60_000);\n' }), errors: [{ messageId: 'unguardedMongo', line: 14 }] },
    // A timer of another file that writes the collection, beside the harmless files.
    {
      code: COMMONJS_SERVICE_MODULE,
      name: 'reset',
      filename: commonJsServiceProject('inc-reset', {
        files: { ...HARMLESS_FILES, 'reset.js': "const mongoose = require('mongoose');\nsetInterval(() => mongoose.model('User').updateMany({}, { coins: 0 }), 86_400_000);\n" },
      }),
      errors: [{ messageId: 'unguardedMongo', line: 14 }],
    },
    // The \`debounce\` is called: the function it is given runs later, from its timer.
    {
      code: COMMONJS_SERVICE_MODULE,
      name: 'debounce',
      filename: commonJsServiceProject('inc-debounce', { files: { ...HARMLESS_FILES, 'save.js': "const { debounce } = require('./common');\nmodule.exports = debounce(() => require('./services').removeCoins({ _id: 1, coins: 9 }, 1), 500);\n" } }),
      errors: [{ messageId: 'unguardedMongo', line: 14 }],
    },
    // The command is also passed to a timer: it runs outside the bot's updates.
    { name: 'command-timer', code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-command-timer', commandModuleFiles('setInterval(shopCommand, 60_000);\n')), errors: [{ messageId: 'unguardedMongo', line: 14 }] },
    // The command registered by name on a second bot of the same process, also polling: the two bots' updates interleave.
    {
      name: 'command-two-bots',
      code: COMMONJS_SERVICE_MODULE,
      filename: commonJsServiceProject('inc-command-two-bots', commandModuleFiles("const second = new Bot(process.env.SECOND);\nsecond.command('shop', shopCommand);\nsecond.start();\n")),
      errors: [{ messageId: 'unguardedMongo', line: 14 }],
    },
    // A module of a scheduler loaded, whatever it is called with.
    { name: 'cron', code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('inc-cron', { files: { ...HARMLESS_FILES, 'jobs.js': "const cron = require('node-cron');\nmodule.exports = cron;\n" } }), errors: [{ messageId: 'unguardedMongo', line: 14 }] },
  ],
});
