/* Self-checks: draw from the page's pool, check (one option, all that apply, or a
   letter per prompt), explain, link. No network. */
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
  function question(q, n, uid) {
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
    btn.addEventListener("click", function () {
      var chosen = fs.querySelector("input:checked"), sel = fs.querySelectorAll("select"), ok = 0, bad = 0, right, more;
      var keys = q.answer.map(function (k) { return L[k] + ") " + q.options[k]; }), last = keys.pop();
      live.textContent = "";
      var p = el("p");
      if (m) {
        chosen = Array.prototype.every.call(sel, function (s) { return s.value; });
        if (chosen) Array.prototype.forEach.call(sel, function (s, i) {
          var good = +s.value === q.answer[i];
          s.setAttribute("aria-invalid", !good);
          ok += good;
        });
      }
      if (all) Array.prototype.forEach.call(fs.querySelectorAll("input:checked"), function (c) {
        if (q.answer.indexOf(+c.value) < 0) bad++; else ok++;
      });
      if (!chosen) {
        p.textContent = "Question " + n + ": choose an answer" + (m ? " for every item" : "") + " first.";
        live.appendChild(p); return;
      }
      right = m ? ok === m.length : all ? ok === q.answer.length && !bad : +chosen.value === q.answer[0];
      more = m ? " " + ok + " of " + m.length + " pairs right." + (right ? "" : " The pairs are " + q.answer_letters + ".") + " "
        : right ? " " : (all ? " You picked " + ok + " of the " + q.answer.length + " right ones and " + bad + " wrong. The answers are "
        : " The answer is ") + (keys.length ? keys.join("; ") + " and " : "") + last + ". ";
      fs.classList.toggle("quiz-right", right);
      fs.classList.toggle("quiz-wrong", !right);
      p.appendChild(el("strong", null, "Question " + n + ": " + (right ? "Correct." : "Not quite.")));
      p.appendChild(document.createTextNode(more + q.explanation + " "));
      var a = el("a", "quiz-link", "Read the section that says so");
      a.href = q.url;
      p.appendChild(a);
      live.appendChild(p);
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
      pick(pool, count).forEach(function (q, i) {
        target.appendChild(question(q, i + 1, uid));
      });
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
