import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Mongoose versioning: a save that `$set`s a whole array (or any save under `optimisticConcurrency`)
 * filters on `__v`, so a second save from the same old snapshot rejects with a VersionError instead
 * of writing over the first. Each valid case has its invalid twin where the save is not checked.
 */
const model = (definition: string, options = '') =>
  `import mongoose from 'mongoose';\nconst userSchema = new mongoose.Schema(${definition}${options ? `, ${options}` : ''});\nconst User = mongoose.model('User', userSchema);\n`;
const withHistory = model('{ balance: Number, history: [{ text: String, amount: Number }] }');

const buy = (between: string) => `async function buy(id, cost) {
  const user = await User.findOne({ uid: id });
  if (!user || user.balance < cost) return 'not enough';
  user.balance -= cost;
  ${between}
  await user.save();
}`;
const error = { messageId: 'missingLockMongo' as const, line: 5, data: { field: 'balance', table: '', line: '9' } };

/** A project on disk: the history helper lives in another file. */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-version-'));
fs.writeFileSync(
  path.join(project, 'helpers.js'),
  `function addHistory(user, text, amount = 0) {
  if (!user) return;
  if (!Array.isArray(user.history)) user.history = [];
  user.history.unshift({ text, amount });
  user.history = user.history.slice(0, 20);
}
function addNote(user, text) {
  if (!text) return;
  user.history = [...user.history, { text }];
}
module.exports = { addHistory, addNote };
`,
);
const main = path.join(project, 'main.js');
const requireHelpers = "const { addHistory, addNote } = require('./helpers');\n";

ruleTester.run('require-for-update (Mongoose versioning)', rule, {
  valid: [
    // The array field is assigned a new array: the save filters on __v.
    `${withHistory}${buy('user.history = [...user.history, { text: "buy", amount: -cost }];')}`,
    // … assigned from a call that returns a new array (no schema needed).
    `${model('{ balance: Number }')}${buy('user.log = user.log.concat([cost]);')}`,
    // … changed by a method Mongoose sends as a $set of the whole array.
    `${withHistory}${buy('user.history.unshift({ text: "buy", amount: -cost });')}`,
    `${withHistory}${buy('user.history.splice(0, 1);')}`,
    // … a field the schema declares an array, assigned any value.
    `${withHistory}${buy('user.history = trimmed(user.history);')}`,
    // … through a helper of another project file that always reassigns the array.
    { code: `${requireHelpers}${withHistory}${buy('addHistory(user, "buy", -cost);')}`, filename: main },
    // … through a helper of the same file.
    `${withHistory}function note(u, text) { u.history = [...u.history, { text }]; }\n${buy('note(user, "buy");')}`,
    // skipVersioning of another path leaves this one versioned.
    `${model('{ balance: Number, history: [String], tags: [String] }', '{ skipVersioning: { tags: true } }')}${buy('user.history = [...user.history, "buy"];')}`,
    // optimisticConcurrency: every save filters on __v.
    `${model('{ balance: Number }', '{ optimisticConcurrency: true }')}${buy('')}`,
    `${model('{ balance: Number, name: String }', "{ optimisticConcurrency: ['balance'] }")}${buy('')}`,
  ],
  invalid: [
    // push sends $push: the version is only incremented, the save is not checked.
    { code: `${withHistory}${buy('user.history.push({ text: "buy", amount: -cost });')}`, errors: [error] },
    // The array is reassigned on one branch only.
    { code: `${withHistory}${buy('if (cost > 100) user.history = [...user.history, { text: "big" }];')}`, errors: [error] },
    // versionKey: false turns versioning off.
    { code: `${model('{ balance: Number, history: [String] }', '{ versionKey: false }')}${buy('user.history = [...user.history, "buy"];')}`, errors: [error] },
    // optimisticConcurrency for another path.
    { code: `${model('{ balance: Number, name: String }', "{ optimisticConcurrency: ['name'] }")}${buy('')}`, errors: [error] },
    // skipVersioning: changes of the listed path never put __v in the save's filter (the valid twin is the first valid case).
    {
      code: `${model('{ balance: Number, history: [{ text: String, amount: Number }] }', '{ skipVersioning: { history: true } }')}${buy('user.history = [...user.history, { text: "buy", amount: -cost }];')}`,
      errors: [error],
    },
    { code: `${model('{ balance: Number, history: [String] }', '{ skipVersioning: { history: true } }')}${buy('user.history.unshift("buy");')}`, errors: [error] },
    // A field that is not an array, assigned a value that is not one.
    { code: `${withHistory}${buy('user.note = String(cost);')}`, errors: [error] },
    // A helper that sets the array only when its other argument is given.
    { code: `${requireHelpers}${withHistory}${buy('addNote(user, text);')}`, filename: main, errors: [{ ...error, line: 6, data: { ...error.data, line: '10' } }] },
  ],
});
