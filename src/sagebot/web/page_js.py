"""The small script every chat page carries in its <head> (inline, served by sagebot, nothing fetched).

- storage: when the browser refuses localStorage (third-party storage blocked inside a frame), an in-memory
  stand-in takes its place before Gradio starts, so the page works without keeping anything;
- `[n]` in an answer opens its source card and scrolls to it;
- the copy buttons copy plain text: the answer, then its sources as a numbered list (the sanitiser drops
  `data-*`, so this is read from what the message shows);
- a new answer is scrolled to its start; focus goes back to the question box after sending;
- quiz verdicts and the score are announced (aria-live);
- in a frame, Escape asks the page around it (widget.js) to close the panel.
"""

from __future__ import annotations

PAGE_JS = r"""<script>
(function () {
  try { var probe = "__sagebot_probe"; window.localStorage.setItem(probe, "1"); window.localStorage.removeItem(probe); }
  catch (err) {
    var data = {};
    var memory = {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
      setItem: function (k, v) { data[k] = String(v); },
      removeItem: function (k) { delete data[k]; },
      clear: function () { data = {}; },
      key: function (i) { return Object.keys(data)[i] || null; },
      get length() { return Object.keys(data).length; }
    };
    try { Object.defineProperty(window, "localStorage", {value: memory, configurable: true}); } catch (e2) {}
    window.__sagebotStorage = "memory";
  }
  function chat() { return document.getElementById("chat"); }
  function box() { return document.querySelector("#question textarea"); }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { area.remove(); }
  }
  function messageOf(button) {
    var scope = button;
    while (scope && !scope.querySelector('[data-testid="bot"],[data-testid="user"]')) scope = scope.parentElement;
    if (!scope) return null;
    var found = null;
    scope.querySelectorAll('[data-testid="bot"],[data-testid="user"]').forEach(function (m) {
      if (m.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING) found = m;
    });
    return found;
  }
  function clean(text) { return text.replace(/[ \t]+/g, " ").replace(/\s*\n\s*/g, "\n").trim(); }
  function plain(m) {
    var answer = m.querySelector(".sb-answer");
    if (!answer) return clean(m.innerText);
    var text = clean(answer.innerText), sources = [];
    m.querySelectorAll("details.sb-card").forEach(function (card) {
      var part = function (sel) { var el = card.querySelector(sel); return el ? clean(el.textContent) : ""; };
      sources.push(part(".sb-n") + " " + part(".sb-where") + ": " + part(".sb-quote"));
    });
    return sources.length ? text + "\n\nSources:\n" + sources.join("\n") : text;
  }
  function scrollToTop(el) {
    var node = el.parentElement;
    while (node && node !== document.body) {
      var style = getComputedStyle(node);
      if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) {
        node.scrollTop += el.getBoundingClientRect().top - node.getBoundingClientRect().top - 8;
      }
      node = node.parentElement;
    }
    var top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) window.scrollBy(0, top - 8);
  }
  document.addEventListener("click", function (event) {
    var cite = event.target.closest && event.target.closest("a.sb-cite");
    if (cite) {
      event.preventDefault(); event.stopPropagation();
      var message = cite.closest(".sb-message");
      var n = cite.textContent.replace(/\D/g, ""), card = null;
      if (message) message.querySelectorAll("details.sb-card").forEach(function (c) {
        var label = c.querySelector(".sb-n");
        if (label && label.textContent.replace(/\D/g, "") === n) card = c;
      });
      if (card) {
        card.open = true;
        card.scrollIntoView({block: "nearest"});
        var summary = card.querySelector("summary");
        if (summary) summary.focus({preventScroll: true});
      }
      return;
    }
    var button = event.target.closest && event.target.closest("#chat button");
    if (!button) return;
    var label = button.getAttribute("aria-label") || "";
    if (label === "Copy conversation") {
      var lines = [];
      chat().querySelectorAll('[data-testid="bot"],[data-testid="user"]').forEach(function (m) {
        lines.push((m.getAttribute("data-testid") === "user" ? "You: " : "Assistant: ") + plain(m));
      });
      event.preventDefault(); event.stopPropagation();
      copyText(lines.join("\n\n"));
    } else if (label === "Copy message") {
      var m = messageOf(button);
      if (m && m.querySelector(".sb-message")) {
        event.preventDefault(); event.stopPropagation();
        copyText(plain(m));
      }
    }
  }, true);
  var lastBot = null, lastDone = null, sent = 0, botsAtSend = 0;
  function bots() { var c = chat(); return c ? c.querySelectorAll('[data-testid="bot"]') : []; }
  function markSent() { sent = Date.now(); botsAtSend = bots().length; lastDone = null; }
  function busy() { var c = chat(); return !!(c && c.querySelector(".generating, .pending")); }
  document.addEventListener("keydown", function (event) {
    if (event.target === box() && event.key === "Enter" && !event.shiftKey) markSent();
    if (event.key === "Escape" && window.parent !== window) {
      window.parent.postMessage({type: "sagebot:close"}, "*");
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#question button, #chat .option, .examples button")) {
      markSent();
    }
  }, true);
  function tick() {
    var all = bots(), last = all.length ? all[all.length - 1] : null;
    if (last && last !== lastBot) { lastBot = last; if (sent) scrollToTop(last); }
    var done = last && last.querySelector(".sb-sources, .sb-refusal, .sb-notice");
    if (sent && done && done !== lastDone) { lastDone = done; scrollToTop(last); }
    var input = box();
    if (sent && input && !input.disabled && !busy() && (all.length > botsAtSend || Date.now() - sent > 30000)) {
      sent = 0;
      if (document.activeElement !== input) input.focus({preventScroll: true});
    }
    ["quiz-feedback", "quiz-progress", "quiz-me-note"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.hasAttribute("aria-live")) { el.setAttribute("aria-live", "polite"); el.setAttribute("role", "status"); }
    });
  }
  setInterval(tick, 100);
})();
</script>"""
