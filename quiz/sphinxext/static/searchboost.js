/* Search: a query about an emergency finds the red flags first. Sphinx's search (searchtools.js,
   on the search page only) ranks a glossary entry or a changelog line above the safety chapter
   for "cauda equina"; with this scorer, a query holding one of these words lifts the safety
   chapter's results above every other page's. Other queries keep Sphinx's own order. */
(function () {
  "use strict";
  var WORDS = ["cauda equina", "red flag", "emergency", "saddle", "bladder", "bowel", "both legs"];
  var PAGE = "start/safety";
  if (!window.Scorer) return;
  var query = (new URLSearchParams(window.location.search).get("q") || "").toLowerCase();
  if (!WORDS.some(function (w) { return query.indexOf(w) >= 0; })) return;
  var own = window.Scorer.score;
  window.Scorer.score = function (result) {
    var score = own ? own(result) : result[4];
    return result[0] === PAGE ? score + 1000 : score;
  };
})();
