/* The practice page: a new quiz (topics and a count), any replay code, review of what is due, and
   the learner's history (download, load a terminal's file, clear). Questions come from
   practice-data.js through quizdraw.js, and are asked with the self-checks' own widget (quiz.js);
   answers go to the history that progress.js keeps. Nothing leaves the browser. */
(function () {
  "use strict";
  var data = window.QUIZ_PRACTICE_DATA, D = window.QuizDraw, P = window.quizProgress, box = document.getElementById("practice-app");
  if (!data || !D || !P || !box || !window.quizQuestion) return;
  var S = P.store(), DAY = data.day, TOPIC_NAMES = { techniques: "Techniques", benefits: "Benefits", claims: "Claims",
    safety: "Safety", terms: "Terms (glossary)" }, uid = 0, current = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function add(parent, tag, attrs, text) { return parent.appendChild(el(tag, attrs, text)); }
  function button(parent, text, onclick, cls) {
    var b = add(parent, "button", { type: "button", "class": "practice-btn" + (cls ? " " + cls : "") }, text);
    b.addEventListener("click", onclick);
    return b;
  }
  function section(id, title) {
    var s = add(box, "section", { "class": "practice-part", "aria-labelledby": id });
    add(s, "h2", { id: id, tabindex: "-1" }, title);
    return s;
  }

  /* --- the history: parse, merge and schedule as quiz/history.py and quiz/historymerge.py --- */
  function parse(text) {
    var out = [], bad = 0;
    text.split("\n").forEach(function (raw) {
      if (!raw.trim()) return;
      var r;
      try { r = JSON.parse(raw); } catch (e) { bad++; return; }
      if (!r || typeof r !== "object" || Array.isArray(r) || typeof r.id !== "string" || r.id.indexOf(":") < 0 ||
          typeof r.ok !== "boolean" || typeof r.at !== "number") { bad++; return; }
      if (typeof r.topic !== "string") r.topic = "";
      out.push(r);
    });
    return { records: out, bad: bad };
  }
  function records() { return parse((S && S.getItem(P.HISTORY)) || "").records; }
  function save(recs) { // false when the browser keeps nothing (storage blocked or full)
    try { S.setItem(P.HISTORY, recs.map(function (r) { return P.line(r) + "\n"; }).join("")); return true; } catch (e) { return false; }
  }
  /* Every answer of a and b once: a line both hold counts as often as the side holding it more
     often has it; ordered by time, ties in a-then-b order. Merging a file again adds nothing. */
  function merge(a, b) {
    var ca = {}, cb = {}, taken = {}, out = [];
    a.forEach(function (r) { var k = P.line(r); ca[k] = (ca[k] || 0) + 1; });
    b.forEach(function (r) { var k = P.line(r); cb[k] = (cb[k] || 0) + 1; });
    a.concat(b).forEach(function (r) {
      var k = P.line(r);
      if ((taken[k] || 0) < Math.max(ca[k] || 0, cb[k] || 0)) { taken[k] = (taken[k] || 0) + 1; out.push(r); }
    });
    return out.map(function (r, i) { return [r, i]; }).sort(function (x, y) { return x[0].at - y[0].at || x[1] - y[1]; })
      .map(function (x) { return x[0]; });
  }
  function schedule(recs) {
    var cards = {};
    recs.forEach(function (r) {
      var c = cards[r.id] || (cards[r.id] = { id: r.id, topic: r.topic, box: 1, last: 0 });
      c.box = r.ok ? Math.min(c.box + 1, data.intervals.length) : 1;
      c.last = r.at;
    });
    Object.keys(cards).forEach(function (k) { var c = cards[k]; c.due = c.last + data.intervals[c.box - 1] * DAY; });
    return cards;
  }
  function live() { // question id -> recipe, for the current bank
    var ed = data.editions[data.current], out = {};
    ed.slots.forEach(function (s) { if (s[1] >= 0) out[data.recipes[s[1]].id] = s; });
    return out;
  }
  function dueCards(cards, now) {
    var offered = live();
    return Object.keys(cards).map(function (k) { return cards[k]; })
      .filter(function (c) { return offered[c.id] && c.due <= now; })
      .sort(function (a, b) { return a.box - b.box || a.due - b.due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  }
  function now() { return Date.now() / 1000; }

  /* --- page parts --- */
  var status = add(box, "div", { role: "status", "aria-live": "polite", "class": "practice-status" });
  var alertBox = add(box, "div", { role: "alert", "class": "practice-alert" });
  function say(text) { alertBox.textContent = ""; status.textContent = text; }
  function refuse(lines, field) {
    status.textContent = "";
    alertBox.textContent = "";
    var near = field.type === "checkbox" ? field.closest("fieldset") : field.closest(".practice-row");
    near.after(alertBox); // shown where the mistake is
    lines.forEach(function (l) { add(alertBox, "p", {}, l); });
    if (field.type !== "checkbox") field.setAttribute("aria-invalid", "true");
    field.focus();
  }

  var setup = section("practice-new", "A new quiz");
  var topicSet = add(setup, "fieldset", { "class": "practice-topics" });
  add(topicSet, "legend", {}, "Topics");
  var counts = {};
  data.editions[data.current].slots.forEach(function (s) { var t = data.topics[s[0]]; counts[t] = (counts[t] || 0) + 1; });
  var topicBoxes = data.topics.map(function (t) {
    var row = add(topicSet, "div", { "class": "practice-row" }), id = "practice-topic-" + t;
    var c = add(row, "input", { type: "checkbox", id: id, value: t });
    c.checked = true;
    add(row, "label", { "for": id }, (TOPIC_NAMES[t] || t) + " (" + (counts[t] || 0) + " questions)");
    return c;
  });
  var countRow = add(setup, "div", { "class": "practice-row" });
  add(countRow, "label", { "for": "practice-count" }, "Number of questions");
  var countField = add(countRow, "input", { type: "number", id: "practice-count", min: "1", max: "500", value: "10", inputmode: "numeric" });
  button(setup, "Start a new quiz", function () {
    var topics = topicBoxes.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    var n = countField.value.trim();
    if (!topics.length) return refuse(["Choose at least one topic."], topicBoxes[0]);
    if (!/^\d+$/.test(n) || +n < 1 || +n > 500) return refuse(["The number of questions is a whole number from 1 to 500."], countField);
    countField.removeAttribute("aria-invalid");
    var seed = Math.floor(Math.random() * 1000000);
    show(D.fresh(data, seed, +n, topics), null);
  }, "practice-start");

  var again = section("practice-replay", "Replay a code");
  add(again, "p", { id: "practice-code-hint" }, "A replay code printed by python -m quiz, shown on this page, or printed on a handout " +
    "(a handout's code ends in -v1, -v2 and so on), for example " + data.example + ".");
  var codeRow = add(again, "div", { "class": "practice-row" });
  add(codeRow, "label", { "for": "practice-code" }, "Replay code");
  var codeField = add(codeRow, "input", { type: "text", id: "practice-code", autocomplete: "off", spellcheck: "false",
    "aria-describedby": "practice-code-hint", "class": "practice-code-field" });
  function replay(code) {
    codeField.removeAttribute("aria-invalid");
    try { show(D.replay(data, code), null); } catch (e) {
      if (!(e instanceof D.Refused)) throw e;
      refuse(e.lines, codeField);
    }
  }
  button(again, "Replay this code", function () { replay(codeField.value); });
  codeField.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); replay(codeField.value); } });

  var review = section("practice-review", "Review what is due");
  var dueLine = add(review, "p", { "class": "practice-due" });
  button(review, "Review what is due", function () {
    var cards = schedule(records()), t = now(), due = dueCards(cards, t).slice(0, 10), rng = new D.Random(Math.floor(Math.random() * 1000000));
    var qs = [];
    due.forEach(function (c) { var q = D.rebuild(data, c.id); if (q) qs.push(q); });
    var nDue = qs.length, offered = live(), fresh = Object.keys(offered).filter(function (id) { return !cards[id]; })
      .map(function (id) { return offered[id]; });
    rng.shuffle(fresh);
    for (var i = 0; i < fresh.length && qs.length < 10; i++) {
      var q = D.build(data, data.recipes[fresh[i][1]], rng);
      if (q) qs.push(q);
    }
    if (!qs.length) return say("Nothing to review: every question is answered and none is due.");
    show({ questions: qs, code: "", note: "" }, "Review: " + nDue + " due, " + (qs.length - nDue) + " new.");
  });

  var quiz = section("practice-quiz", "Quiz");
  quiz.hidden = true;
  var quizIntro = add(quiz, "p", { "class": "practice-code" }), quizNote = add(quiz, "p", { "class": "practice-note" });
  var list = add(quiz, "div", { "class": "practice-questions" });
  var finish = button(quiz, "See my score", function () { score(); });
  var result = add(quiz, "div", { "class": "practice-score" });

  var hist = section("practice-history", "Your history");
  add(hist, "p", {}, "Your answers stay in this browser, in the same form python -m quiz keeps them: " +
    "download them for python -m quiz stats --history FILE or python -m quiz merge FILE, or load a terminal's history file here.");
  var stats = add(hist, "div", { "class": "practice-stats" });
  var tools = add(hist, "div", { "class": "practice-row practice-tools" });
  button(tools, "Download my history", download);
  var clearBtn = button(tools, "Clear everything", function () { confirmBox.hidden = false; yes.focus(); });
  var fileRow = add(hist, "div", { "class": "practice-row" });
  add(fileRow, "label", { "for": "practice-load" }, "Load a history file (history.jsonl from python -m quiz, or a download from this page)");
  var file = add(fileRow, "input", { type: "file", id: "practice-load", accept: ".jsonl,.json,.txt,text/plain,application/json" });
  file.addEventListener("change", function () { if (file.files[0]) load(file.files[0]); });
  var confirmBox = add(hist, "div", { "class": "practice-confirm" });
  confirmBox.hidden = true;
  add(confirmBox, "p", {}, "Clear every answer, the review schedule and the self-check marks kept in this browser? This cannot be undone; download your history first to keep it.");
  var yes = button(confirmBox, "Yes, clear everything", function () {
    if (S) { S.removeItem(P.HISTORY); S.removeItem(P.DONE); }
    confirmBox.hidden = true; P.mark(); refresh();
    say("Cleared: this browser holds no answers now.");
    clearBtn.focus();
  });
  button(confirmBox, "Keep it", function () { confirmBox.hidden = true; clearBtn.focus(); });

  /* --- asking a quiz, and its score per topic --- */
  function show(made, intro) {
    current = made;
    uid += 1;
    quiz.hidden = false;
    list.textContent = "";
    result.textContent = "";
    quizIntro.textContent = "";
    if (made.code) {
      quizIntro.appendChild(document.createTextNode("Replay code: "));
      add(quizIntro, "code", {}, made.code);
      quizIntro.appendChild(document.createTextNode(" (in a terminal: python -m quiz --code " + made.code + ")"));
    } else quizIntro.textContent = intro;
    quizNote.textContent = made.note ? "Note: " + made.note : "";
    var root = document.documentElement.getAttribute("data-content_root") || "";
    made.questions.forEach(function (q, i) {
      var shown = root && root !== "./" ? Object.assign({}, q, { url: root + q.url }) : q;
      list.appendChild(window.quizQuestion(shown, i + 1, "practice" + uid)).quizData = q;
    });
    finish.hidden = !made.questions.length;
    quiz.querySelector("h2").textContent = "Quiz: " + made.questions.length + " question" + (made.questions.length === 1 ? "" : "s");
    say((made.code ? "Quiz " + made.code : intro) + ": " + made.questions.length + " questions below.");
    quiz.querySelector("h2").focus();
  }
  function score() {
    var sets = list.querySelectorAll("fieldset.quiz-q"), per = {}, right = 0, asked = 0;
    current.questions.forEach(function (q, i) {
      var t = per[q.topic] || (per[q.topic] = { right: 0, asked: 0, open: 0 }), first = sets[i].getAttribute("data-first");
      t.asked++; asked++;
      if (first === "right") { t.right++; right++; } else if (!first) t.open++;
    });
    result.textContent = "";
    var h = add(result, "h3", { tabindex: "-1", id: "practice-score-heading" }, "Your score: " + right + " of " + asked);
    var table = add(result, "table", { "class": "practice-table" });
    add(table, "caption", {}, "Score per topic (the first answer checked counts)");
    var head = add(add(table, "thead"), "tr");
    ["Topic", "Right", "Asked", "Not answered"].forEach(function (c) { add(head, "th", { scope: "col" }, c); });
    var body = add(table, "tbody");
    data.topics.forEach(function (t) {
      if (!per[t]) return;
      var tr = add(body, "tr");
      add(tr, "th", { scope: "row" }, TOPIC_NAMES[t] || t);
      [per[t].right, per[t].asked, per[t].open].forEach(function (v) { add(tr, "td", {}, String(v)); });
    });
    say("Your score: " + right + " of " + asked + ".");
    refresh();
    h.focus();
  }

  /* --- the history: what it holds, download, load --- */
  function refresh() {
    var recs = records(), cards = schedule(recs), t = now(), due = dueCards(cards, t);
    dueLine.textContent = due.length ? due.length + " question" + (due.length === 1 ? " is" : "s are") + " due for review."
      : "Nothing is due for review now.";
    stats.textContent = "";
    if (!recs.length) return add(stats, "p", {}, "No answers recorded in this browser yet.");
    var table = add(stats, "table", { "class": "practice-table" });
    add(table, "caption", {}, "Your history: " + recs.length + " answers");
    var head = add(add(table, "thead"), "tr");
    ["Topic", "Answers", "Right", "Score", "Seen", "Due"].forEach(function (c) { add(head, "th", { scope: "col" }, c); });
    var body = add(table, "tbody"), extra = [];
    recs.forEach(function (r) { if (data.topics.indexOf(r.topic) < 0 && extra.indexOf(r.topic) < 0) extra.push(r.topic); });
    data.topics.concat(extra.sort()).forEach(function (topic) {
      var mine = recs.filter(function (r) { return r.topic === topic; });
      if (!mine.length) return;
      var ok = mine.filter(function (r) { return r.ok; }).length, tr = add(body, "tr");
      add(tr, "th", { scope: "row" }, TOPIC_NAMES[topic] || topic || "(none)");
      [mine.length, ok, Math.round(100 * ok / mine.length) + "%",
        Object.keys(cards).filter(function (k) { return cards[k].topic === topic; }).length,
        due.filter(function (c) { return c.topic === topic; }).length].forEach(function (v) { add(tr, "td", {}, String(v)); });
    });
  }
  function download() {
    var recs = records(), blob = new Blob([recs.map(function (r) { return P.line(r) + "\n"; }).join("")], { type: "text/plain" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "history.jsonl" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    say("Downloaded history.jsonl: " + recs.length + " answers.");
  }
  function load(f) {
    f.text().then(function (text) {
      var got = parse(text), mine = records(), merged = merge(mine, got.records), added = merged.length - mine.length;
      if (!save(merged)) return refuse(["This browser does not let the page keep a history (storage is blocked or full)."], file);
      refresh();
      say("Loaded " + f.name + ": " + got.records.length + " answers, " + added + " new here, " + (got.records.length - added) +
        " already here" + (got.bad ? "; skipped " + got.bad + " unreadable line" + (got.bad > 1 ? "s" : "") : "") +
        ". This browser now holds " + merged.length + " answers.");
      file.value = "";
    });
  }

  window.quizPractice = { parse: parse, merge: merge, schedule: schedule, records: records, replay: replay, refresh: refresh };
  refresh();
  document.addEventListener("quiz:recorded", refresh); // an answer checked: what is due and the counts
  var m = /^#code=(.+)$/.exec(location.hash);
  if (m) { codeField.value = decodeURIComponent(m[1]); replay(codeField.value); }
})();
