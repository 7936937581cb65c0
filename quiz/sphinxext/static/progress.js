/* The learner's history in this browser (localStorage): each self-check answer as one JSON line,
   as `python -m quiz` keeps it ({"at","id","ok","topic","v"}), and the pages whose self-check was
   done, marked in the navigation. The practice page (practice.js) reads, merges and exports it. */
(function () {
  "use strict";
  var HISTORY = "massage-quiz:history", DONE = "massage-quiz:done";
  function store() { try { return window.localStorage; } catch (e) { return null; } }
  function root() { return new URL(document.documentElement.getAttribute("data-content_root") || "./", location.href); }
  /* A page's path from the book's root ("techniques/swedish.html"), the same on every page. */
  function page(url) {
    var r = root().pathname, p = new URL(url, location.href).pathname;
    return p.indexOf(r) === 0 ? decodeURIComponent(p.slice(r.length)) : null;
  }
  /* One record as Python's json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True). */
  function line(rec) {
    return "{" + Object.keys(rec).sort().map(function (k) { return JSON.stringify(k) + ":" + JSON.stringify(rec[k]); }).join(",") + "}";
  }
  function done() {
    var s = store();
    try { return JSON.parse((s && s.getItem(DONE)) || "{}") || {}; } catch (e) { return {}; }
  }
  function mark() {
    var d = done();
    Array.prototype.forEach.call(document.querySelectorAll(".bd-sidebar-primary nav a.reference.internal"), function (a) {
      var p = page(a.href), old = a.querySelector(".quiz-done");
      if (old && !d[p]) old.remove();
      if (!d[p] || old) return;
      var m = document.createElement("span");
      m.className = "quiz-done";
      m.textContent = " \u2713";
      m.setAttribute("aria-hidden", "true");
      var sr = document.createElement("span");
      sr.className = "quiz-sr";
      sr.textContent = " (self-check done)";
      a.appendChild(m);
      a.appendChild(sr);
      a.title = "Self-check done";
    });
  }
  function version() { return (window.DOCUMENTATION_OPTIONS && DOCUMENTATION_OPTIONS.VERSION) || ""; }
  /* A question's first check in a drawn set is its answer; a self-check is done when every
     question drawn in it has been checked. */
  function checked(fs, q, right) {
    var s = store(), box = fs.closest("div.quiz");
    if (fs.hasAttribute("data-first")) return;
    fs.setAttribute("data-first", right ? "right" : "wrong");
    var rec = { at: Math.floor(Date.now() / 1000), id: q.id, ok: !!right, topic: q.topic, v: window.QUIZ_PRACTICE_DATA ? QUIZ_PRACTICE_DATA.version : version() };
    if (s) try { s.setItem(HISTORY, (s.getItem(HISTORY) || "") + line(rec) + "\n"); } catch (e) { /* full or blocked: carry on */ }
    document.dispatchEvent(new CustomEvent("quiz:recorded", { detail: rec })); // the practice page's summary
    if (!box || !s) return;
    var all = box.querySelectorAll(".quiz-mount fieldset"), n = box.querySelectorAll(".quiz-mount fieldset[data-first]").length;
    if (n === all.length) {
      var d = done();
      d[page(location.href)] = rec.at;
      try { s.setItem(DONE, JSON.stringify(d)); } catch (e) { /* ignore */ }
      mark();
    }
  }
  /* The question a self-check's fieldset shows: the pool entry with its stem and options (the
     practice page sets fs.quizData itself). */
  function shown(fs) {
    var box = fs.closest("div.quiz"), el = box && box.querySelector("script.quiz-pool");
    if (!el) return null;
    box.quizPool = box.quizPool || JSON.parse(el.textContent);
    var stem = fs.querySelector("legend").textContent.replace(/^\d+\. /, ""), m = fs.querySelector("ul.quiz-letters");
    var opts = Array.prototype.map.call(m ? m.children : fs.querySelectorAll("label"), function (l) {
      var c = l.cloneNode(true); // without the marks quiz.js adds once an answer is checked
      Array.prototype.forEach.call(c.querySelectorAll(".quiz-mark"), function (x) { x.remove(); });
      return c.textContent.slice(3);
    });
    return box.quizPool.filter(function (q) { return q.stem === stem && q.options.join("\n") === opts.join("\n"); })[0] || null;
  }
  /* After quiz.js has checked an answer (its click handler ran first: this one listens on the
     document), record it; "choose an answer first" leaves no verdict and records nothing. */
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("button.quiz-check"), fs = btn && btn.closest("fieldset");
    if (!fs || fs.hasAttribute("data-first")) return;
    var right = fs.classList.contains("quiz-right"), q;
    if (!right && !fs.classList.contains("quiz-wrong")) return;
    q = fs.quizData || shown(fs);
    if (q) checked(fs, q, right);
  });
  window.quizProgress = { HISTORY: HISTORY, DONE: DONE, store: store, line: line, done: done, mark: mark, page: page, checked: checked };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
