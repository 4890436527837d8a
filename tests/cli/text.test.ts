import { describe, expect, it } from 'vitest';

import { linkTarget, markdownCode, markdownMessage, markdownPlain, terminalSafe, uriPath } from '../../src/cli/format/text.js';

describe('text from the audited code', () => {
  it('terminalSafe shows control characters, newlines and bidi overrides instead of obeying them', () => {
    expect(terminalSafe('a\u001B[2Jb\u0007c\td\r\ne\u202Ef\u009Bg')).toBe('a\\x1B[2Jb\\x07c d\\ne\\u202Ef\\x9Bg');
    expect(terminalSafe('plain `code` — ünïcode')).toBe('plain `code` — ünïcode');
  });

  it('markdownCode fences longer than any backtick run, pads edge backticks, escapes pipes in tables', () => {
    expect(markdownCode('a.js')).toBe('`a.js`');
    expect(markdownCode('a`b``c')).toBe('```a`b``c```');
    expect(markdownCode('`edge')).toBe('`` `edge ``');
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a|b')).toBe('`a|b`');
    expect(markdownCode('two\nlines')).toBe('`two\\nlines`');
  });

  it('markdownPlain escapes markup and HTML', () => {
    expect(markdownPlain('*bold* _it_ [link](x) <b>&amp; ~s~ `c`')).toBe('\\*bold\\* \\_it\\_ \\[link\\](x) &lt;b&gt;&amp;amp; \\~s\\~ \\`c\\`');
    expect(markdownPlain('a|b', true)).toBe('a\\|b');
  });

  it('markdownMessage keeps the code spans of a message as code and escapes the rest', () => {
    expect(markdownMessage('`ctx.from` is <undefined> for *channel* posts')).toBe('`ctx.from` is &lt;undefined&gt; for \\*channel\\* posts');
    expect(markdownMessage('`a|b` or c|d', true)).toBe('`a\\|b` or c\\|d');
    expect(markdownMessage('an unpaired ` backtick')).toBe('an unpaired \\` backtick');
  });

  it('uriPath and linkTarget encode what would end or break a link', () => {
    expect(uriPath('../src/a #1?.js')).toBe('../src/a%20%231%3F.js');
    expect(uriPath('./x(1).js')).toBe('./x%281%29.js');
    expect(linkTarget('https://example.com/a b)(<x>')).toBe('https://example.com/a%20b%29%28%3Cx%3E');
  });
});
