// The embeddable widget: <script src="https://host/widget.js" async></script> on any page adds a
// floating "Hỏi đáp Kế hoạch 298" button that opens the chat of `host` in an iframe. Everything
// lives in a shadow root, so the page's CSS cannot reach it; the chat itself runs in its own
// origin, out of the page's reach. Styles are set through the CSSOM (allowed under a strict CSP).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || document.getElementById('hoidap-widget')) return;
  var origin = new URL(script.src, location.href).origin;
  var TITLE = 'Hỏi đáp Kế hoạch 298';

  var host = document.createElement('div');
  host.id = 'hoidap-widget';
  var root = host.attachShadow({ mode: 'open' });

  var css = [
    ':host { all: initial; }',
    '.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483646; display: inline-flex; align-items: center; gap: 8px;',
    '  min-height: 52px; padding: 0 20px 0 16px; border: 0; border-radius: 26px; cursor: pointer;',
    '  background: #0b3d78; color: #fff; font: 600 16px/1.2 "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;',
    '  box-shadow: 0 6px 20px rgba(11, 61, 120, .35); }',
    '.launcher:hover { background: #0a4580; }',
    '.launcher:focus-visible, .close:focus-visible { outline: 3px solid #f2c14e; outline-offset: 3px; }',
    '.launcher svg { flex: none; }',
    '.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483647; width: 400px; height: min(640px, calc(100vh - 110px));',
    '  display: flex; flex-direction: column; border-radius: 16px; overflow: hidden; background: #fff;',
    '  box-shadow: 0 16px 48px rgba(0, 0, 0, .28); }',
    '.panel[hidden] { display: none; }',
    '.head { display: flex; align-items: center; justify-content: space-between; padding: 6px 6px 6px 16px;',
    '  background: #0b3d78; color: #fff; font: 600 15px/1.3 "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; border-top: 3px solid #b3122b; }',
    '.close { width: 40px; height: 40px; border: 0; border-radius: 20px; background: transparent; color: #fff; font-size: 24px; line-height: 1; cursor: pointer; }',
    '.close:hover { background: rgba(255, 255, 255, .15); }',
    'iframe { flex: 1; width: 100%; border: 0; }',
    '@media (max-width: 480px) { .panel { inset: 0; width: auto; height: auto; border-radius: 0; } }'
  ].join('\n');
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'hoidap-panel');
  var icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '22');
  icon.setAttribute('height', '22');
  icon.setAttribute('aria-hidden', 'true');
  var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-8l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  icon.append(path);
  launcher.append(icon, TITLE);

  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'hoidap-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', TITLE);
  var head = document.createElement('div');
  head.className = 'head';
  head.append(TITLE);
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Đóng cửa sổ hỏi đáp');
  close.textContent = '×';
  head.append(close);
  panel.append(head);

  var frame = null;
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = TITLE;
      frame.src = origin + '/?embed=1';
      frame.setAttribute('referrerpolicy', 'no-referrer');
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }
  launcher.addEventListener('click', function () { if (panel.hidden) open(); else shut(); });
  close.addEventListener('click', shut);
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') shut(); });

  root.append(panel, launcher);
  (document.body || document.documentElement).append(host);
})();
