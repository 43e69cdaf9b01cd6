/* Part 3: search over names, abbreviations, other names, measure ids, titles and the evidence
 * sentences; tolerant of case, diacritics (naere finds nære) and one typo (NKTVS finds NKVTS).
 * Ranked: exact id or abbreviation, name prefix, a word of the name, one edit away, part of a
 * name; ties by degree. Matching sentences come after the nodes. */

var FOLD = { "æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l" };

function fold(text) {
  return String(text == null ? "" : text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[æøåßœđł]/g, function (c) { return FOLD[c]; }).replace(/\s+/g, " ").trim();
}

function words(text) {
  return text.split(/[^a-z0-9]+/).filter(Boolean);
}

/* Whether a and b are at most one edit apart (insert, delete, substitute or swap two neighbours). */
function oneEdit(a, b) {
  if (a === b) return true;
  var la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  var i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function measureQuery(q) {
  return q.replace(/^(tiltak|measure)\s+/, "").replace(/^(\d+)\s+([a-z])$/, "$1$2");
}

var searchIndex = null;
var sentenceIndex = null;

function indexEntry(names, ids) {
  var all = {};
  names.concat(ids).forEach(function (n) { words(n).forEach(function (w) { all[w] = true; }); });
  return { ids: ids, names: names, words: Object.keys(all) };
}

/* Names and ids of a node; a measure's title counts after the names of other nodes. */
function buildIndex() {
  searchIndex = DATA.nodes.map(function (node) {
    var a = node.attrs;
    var ids = [a.abbreviation, a.org, a.type === "measure" ? a.measure : null].filter(Boolean).map(fold);
    var measure = a.type === "measure";
    var names = (measure ? [] : [a.label, a.title, a.name_en, a.document, node.label].concat(a.aliases || [])).filter(Boolean).map(fold);
    var titles = (measure ? [a.title] : []).filter(Boolean).map(fold);
    return { node: node, primary: indexEntry(names, ids), secondary: indexEntry(titles, []) };
  });
  sentenceIndex = [];
  var seen = new Map();
  DATA.edges.forEach(function (edge) {
    edge.evidence.forEach(function (item) {
      if (item.line === 0) return;
      var key = item.text + "\u0000" + edge.to;
      if (seen.has(key)) return;
      seen.set(key, true);
      sentenceIndex.push({ edge: edge, item: item, text: fold(item.text) });
    });
  });
}

function rankIn(entry, q, qWords) {
  var mq = measureQuery(q);
  if (entry.ids.indexOf(q) >= 0 || entry.ids.indexOf(mq) >= 0 || entry.names.indexOf(q) >= 0) return 0;
  if (entry.names.some(function (n) { return n.indexOf(q) === 0; })) return 1;
  var wordsMatch = qWords.length && qWords.every(function (w) {
    return entry.words.some(function (x) { return x.indexOf(w) === 0; });
  });
  if (wordsMatch) return 2;
  if (q.length >= 4 && qWords.length && qWords.every(function (w) {
    return w.length >= 4 ? entry.words.some(function (x) { return oneEdit(w, x); }) : entry.words.some(function (x) { return x.indexOf(w) === 0; });
  })) return 3;
  if (q.length >= 3 && entry.names.some(function (n) { return n.indexOf(q) >= 0; })) return 4;
  return null;
}

function rank(entry, q, qWords) {
  var first = rankIn(entry.primary, q, qWords), second = rankIn(entry.secondary, q, qWords);
  if (second !== null) second += 0.5;
  return first === null ? second : second === null ? first : Math.min(first, second);
}

/* The nodes that match, best first. */
function searchNodes(query) {
  if (!searchIndex) buildIndex();
  var q = fold(query);
  if (!q) return [];
  var qWords = words(q);
  var hits = [];
  searchIndex.forEach(function (entry) {
    var score = rank(entry, q, qWords);
    if (score !== null) hits.push({ score: score, node: entry.node });
  });
  hits.sort(function (x, y) {
    return x.score - y.score || y.node.degree - x.node.degree ||
      (TYPE_RANK[x.node.attrs.type] || 9) - (TYPE_RANK[y.node.attrs.type] || 9) ||
      (x.node.id < y.node.id ? -1 : x.node.id > y.node.id ? 1 : 0);
  });
  return hits.map(function (h) { return h.node; });
}

/* Whether a word of `text` starts with `w`. */
function startsWord(text, w) {
  for (var at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
    if (at === 0 || !/[a-z0-9]/.test(text[at - 1])) return true;
  }
  return false;
}

/* Evidence sentences that hold every word of the query (a word may be the start of a longer one). */
function searchSentences(query, limit) {
  if (!searchIndex) buildIndex();
  var q = fold(query);
  var qWords = words(q);
  if (q.length < 3 || !qWords.length) return [];
  var found = [];
  for (var i = 0; i < sentenceIndex.length && found.length < limit; i++) {
    var entry = sentenceIndex[i];
    if (qWords.every(function (w) { return startsWord(entry.text, w); })) found.push(entry);
  }
  return found;
}

var searchInput = byIdEl("search");
var resultList = byIdEl("search-results");
var results = [];
var active = -1;

function closeResults() {
  clear(resultList);
  results = [];
  active = -1;
  searchInput.setAttribute("aria-expanded", "false");
  searchInput.removeAttribute("aria-activedescendant");
}

function showResults() {
  clear(resultList);
  results = [];
  active = -1;
  var query = searchInput.value;
  if (!fold(query)) { closeResults(); return; }
  var found = searchNodes(query).slice(0, 10);
  var sentences = searchSentences(query, 6);
  found.forEach(function (node) {
    var a = node.attrs;
    var title = a.title && a.title !== a.label ? a.title : "";
    results.push({ node: node.id, label: [nodeName(node.id), title ? " — " + title : ""].join(""),
      kind: categoryLabel(node.category) });
  });
  sentences.forEach(function (entry) {
    results.push({ node: entry.edge.to, edge: entry.edge.id, sentence: entry.item.text, label: nodeName(entry.edge.to) + ": " + entry.item.text });
  });
  if (!results.length) {
    append(resultList, el("li", { class: "empty", role: "option", "aria-disabled": "true", id: "result-none" }, t("noMatch")));
  }
  results.forEach(function (result, index) {
    if (result.sentence && (index === 0 || !results[index - 1].sentence)) {
      append(resultList, el("li", { class: "group", role: "presentation" }, t("sentences")));
    }
    var item = el("li", { role: "option", id: "result-" + index, "data-node": result.node, "aria-selected": "false",
      class: result.sentence ? "sentence" : null },
      result.sentence ? [el("strong", null, nodeName(result.node)), " ", result.sentence] : [result.label, el("span", { class: "kind" }, "· " + result.kind)]);
    if (result.edge) item.setAttribute("data-edge", result.edge);
    item.addEventListener("mousedown", function (event) { event.preventDefault(); });
    item.addEventListener("click", function () { pick(index); });
    append(resultList, item);
  });
  searchInput.setAttribute("aria-expanded", "true");
  setStatus(t("resultsFor", { count: results.length }));
}

function highlight(index) {
  active = index;
  Array.prototype.forEach.call(resultList.querySelectorAll("li[role=option]"), function (li) {
    li.setAttribute("aria-selected", li.id === "result-" + index ? "true" : "false");
  });
  var current = byIdEl("result-" + index);
  if (current) {
    searchInput.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }
}

function pick(index) {
  var result = results[index];
  if (!result) return;
  closeResults();
  state.q = searchInput.value;
  select(result.node, { focus: true, centre: true, edge: result.edge || null });
}

searchInput.addEventListener("input", function () {
  state.q = searchInput.value;
  showResults();
  saveState(true);
});
searchInput.addEventListener("keydown", function (event) {
  if (event.key === "Enter") {
    if (!results.length) showResults();
    pick(active >= 0 ? active : 0);
    event.preventDefault();
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!results.length) showResults();
    if (results.length) highlight((active + (event.key === "ArrowDown" ? 1 : results.length - 1) + (active < 0 && event.key === "ArrowUp" ? 1 : 0)) % results.length);
    event.preventDefault();
  } else if (event.key === "Escape") {
    if (results.length) closeResults();
    else if (state.focus) resetFocus();
    else { searchInput.value = ""; state.q = ""; saveState(true); }
    event.preventDefault();
    event.stopPropagation();
  }
});
searchInput.addEventListener("blur", function () { setTimeout(closeResults, 150); });
