/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['recommended-type-checked', '☑️'],
    ['strict', '🔒'],
  ],
  ignoreConfig: ['all'],
  ruleDocSectionInclude: ['Examples', 'Options', 'When Not To Use It', 'Related'],
  ruleDocSectionOptions: true,
  ruleListSplit: 'meta.docs.category',
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'hasSuggestions', 'fixable', 'requiresTypeChecking', 'options'],
  urlConfigs: 'https://github.com/bot-audit/eslint-plugin-bot-audit#configs',
};

export default config;
