/* The portable draw "python-random/1" (quiz/draw.py states it): MT19937 seeded as CPython's
   random.Random, its randbelow, shuffle, choice and sample, and quiz.generate's quiz-level draw
   run on the practice page's data (quiz/practicedata.py). It never words a question: every text
   comes from the data. Also: replay codes (quiz/replay.py) and older editions (quiz/editions.py),
   answering as `python -m quiz --code CODE` does. No network. */
(function (root) {
  "use strict";
  var N = 624, LETTERS = "ABCDEFGH";

  /* SHA-512 of a byte array, as bytes (only for string seeds: a handout's "SEED/VARIANT").
     Its constants are computed as the standard defines them (the first 64 bits of the fractional
     parts of the square and cube roots of the first primes), not typed in. */
  var M64 = (BigInt(1) << BigInt(64)) - BigInt(1), H0 = [], K = [];
  (function () {
    function iroot(n, k) { // floor of the k-th root of the BigInt n, by Newton's method from above
      var K1 = BigInt(k - 1), Kb = BigInt(k), x = BigInt(Math.ceil(Math.pow(Number(n), 1 / k))) * BigInt(2), y;
      for (;;) { y = (K1 * x + n / (x ** K1)) / Kb; if (y >= x) return x; x = y; }
    }
    for (var p = 2; K.length < 80; p++) {
      for (var d = 2; d * d <= p && p % d; d++);
      if (d * d <= p) continue;
      if (H0.length < 8) H0.push(iroot(BigInt(p) << BigInt(128), 2) & M64);
      K.push(iroot(BigInt(p) << BigInt(192), 3) & M64);
    }
  })();
  function sha512(bytes) {
    var m = bytes.slice(), bits = BigInt(bytes.length * 8), H = H0.slice(), W = [], i, t;
    m.push(0x80);
    while (m.length % 128 !== 112) m.push(0);
    for (i = 120; i >= 0; i -= 8) m.push(i >= 64 ? 0 : Number((bits >> BigInt(i)) & BigInt(255)));
    function rotr(x, n) { return ((x >> BigInt(n)) | (x << BigInt(64 - n))) & M64; }
    for (var off = 0; off < m.length; off += 128) {
      for (t = 0; t < 80; t++) {
        if (t < 16) {
          W[t] = BigInt(0);
          for (i = 0; i < 8; i++) W[t] = (W[t] << BigInt(8)) | BigInt(m[off + 8 * t + i]);
        } else {
          var s0 = rotr(W[t - 15], 1) ^ rotr(W[t - 15], 8) ^ (W[t - 15] >> BigInt(7));
          var s1 = rotr(W[t - 2], 19) ^ rotr(W[t - 2], 61) ^ (W[t - 2] >> BigInt(6));
          W[t] = (W[t - 16] + s0 + W[t - 7] + s1) & M64;
        }
      }
      var v = H.slice();
      for (t = 0; t < 80; t++) {
        var S1 = rotr(v[4], 14) ^ rotr(v[4], 18) ^ rotr(v[4], 41);
        var ch = (v[4] & v[5]) ^ ((~v[4] & M64) & v[6]);
        var t1 = (v[7] + S1 + ch + K[t] + W[t]) & M64;
        var S0 = rotr(v[0], 28) ^ rotr(v[0], 34) ^ rotr(v[0], 39);
        var maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        v = [(t1 + S0 + maj) & M64, v[0], v[1], v[2], (v[3] + t1) & M64, v[4], v[5], v[6]];
      }
      H = H.map(function (h, j) { return (h + v[j]) & M64; });
    }
    var out = [];
    H.forEach(function (h) { for (i = 56; i >= 0; i -= 8) out.push(Number((h >> BigInt(i)) & BigInt(255))); });
    return out;
  }
  function utf8(s) { return Array.from(new TextEncoder().encode(s)); }

  /* The 32-bit words (least significant first) CPython feeds init_by_array for a seed. */
  function seedWords(seed) {
    if (typeof seed === "number") return seed >= 4294967296 ? [seed % 4294967296, Math.floor(seed / 4294967296)] : [seed >>> 0];
    var b = utf8(seed), i, words = [];
    b = b.concat(sha512(b));
    while (b.length && b[0] === 0) b.shift();
    for (i = b.length; i > 0; i -= 4) {
      var w = 0;
      for (var j = Math.max(0, i - 4); j < i; j++) w = w * 256 + b[j];
      words.push(w >>> 0);
    }
    return words.length ? words : [0];
  }

  function Random(seed) {
    var mt = new Uint32Array(N), key = seedWords(seed), i = 1, j = 0, k, s;
    mt[0] = 19650218;
    for (k = 1; k < N; k++) { s = mt[k - 1] ^ (mt[k - 1] >>> 30); mt[k] = (Math.imul(1812433253, s) + k) >>> 0; }
    for (k = Math.max(N, key.length); k; k--) {
      s = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(s, 1664525)) >>> 0) + key[j] + j;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (k = N - 1; k; k--) {
      s = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(s, 1566083941)) >>> 0) - i;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    this.mt = mt;
    this.i = N;
  }
  Random.prototype.uint32 = function () {
    var mt = this.mt, y, kk;
    if (this.i >= N) {
      for (kk = 0; kk < N; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
        mt[kk] = mt[(kk + 397) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.i = 0;
    }
    y = mt[this.i++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  Random.prototype.getrandbits = function (k) { return this.uint32() >>> (32 - k); };
  Random.prototype.randbelow = function (n) {
    var k = 32 - Math.clz32(n), r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  };
  Random.prototype.shuffle = function (x) {
    for (var i = x.length - 1; i > 0; i--) {
      var j = this.randbelow(i + 1), t = x[i];
      x[i] = x[j]; x[j] = t;
    }
    return x;
  };
  Random.prototype.choice = function (x) { return x[this.randbelow(x.length)]; };
  Random.prototype.sample = function (x, k) {
    var n = x.length, out = [], i, j, setsize = 21;
    if (k > 5) setsize += Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
    if (n <= setsize) {
      var pool = x.slice();
      for (i = 0; i < k; i++) { j = this.randbelow(n - i); out.push(pool[j]); pool[j] = pool[n - i - 1]; }
    } else {
      var taken = {};
      for (i = 0; i < k; i++) { j = this.randbelow(n); while (taken[j]) j = this.randbelow(n); taken[j] = 1; out.push(x[j]); }
    }
    return out;
  };

  /* --- one question from its data (quiz.generate.kinds: Choice, SelectAll, Matching .draw) --- */
  function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function question(data, r, options, answer, prompts) {
    var doc = r.section.split("#"), q = {
      id: r.id, topic: r.topic, template: r.template, kind: "single", stem: r.stem,
      options: options, answer: answer, answer_letters: "", explanation: r.explanation,
      section: r.section, url: doc[0] + ".html#" + doc[1], cite: r.cite.slice()
    };
    if (prompts) {
      q.kind = "matching";
      q.prompts = prompts;
      q.answer_letters = answer.map(function (i, n) { return (n + 1) + LETTERS[i]; }).join(" ");
    } else {
      if (answer.length > 1) q.kind = "multiple";
      else if (same(options, ["True", "False"])) q.kind = "truefalse";
      q.answer_letters = answer.map(function (i) { return LETTERS[i]; }).join("");
    }
    return q;
  }
  function build(data, r, rng) {
    var S = data.strings, d = r.d, text = function (i) { return S[i]; }, chosen, answer = [];
    if (d[0] === "f") return question(data, r, d[1].map(text), d[2].slice());
    if (d[0] === "c") { // [c, [key, place], [[option, fits, place]...], n, min, ordered]
      var cands = rng.shuffle(d[2].slice()), seen = {}, picked = [], n = d[3];
      seen[S[d[1][0]]] = 1;
      for (var i = 0; i < cands.length; i++) {
        var label = S[cands[i][0]];
        if (cands[i][1] || seen.hasOwnProperty(label)) continue;
        seen[label] = 1;
        picked.push(cands[i]);
        if (picked.length === n - 1) break;
      }
      if (picked.length + 1 < d[4]) return null;
      chosen = [[d[1][0], 1, d[1][1]]].concat(picked);
      if (d[5]) chosen.sort(function (a, b) { return a[2] - b[2]; });
      else rng.shuffle(chosen);
      chosen.forEach(function (c, i) { if (c[1]) answer.push(i); });
      return answer.length === 1 ? question(data, r, chosen.map(function (c) { return S[c[0]]; }), answer) : null;
    }
    if (d[0] === "a") { // [a, right (sorted), wrong (sorted)]: 2 or 3 right, 4 in all
      var right = d[1].map(text), bad = d[2].map(text), sizes = [2, 3].filter(function (k) {
        return k <= right.length && 4 - k <= bad.length;
      });
      var keys = rng.choice(sizes.length ? sizes : [0]);
      if (!keys) return null;
      chosen = rng.shuffle(rng.sample(right, keys).concat(rng.sample(bad, 4 - keys)));
      chosen.forEach(function (o, i) { if (right.indexOf(o) >= 0) answer.push(i); });
      return question(data, r, chosen, answer);
    }
    // [m, prompts' texts, options' texts]: pair each prompt with its option
    var lefts = d[1].map(text), rights = d[2].map(text), idx = function () { return lefts.map(function (_, i) { return i; }); };
    var prompts = rng.shuffle(idx()), order = rng.shuffle(idx());
    if (same(order, prompts)) order = order.slice(1).concat(order.slice(0, 1));
    return question(data, r, order.map(function (i) { return rights[i]; }),
      prompts.map(function (p) { return order.indexOf(p); }), prompts.map(function (p) { return lefts[p]; }));
  }

  /* --- a quiz (quiz.generate.drawing: make_quiz, _draw, _spread) --- */
  function movable(data, q) {
    return !(q.kind === "truefalse" || q.answer.length !== 1 ||
             data.scale_templates.indexOf(q.template) >= 0 ||
             data.scales.some(function (s) { return same(s, q.options); }));
  }
  function spread(data, quiz, rng) {
    var groups = {}, out = quiz.slice();
    quiz.forEach(function (q, i) { if (movable(data, q)) (groups[q.options.length] = groups[q.options.length] || []).push(i); });
    Object.keys(groups).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
      var where = groups[n], start = rng.randbelow(n), positions = where.map(function (_, k) { return (start + k) % n; });
      rng.shuffle(positions);
      where.forEach(function (i, k) {
        var q = quiz[i], pos = positions[k] % n, key = q.answer[0], order = q.options.map(function (_, j) { return j; });
        order[key] = pos; order[pos] = key;
        var b = Object.assign({}, q, { options: order.map(function (j) { return q.options[j]; }), answer: [pos] });
        b.answer_letters = LETTERS[pos];
        out[i] = b;
      });
    });
    return out;
  }
  function drawQuiz(data, ed, rng, quotas, order, total) { // quotas: [[topic, n]...] in dict order
    var queues = {}, left = {}, quiz = [], recipes = data.recipes;
    quotas.forEach(function (tq) {
      var t = data.topics.indexOf(tq[0]);
      queues[tq[0]] = rng.shuffle(ed.slots.filter(function (s) { return s[0] === t; }));
      left[tq[0]] = tq[1];
    });
    function any(f) { return order.some(f); }
    while (quiz.length < total && any(function (t) { return queues[t].length; })) {
      var short = !any(function (t) { return left[t] && queues[t].length; });
      for (var o = 0; o < order.length; o++) {
        var t = order[o];
        while ((left[t] || short) && queues[t].length && quiz.length < total) {
          var slot = queues[t].pop(), q = slot[1] < 0 ? null : build(data, recipes[slot[1]], rng);
          if (q) { quiz.push(q); left[t] = Math.max(0, left[t] - 1); break; }
        }
      }
    }
    return spread(data, quiz, rng);
  }
  function generate(data, ed, seed, count, topics, variant) {
    var rng = new Random(variant ? seed + "/" + variant : seed), order = topics.slice();
    if (!variant) {
      rng.shuffle(order);
      var base = Math.floor(count / order.length), extra = count % order.length;
      return drawQuiz(data, ed, rng, order.map(function (t, i) { return [t, base + (i < extra ? 1 : 0)]; }), order, count);
    }
    var first = generate(data, ed, seed, count, topics, 0);
    var quotas = topics.map(function (t) { return [t, first.filter(function (q) { return q.topic === t; }).length]; });
    rng.shuffle(order);
    return rng.shuffle(drawQuiz(data, ed, rng, quotas, order, first.length));
  }

  /* --- replay codes, as `python -m quiz --code CODE` answers them --- */
  function pyrepr(s) {
    var q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    return q + s.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), "\\" + q).replace(/\n/g, "\\n") + q;
  }
  function makeCode(data, version, fingerprint, seed, count, topics, variant) {
    var letters = data.topics.filter(function (t) { return topics.indexOf(t) >= 0; })
      .map(function (t) { return data.letters[data.topics.indexOf(t)]; }).join("");
    var code = [version, fingerprint.slice(0, 6), seed, count, letters].join("-");
    return variant ? code + "-v" + variant : code;
  }
  function Refused(lines) { this.lines = lines; }
  function parse(data, code) {
    var m = new RegExp(data.pattern).exec(code.trim());
    if (!m || new Set(m[5]).size !== m[5].length) {
      throw new Refused(["not a replay code: " + pyrepr(code) + " (expected something like " + data.example + ")"]);
    }
    return { version: m[1], fingerprint: m[2], seed: +m[3], count: +m[4], variant: +(m[6] || 0),
      topics: data.topics.filter(function (t, i) { return m[5].indexOf(data.letters[i]) >= 0; }) };
  }
  /* {questions, code, edition, note} for a code, or throws Refused with the terminal's lines. */
  function replay(data, code) {
    var c = parse(data, code), name = c.version + "-" + c.fingerprint, cur = data.editions[data.current], ed;
    var draw = function (e) { return generate(data, e, c.seed, c.count, c.topics, c.variant); };
    if (name === data.current) ed = cur;
    else {
      var recorded = data.records[c.version], curName = data.current;
      ed = recorded === c.fingerprint ? data.editions[name] : null;
      if (!ed) {
        var why = recorded ? "release " + c.version + "'s bank is " + c.version + "-" + recorded
          : "this installation has no record of that edition";
        throw new Refused(["this code was made with bank " + name + ", and " + why + " (records: " +
          (Object.keys(data.records).join(", ") || "none") + "; this bank: " + curName + "), so it cannot check " +
          "that its questions are the same: it does not replay it. Ask for a new quiz instead."]);
      }
      if (ed.draw || !ed.same_draw) {
        throw new Refused(["this code was made with bank " + name + "; this version of the quiz (" + data.version +
          ") no longer draws questions as " + c.version + " did, so it cannot replay it. Install version " +
          c.version + " to replay it, or ask for a new quiz."]);
      }
      var questions = draw(ed), ids = {}, lines = [];
      questions.forEach(function (q) {
        if (ids[q.id]) return;
        ids[q.id] = 1;
        if (ed.changed[q.id]) return lines.push(ed.changed[q.id]);
        var gone = ed.gone[q.id] || {}, lost = q.options.filter(function (o, i) {
          return q.answer.indexOf(i) < 0 && gone.hasOwnProperty(o);
        });
        if (lost.length) lines.push(gone[lost[0]]);
      });
      if (lines.length) {
        throw new Refused(["this code was made with bank " + name + "; this is bank " + curName +
          ", which cannot ask that quiz as it was: " + lines.length + " of its " + Object.keys(ids).length +
          " questions changed:"].concat(lines.map(function (l) { return "  " + l; }),
          ["`python -m quiz diff " + c.version + " current` lists every change; ask for a new quiz to get this bank's questions."]));
      }
    }
    var qs = draw(ed);
    return { questions: qs, edition: ed,
      code: makeCode(data, ed.version, ed.fingerprint, c.seed, c.count, c.topics, c.variant),
      note: qs.length < c.count ? "these topics offer " + qs.length + " questions, not " + c.count + "." : "" };
  }
  /* A new quiz of the current bank: what `python -m quiz --seed SEED --count N --topic ...` asks. */
  function fresh(data, seed, count, topics) {
    var ed = data.editions[data.current];
    return replay(data, makeCode(data, ed.version, ed.fingerprint, seed, count, topics, 0));
  }
  /* The question with this id as `python -m quiz review` rebuilds it (seeded with its id). */
  function rebuild(data, qid) {
    var ed = data.editions[data.current], found = null;
    ed.slots.forEach(function (s) { if (s[1] >= 0 && data.recipes[s[1]].id === qid) found = data.recipes[s[1]]; });
    return found && build(data, found, new Random(qid));
  }

  var api = { Random: Random, sha512: sha512, seedWords: seedWords, generate: generate, build: build,
    replay: replay, fresh: fresh, rebuild: rebuild, parse: parse, makeCode: makeCode, Refused: Refused };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.QuizDraw = api;
})(this);
