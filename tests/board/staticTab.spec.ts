import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findTabDirectory, tabFileFor, TAB_CONTENT_SECURITY_POLICY } from '../../bot/board/staticTab';

describe('the tab’s static files', () => {
  const tabDir = path.resolve(__dirname, '../../tab');

  it('finds tab/ at the project root from the sources and from a build under dist/', () => {
    assert.equal(findTabDirectory(path.resolve(__dirname, '../../bot/board')), tabDir);
    assert.equal(findTabDirectory(path.resolve(__dirname, '../../dist/bot/board')), tabDir);
  });

  it('maps plain relative paths with a known type to files inside tab/', () => {
    assert.equal(tabFileFor(tabDir, 'board.html'), path.join(tabDir, 'board.html'));
    assert.equal(tabFileFor(tabDir, 'js/board.js'), path.join(tabDir, 'js', 'board.js'));
  });

  it('refuses dot segments, backslashes, empty segments, absolute paths and unknown types', () => {
    for (const requested of ['', '../package.json', 'js/../../package.json', '..', '.', 'js/./board.js', '..\\package.json', '/etc/passwd', 'js//board.js', 'js/', 'board.ts', '.env', '.hidden.html', 'a\u0000.html', 'bo ard.html']) {
      assert.equal(tabFileFor(tabDir, requested), null, JSON.stringify(requested));
    }
  });

  it('lets Teams frame the pages and nothing else', () => {
    assert.match(TAB_CONTENT_SECURITY_POLICY, /frame-ancestors teams\.microsoft\.com \*\.teams\.microsoft\.com \*\.office\.com \*\.cloud\.microsoft(;|$)/);
    assert.match(TAB_CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.match(TAB_CONTENT_SECURITY_POLICY, /style-src 'self'(;|$)/);
  });

  it('keeps every page within that policy: no inline script, style or handler', () => {
    const pages = readdirSync(tabDir).filter((name) => name.endsWith('.html'));
    assert.ok(pages.length >= 4, pages.join());
    for (const page of pages) {
      const html = readFileSync(path.join(tabDir, page), 'utf8');
      assert.doesNotMatch(html, /<style|\sstyle=|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=/i, page);
    }
  });
});
