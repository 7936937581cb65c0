/* Self-checks: draw questions from the page's pool, check answers (one option, every option that
   applies, or a letter per prompt), mark the chosen and the right options in words, say the answer
   once, explain, link, and keep a running score of the draw. No network. */
(function () {
  "use strict";
  var L = "ABCDEFGH";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pick(pool, n) {
    var a = pool.slice(), i, j, t;
    for (i = a.length - 1; i > 0; i--) {
      j = Math.floor(Math.random() * (i + 1));
      t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a.slice(0, n);
  }
  function question(q, n, uid, onCheck) {
    var fs = el("fieldset", "quiz-q"), name = uid + "-" + n, m = q.prompts, all = q.kind == "multiple", list;
    var live = el("div", "quiz-feedback");
    live.setAttribute("aria-live", "polite");
    fs.appendChild(el("legend", null, n + ". " + q.stem));
    if (m) { // matching: lettered options, then a <select> of letters per prompt
      list = fs.appendChild(el("ul", "quiz-letters"));
      q.options.forEach(function (opt, i) { list.appendChild(el("li", null, L[i] + ") " + opt)); });
    }
    (m || q.options).forEach(function (text, i) {
      var id = name + "-" + i, row = el("div", "quiz-opt"), r = row.appendChild(el(m ? "select" : "input"));
      if (m) {
        r.appendChild(el("option", null, "(choose)")).value = "";
        q.options.forEach(function (o, j) { r.appendChild(el("option", null, L[j])).value = j; });
        r.onchange = function () { r.removeAttribute("aria-invalid"); };
      } else { r.type = all ? "checkbox" : "radio"; r.name = name; r.value = i; }
      r.id = id;
      row.appendChild(el("label", null, (m ? i + 1 + ". " : L[i] + ") ") + text)).htmlFor = id;
      fs.appendChild(row);
    });
    var btn = el("button", "quiz-check", "Check answer");
    btn.type = "button";
    function mark(row, right, text) { // a mark in words (and a symbol) in an option's or prompt's label
      var m = row.querySelector("label").appendChild(el("span", "quiz-mark " + (right ? "quiz-mark-right" : "quiz-mark-wrong")));
      m.appendChild(el("span", null, right ? "\u2713 " : "\u2717 ")).setAttribute("aria-hidden", "true");
      m.appendChild(document.createTextNode(text));
    }
    function letters(list) {
      var said = list.map(function (k) { return L[k]; }), last = said.pop();
      return said.length ? said.join(", ") + " and " + last : last;
    }
    btn.addEventListener("click", function () {
      var rows = fs.querySelectorAll(".quiz-opt"), sel = fs.querySelectorAll("select"), ok = 0, bad = 0;
      var picked = Array.prototype.map.call(fs.querySelectorAll("input:checked"), function (c) { return +c.value; });
      var chosen = m ? Array.prototype.every.call(sel, function (s) { return s.value; }) : picked.length, right, more, p = el("p");
      live.textContent = "";
      Array.prototype.forEach.call(fs.querySelectorAll(".quiz-mark"), function (x) { x.remove(); });
      if (!chosen) {
        p.textContent = "Question " + n + ": choose an answer" + (m ? " for every item" : "") + " first.";
        live.appendChild(p); return;
      }
      if (m) Array.prototype.forEach.call(sel, function (s, i) {
        var good = +s.value === q.answer[i];
        s.setAttribute("aria-invalid", !good);
        ok += good;
        mark(rows[i], good, good ? "right" : "wrong: it is " + L[q.answer[i]]);
      });
      else picked.forEach(function (k) { if (q.answer.indexOf(k) < 0) bad++; else ok++; });
      right = m ? ok === m.length : ok === q.answer.length && !bad;
      if (!m) q.options.forEach(function (o, k) { // the chosen options, and the keyed ones
        var mine = picked.indexOf(k) >= 0, key = q.answer.indexOf(k) >= 0;
        if (mine && key) mark(rows[k], true, "your answer: right");
        else if (mine) mark(rows[k], false, "your answer: wrong");
        else if (key) mark(rows[k], true, all ? "right answer: missed" : "right answer");
      });
      more = m ? " " + ok + " of " + m.length + " pairs right." :
        right ? "" : all ? " You picked " + ok + " of the " + q.answer.length + " right ones and " + bad + " wrong; the right ones are " + letters(q.answer) + "."
        : " The right answer is " + L[q.answer[0]] + ".";
      fs.classList.toggle("quiz-right", right);
      fs.classList.toggle("quiz-wrong", !right);
      fs.setAttribute("data-result", right ? "right" : "wrong");
      p.appendChild(el("strong", null, "Question " + n + ": " + (right ? "Correct." : "Not quite.")));
      p.appendChild(document.createTextNode(more));
      live.appendChild(p);
      if (m) { // the pairs, one a line
        var pairs = live.appendChild(el("ul", "quiz-pairs"));
        m.forEach(function (prompt, i) {
          pairs.appendChild(el("li", null, (i + 1) + ". " + prompt + " \u2192 " + L[q.answer[i]] + ") " + q.options[q.answer[i]]));
        });
      }
      var why = live.appendChild(el("p", "quiz-why", q.explanation + " "));
      var a = el("a", "quiz-link", "Read the section that says so");
      a.href = q.url;
      why.appendChild(a);
      if (onCheck) onCheck();
    });
    fs.appendChild(btn);
    fs.appendChild(live);
    return fs;
  }
  function mount(box, serial) {
    var pool = JSON.parse(box.querySelector("script.quiz-pool").textContent);
    var count = +box.getAttribute("data-count") || 3;
    var target = box.querySelector(".quiz-mount");
    var draw = 0;
    function render() {
      draw += 1;
      target.textContent = "";
      var uid = "q" + serial + "d" + draw;
      var score = el("p", "quiz-score"), shown;
      function tally() { // the running score of this draw
        var done = target.querySelectorAll("fieldset[data-result]").length;
        var right = target.querySelectorAll("fieldset[data-result=right]").length;
        score.textContent = "Score: " + right + " right of " + done + " checked, " + shown + " questions.";
      }
      pick(pool, count).forEach(function (q, i) {
        target.appendChild(question(q, i + 1, uid, tally));
      });
      shown = target.querySelectorAll("fieldset").length;
      tally();
      target.appendChild(score);
      var again = el("button", "quiz-new", "New questions");
      again.type = "button";
      again.addEventListener("click", function () {
        render();
        var first = target.querySelector("input, select");
        if (first) first.focus();
      });
      target.appendChild(again);
    }
    render();
  }
  window.quizQuestion = question;
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("div.quiz"), mount);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
