// The chat page: asks through its own paths (/chat/ask, /chat/feedback, /chat/forget: the
// channel "web", no API token) with an anonymous id kept in localStorage,
// renders answers with their citations, suggestions and 👍/👎, and erases the user's data on
// request. Text from users and from the knowledge base only ever becomes text nodes
// (textContent, append of strings), never markup.
(function () {
  'use strict';

  var USER_KEY = 'hoidap.user';
  var SEEN_KEY = 'hoidap.seen';
  var $ = function (id) { return document.getElementById(id); };
  var log = $('log');
  var form = $('ask');
  var input = $('question');
  var sendButton = $('send');
  var statusLine = $('status');
  var intro = $('intro');
  var turns = 0;
  var busy = false;
  var memoryId = null;

  if (/[?&]embed=1(&|$)/.test(location.search)) document.documentElement.classList.add('embed');

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  // The anonymous id this browser asks with (the store keeps only a keyed hash of it).
  function userId() {
    var s = store();
    var id = s && s.getItem(USER_KEY);
    if (!id || !/^[0-9a-f]{32}$/.test(id)) {
      id = memoryId || newId();
      memoryId = id;
      try { if (s) s.setItem(USER_KEY, id); } catch (e) { /* private mode: this page only */ }
    }
    return id;
  }

  // An element with attributes and children; strings become text nodes.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'class') node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] !== null && arguments[i] !== undefined) node.append(arguments[i]);
    }
    return node;
  }

  var sayTimer = null;
  // A short notice above the question box, announced by screen readers (role=status).
  function say(text) {
    statusLine.textContent = '';
    window.clearTimeout(sayTimer);
    // A fresh text node, so a repeated message is announced too.
    window.setTimeout(function () { statusLine.textContent = text; }, 50);
    sayTimer = window.setTimeout(function () { statusLine.textContent = ''; }, 6000);
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var error = new Error('HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function reveal(node) {
    var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    node.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }

  function hideIntro() {
    intro.hidden = true;
    try { var s = store(); if (s) s.setItem(SEEN_KEY, '1'); } catch (e) { /* ignore */ }
  }

  // Chips: buttons that ask their own text.
  function chips(questions, label) {
    var list = el('ul', { class: 'chips', 'aria-label': label });
    questions.forEach(function (q) {
      list.append(el('li', null, el('button', { type: 'button', class: 'chip', 'data-ask': '', text: q })));
    });
    return list;
  }

  // The answer's text with each [n] turned into a button that opens source n.
  function body(text, count, open) {
    var p = el('p', { class: 'body' });
    var re = /\[(\d+)\]/g;
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      var n = parseInt(m[1], 10);
      if (n < 1 || n > count) continue;
      p.append(text.slice(last, m.index));
      var cite = el('button', { type: 'button', class: 'cite', 'aria-label': 'Xem nguồn ' + n, text: String(n) });
      cite.addEventListener('click', open.bind(null, n));
      p.append(cite);
      last = re.lastIndex;
    }
    p.append(text.slice(last));
    return p;
  }

  function sources(citations, prefix) {
    var list = el('ol', { class: 'source-list' });
    citations.forEach(function (c, i) {
      var n = i + 1;
      list.append(el('li', { id: prefix + '-s' + n },
        el('details', null,
          el('summary', null, el('span', { class: 'n', text: '[' + n + ']' }), ' ', c.label),
          el('blockquote', { text: '“' + c.quote + '”' }))));
    });
    return el('details', { class: 'sources' },
      el('summary', null, 'Nguồn trích dẫn ', el('span', { class: 'count', text: '(' + citations.length + ')' })),
      list);
  }

  var THUMB = 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

  // A thumb drawn as SVG (an emoji depends on the device's fonts); down is up turned over.
  function thumb(down) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', THUMB);
    path.setAttribute('fill', 'currentColor');
    if (down) path.setAttribute('transform', 'rotate(180 12 12)');
    svg.append(path);
    return svg;
  }

  function rating(answerId) {
    var group = el('div', { class: 'rate', role: 'group', 'aria-label': 'Đánh giá câu trả lời' },
      el('span', { text: 'Câu trả lời có hữu ích không?' }));
    [['up', 'Hữu ích'], ['down', 'Chưa hữu ích']].forEach(function (v) {
      var button = el('button', { type: 'button', class: 'vote', 'data-verdict': v[0], 'aria-pressed': 'false' },
        thumb(v[0] === 'down'), v[1]);
      button.addEventListener('click', function () {
        post('/chat/feedback', { answer_id: answerId, verdict: v[0], user: userId(), channel: 'web' }).then(function () {
          group.querySelectorAll('.vote').forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
          say('Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cải thiện trợ lý.');
        }, function () {
          say('Chưa gửi được đánh giá. Vui lòng thử lại sau.');
        });
      });
      group.append(button);
    });
    return group;
  }

  function renderAnswer(reply, n) {
    var prefix = 'a' + n;
    var citations = Array.isArray(reply.citations) ? reply.citations : [];
    var suggestions = Array.isArray(reply.suggestions) ? reply.suggestions : [];
    var article = el('article', { class: 'answer', 'aria-labelledby': prefix + '-who' },
      el('p', { class: 'who', id: prefix + '-who', text: 'Trợ lý trả lời' }));
    var folded = citations.length ? sources(citations, prefix) : null;
    var open = function (k) {
      folded.open = true;
      var item = document.getElementById(prefix + '-s' + k);
      var details = item.querySelector('details');
      details.open = true;
      details.querySelector('summary').focus();
    };
    article.append(body(String(reply.body || reply.text || ''), citations.length, open));
    if (folded) article.append(folded);
    if (suggestions.length) {
      var label = reply.answered ? 'Câu hỏi liên quan' : 'Bạn có thể hỏi';
      article.append(el('div', { class: 'suggest' }, el('p', { text: label + ':' }), chips(suggestions, label)));
    }
    if (reply.answer_id) article.append(rating(reply.answer_id));
    return el('li', { class: 'msg bot' + (reply.answered ? '' : ' declined') }, article);
  }

  function renderError(error, question) {
    var text = error.status === 429 ? 'Bạn gửi nhanh quá, xin chờ một chút rồi hỏi lại.'
      : error.status === 503 ? 'Hệ thống đang bận, vui lòng thử lại sau ít phút.'
      : error.status === 413 ? 'Câu hỏi quá dài. Vui lòng rút gọn câu hỏi.'
      : 'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.';
    var retry = el('button', { type: 'button', class: 'chip', text: 'Thử lại' });
    var item = el('li', { class: 'msg bot error' }, el('div', { class: 'answer', role: 'alert' }, el('p', { text: text }), retry));
    retry.addEventListener('click', function () { item.remove(); ask(question, true); });
    return item;
  }

  function ask(question, again) {
    question = String(question || '').trim();
    if (!question || busy) return;
    busy = true;
    sendButton.disabled = true;
    hideIntro();
    var n = ++turns;
    if (!again) log.append(el('li', { class: 'msg user' }, el('p', { class: 'bubble' }, el('span', { class: 'visually-hidden', text: 'Bạn hỏi: ' }), el('span', { class: 'q', text: question }))));
    var pending = el('li', { class: 'msg bot pending', 'aria-busy': 'true' },
      el('p', { class: 'typing' }, el('span', { class: 'dots', 'aria-hidden': 'true' }), 'Đang tra cứu Kế hoạch…'));
    log.append(pending);
    reveal(pending);
    post('/chat/ask', { question: question, user: userId(), channel: 'web' }).then(function (reply) {
      var answer = renderAnswer(reply || {}, n);
      pending.replaceWith(answer);
      reveal(answer);
    }, function (error) {
      pending.replaceWith(renderError(error, question));
    }).then(function () {
      busy = false;
      sendButton.disabled = false;
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var question = input.value;
    if (!question.trim() || busy) return;
    input.value = '';
    ask(question);
    input.focus();
  });

  // Every chip on the page (examples, suggestions) asks its question; focus returns to the box.
  document.addEventListener('click', function (event) {
    var chip = event.target.closest && event.target.closest('[data-ask]');
    if (!chip || busy) return;
    ask(chip.textContent);
    input.focus();
  });

  function forget() {
    post('/chat/forget', { user: userId(), channel: 'web' }).then(function (reply) {
      var s = store();
      try { if (s) { s.removeItem(USER_KEY); } } catch (e) { /* ignore */ }
      memoryId = null;
      log.textContent = '';
      intro.hidden = false;
      var erased = reply && typeof reply.erased === 'number' ? reply.erased : 0;
      say('Đã xóa dữ liệu của bạn (' + erased + ' bản ghi). Cuộc trò chuyện mới bắt đầu.');
      input.focus();
    }, function () {
      say('Chưa xóa được dữ liệu. Vui lòng thử lại sau.');
    });
  }

  var dialog = $('forget-dialog');
  $('forget').addEventListener('click', function () {
    if (dialog && typeof dialog.showModal === 'function') dialog.showModal();
    else if (window.confirm('Xóa toàn bộ dữ liệu của bạn?')) forget();
  });
  if (dialog) {
    dialog.addEventListener('close', function () {
      if (dialog.returnValue === 'erase') forget();
      else $('forget').focus();
    });
  }

  var s = store();
  var seen = false;
  try { seen = !!(s && s.getItem(SEEN_KEY)); } catch (e) { /* ignore */ }
  $('first-visit').hidden = seen;
  document.documentElement.classList.add('ready');
})();
