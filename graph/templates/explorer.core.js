/* tiltaksgraf explorer, part 1 of 10: the data, the state, the languages and DOM helpers.
 * The parts share one function scope (graph/export/html.py joins them). Document text is only ever
 * inserted as text (textContent, text nodes, attribute values): never as HTML. */

var DATA = JSON.parse(document.getElementById("explorer-data").textContent);
var byId = new Map();
var outEdges = new Map();
var inEdges = new Map();
DATA.nodes.forEach(function (node) {
  byId.set(node.id, node);
  outEdges.set(node.id, []);
  inEdges.set(node.id, []);
});
var edgeById = new Map();
DATA.edges.forEach(function (edge) {
  edgeById.set(edge.id, edge);
  outEdges.get(edge.from).push(edge);
  inEdges.get(edge.to).push(edge);
});
var categoryByKey = new Map(DATA.categories.map(function (c) { return [c.key, c]; }));
var kindByKey = new Map(DATA.edgeKinds.map(function (k) { return [k.key, k]; }));
var roleByKey = new Map(DATA.roles.map(function (r) { return [r.key, r]; }));
var statusByKey = new Map(DATA.statuses.map(function (s) { return [s.key, s]; }));
var typeByKey = new Map(DATA.types.map(function (s) { return [s.key, s]; }));
var ROLE_KEYS = DATA.roles.map(function (r) { return r.key; });
var TYPE_RANK = { measure: 0, organisation: 1, chapter: 2, plan: 3, report: 4, document: 5, "external-measure": 6, amount: 7 };

var state = {
  view: "graph",
  lang: "en",
  q: "",
  hops: 1,
  focus: null,
  selected: null,
  edge: null,
  filters: [],
  hidden: new Set(DATA.hiddenKinds)
};

/* ---------- languages ---------- */

function t(key, values) {
  var table = DATA.i18n[state.lang] || DATA.i18n.en;
  var text = table[key] !== undefined ? table[key] : (DATA.i18n.en[key] !== undefined ? DATA.i18n.en[key] : key);
  if (values) {
    text = text.replace(/\{(\w+)\}/g, function (whole, name) { return values[name] !== undefined ? String(values[name]) : whole; });
  }
  return text;
}

function termLabel(term) {
  return term ? (term[state.lang] || term.en) : "";
}

function roleLabel(role) { return termLabel(roleByKey.get(role)) || role; }
function kindLabel(key) { return termLabel(kindByKey.get(key)) || key; }
function categoryLabel(key) { return termLabel(categoryByKey.get(key)) || key; }
function statusLabel(key) { return termLabel(statusByKey.get(key)) || key; }
function orgKindLabel(kind) { return DATA.kinds[kind] ? (DATA.kinds[kind][state.lang] || DATA.kinds[kind].en) : kind; }

/* ---------- DOM helpers: text only ---------- */

function el(tag, props) {
  var node = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, String(value));
    });
  }
  for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
  return node;
}

function append(parent, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { append(parent, c); }); return; }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

function clear(node) {
  node.textContent = "";
}

function byIdEl(id) { return document.getElementById(id); }

/* An inline SVG line in an edge kind's colour and dash pattern: the legend of relations. */
function lineSwatch(kind) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "line");
  svg.setAttribute("width", "26");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  var line = document.createElementNS(ns, "line");
  line.setAttribute("x1", "1"); line.setAttribute("x2", "25"); line.setAttribute("y1", "5"); line.setAttribute("y2", "5");
  line.setAttribute("stroke", kind.colour);
  line.setAttribute("stroke-width", "3");
  if (kind.dashes) line.setAttribute("stroke-dasharray", kind.dashes.join(" "));
  svg.appendChild(line);
  return svg;
}

function shapeSwatch(category) {
  var swatch = el("span", { class: "swatch shape-" + category.shape, "aria-hidden": "true" });
  swatch.style.backgroundColor = category.colour;
  return swatch;
}

/* ---------- the graph's text ---------- */

function attrsOf(id) { return (byId.get(id) || { attrs: {} }).attrs; }

function nodeName(id) {
  var node = byId.get(id);
  if (!node) return id;
  var a = node.attrs;
  if (a.type === "measure") return t("tiltak", { id: a.measure });
  return a.label || id;
}

function roleOf(edge) {
  return edge.kind.indexOf("involved:") === 0 ? edge.kind.slice(9) : null;
}

function edgesOf(id, direction, kinds) {
  var all = direction === "out" ? outEdges.get(id) : direction === "in" ? inEdges.get(id) : outEdges.get(id).concat(inEdges.get(id));
  return all.filter(function (e) { return !kinds || kinds.indexOf(e.kind) >= 0; });
}

function other(edge, id) { return edge.from === id ? edge.to : edge.from; }

/* Measures in document order (2 before 11, 18 before 18a), other nodes by name. */
function nodeKey(id) {
  var a = attrsOf(id);
  var match = /^(\d+)(.*)$/.exec(a.measure || "");
  return match ? [0, Number(match[1]), match[2]] : [1, 0, nodeName(id).toLowerCase()];
}

function compareNodes(x, y) {
  var a = nodeKey(x), b = nodeKey(y);
  for (var i = 0; i < 3; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedBy(edgeList, end) {
  return edgeList.slice().sort(function (e, f) { return compareNodes(e[end], f[end]); });
}

/* A measure's latest status, or its status in one of the given reports. */
function statusOf(id, reports) {
  var list = attrsOf(id).status || [];
  var chosen = reports && reports.length ? list.filter(function (s) { return reports.indexOf(s.report) >= 0; }) : list;
  return chosen.length ? chosen[chosen.length - 1] : null;
}

function planOf(id) {
  var a = attrsOf(id);
  return a.plan ? byId.get("plan:" + a.plan) : null;
}
