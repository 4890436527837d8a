#!/usr/bin/env bash
# End-to-end test of the shipped pre-commit hook (.pre-commit-hooks.yaml) as a remote hook, the way a
# user installs it: pre-commit clones the hook repository at `rev`, runs `npm install` and `npm pack`
# in the clone and `npm install -g` on the tarball.
#
#   scripts/test-pre-commit-hook.sh [path/to/pre-commit]      (default: `pre-commit` on PATH)
#
# 1. Clones this repository's HEAD (committed work only) into a temporary directory and makes the
#    release commit there with scripts/release-branch.js (built dist/, no scripts, no devDependencies).
# 2. Creates a bot repository whose .pre-commit-config.yaml points at that clone and `rev`.
# 3. Commits a grammY bot started with no error handler (require-bot-error-handler): the commit must be blocked
#    and the finding shown. The config passes no `args`: the shipped hook's entry has `--fail-on P2`, which blocks it
#    (the finding is P1 since round 35, when the rule returned to medium precision; P2 in round 34).
# 4. Fixes the file and commits again: the commit must pass.
# Needs git, node, npm and pre-commit; npm fetches the hook's dependencies (the npm registry, or the
# npm cache). Prints "ok" and exits 0 on success; everything is removed afterwards.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pre_commit=${1:-pre-commit}
work=$(mktemp -d "${TMPDIR:-/tmp}/bot-audit-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=bot-audit-test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=bot-audit-test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# A fresh hook environment, so that nothing cached from an earlier install is reused.
export PRE_COMMIT_HOME="$work/pre-commit-home"
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "pre-commit: $("$pre_commit" --version)"

# 1. The hook repository and its release commit. The build uses this checkout's node_modules.
git clone --quiet "$root" "$work/plugin"
ln -s "$root/node_modules" "$work/plugin/node_modules"
rev=$(cd "$work/plugin" && node scripts/release-branch.js --branch release)
git -C "$work/plugin" ls-tree --name-only "$rev" dist/index.js | grep -q . || fail "the release commit has no dist/"
echo "release commit: $rev"

# 2. A bot repository that uses the hook.
mkdir "$work/bot"
cd "$work/bot"
git init --quiet
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: file://$work/plugin
    rev: $rev
    hooks:
      - id: bot-audit
EOF
git add .pre-commit-config.yaml
git commit --quiet --no-verify -m 'chore: pre-commit config'
"$pre_commit" install >/dev/null

# 3. A bot with no error handler: the commit is blocked.
cat > bot.js <<'EOF'
import { Bot } from 'grammy';

const bot = new Bot(process.env.BOT_TOKEN);
bot.command('start', async (ctx) => {
  await ctx.reply('Welcome!');
});
bot.start();
EOF
git add bot.js
if git commit -m 'feat: bot' > "$work/blocked.log" 2>&1; then
  cat "$work/blocked.log"
  fail "the commit of a bot with no error handler was not blocked"
fi
grep -q 'require-bot-error-handler' "$work/blocked.log" || { cat "$work/blocked.log"; fail "the blocked commit does not name the finding"; }
echo "blocked: the commit of a bot with no error handler"

# 4. The fixed file (`bot.catch` logs what a handler throws): the commit passes.
cat > bot.js <<'EOF'
import { Bot } from 'grammy';

const bot = new Bot(process.env.BOT_TOKEN);
bot.command('start', async (ctx) => {
  await ctx.reply('Welcome!');
});
bot.catch((err) => console.error('update failed', err.error));
bot.start();
EOF
git add bot.js
git commit -m 'feat: bot' > "$work/passed.log" 2>&1 || { cat "$work/passed.log"; fail "the commit of the fixed file was blocked"; }
echo "passed: the commit of the fixed file"
echo ok
