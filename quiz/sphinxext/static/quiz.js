/* Self-checks: draw questions from the page's pool, check answers, explain, link. No network. */
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
    var fs = el("fieldset", "quiz-q"), name = uid + "-" + n;
    var live = el("div", "quiz-feedback");
    live.setAttribute("aria-live", "polite");
    fs.appendChild(el("legend", null, n + ". " + q.stem));
    q.options.forEach(function (opt, i) {
      var id = name + "-" + i, row = el("div", "quiz-opt"), r = el("input"), lab = el("label", null, L[i] + ") " + opt);
      r.type = "radio"; r.name = name; r.id = id; r.value = i;
      lab.htmlFor = id;
      row.appendChild(r); row.appendChild(lab); fs.appendChild(row);
    });
    var btn = el("button", "quiz-check", "Check answer");
    btn.type = "button";
    btn.addEventListener("click", function () {
      var chosen = fs.querySelector("input:checked"), key = q.answer[0];
      live.textContent = "";
      var p = el("p");
      if (!chosen) {
        p.textContent = "Question " + n + ": choose an answer first.";
        live.appendChild(p); return;
      }
      var right = +chosen.value === key;
      fs.classList.toggle("quiz-right", right);
      fs.classList.toggle("quiz-wrong", !right);
      p.appendChild(el("strong", null, "Question " + n + ": " + (right ? "Correct." : "Not quite.")));
      p.appendChild(document.createTextNode(
        (right ? " " : " The answer is " + L[key] + ") " + q.options[key] + ". ") + q.explanation + " "));
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
        var first = target.querySelector("input");
        if (first) first.focus();
      });
      target.appendChild(again);
    }
    render();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("div.quiz"), mount);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
