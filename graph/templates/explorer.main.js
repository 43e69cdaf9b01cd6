/* Part 10: the vis-network graph, what is visible and where, selection and focus, the controls'
 * texts in the chosen language, and the wiring. */

var LABEL_THRESHOLD = 7;  // labels smaller than this many pixels on screen are not drawn

function visNode(node) {
  var cat = categoryByKey.get(node.category) || { colour: "#999999", shape: "dot" };
  return {
    id: node.id, label: node.label, x: node.x, y: node.y, shape: cat.shape, size: node.size,
    font: { size: node.font }, title: node.attrs.title || node.attrs.label || node.id,
    color: {
      background: cat.colour, border: cat.colour,
      highlight: { background: cat.colour, border: "#000000" }, hover: { background: cat.colour, border: "#000000" }
    }
  };
}

var VIS_OPTIONS = {
  autoResize: true,
  layout: { improvedLayout: false, randomSeed: 0 },
  physics: { enabled: false },
  interaction: {
    hover: true, tooltipDelay: 250,
    navigationButtons: false, keyboard: { enabled: true, bindToWindow: false }, multiselect: false
  },
  nodes: {
    borderWidth: 1, borderWidthSelected: 4,
    font: { face: DATA.font, color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" },
    scaling: { label: { drawThreshold: LABEL_THRESHOLD } }
  }
};

var container = byIdEl("graph");
var wholeGraph = new vis.DataSet(DATA.nodes.map(visNode));  // the whole graph at its positions
var shown = wholeGraph;
var network = new vis.Network(container, { nodes: wholeGraph, edges: [] }, VIS_OPTIONS);
var visibleNodes = new Set(DATA.nodes.map(function (n) { return n.id; }));
var visibleEdges = new Set();
var frame = container.querySelector(".vis-network");
if (frame) frame.setAttribute("role", "application");

/* Show what the filters and the focus leave, laid out again when it is not the whole graph. A
 * part of the graph is given to vis-network as data of its own (making a few hundred nodes is
 * quicker than hiding and moving a thousand). */
function apply() {
  var view = filtered();
  var depth = null;
  var focus = state.focus;
  var usable = function (e) {  // an edge of the view, or one to the focused node even if filtered out
    return view.edges.has(e.id) || ((e.from === focus || e.to === focus) && edgeAllowed(e) && view.nodes.has(other(e, focus)));
  };
  if (focus) depth = neighbourhood(usable, focus, state.hops);
  var next = depth ? new Set(depth.keys()) : view.nodes;
  visibleNodes = next;
  if (depth) {
    visibleEdges = new Set();
    edgesByKind = new Map();
    next.forEach(function (id) {
      edgesOf(id, "out").forEach(function (e) {
        if (!next.has(e.to) || !usable(e) || Math.min(depth.get(e.from), depth.get(e.to)) >= state.hops) return;
        visibleEdges.add(e.id);
        if (!edgesByKind.has(e.kind)) edgesByKind.set(e.kind, []);
        edgesByKind.get(e.kind).push(e);
      });
    });
  } else {
    visibleEdges = view.edges;
    edgesByKind = view.byKind;
  }
  if (!depth && next.size === DATA.nodes.length) {
    if (shown !== wholeGraph) network.setData({ nodes: wholeGraph, edges: [] });
    shown = wholeGraph;
  } else {
    var positions = depth ? arrangeNeighbourhood(state.focus, depth) : arrangeFiltered(Array.from(next));
    shown = new vis.DataSet(Array.from(next).sort().map(function (id) {
      var item = visNode(byId.get(id));
      item.x = positions.get(id)[0];
      item.y = positions.get(id)[1];
      if (depth && depth.get(id) === 2) item.opacity = 0.55;
      return item;
    }));
    network.setData({ nodes: shown, edges: [] });
  }
  var status = t("status.showing", { visible: next.size, total: DATA.nodes.length });
  if (state.focus) status += " · " + t("status.focus", { name: nodeName(state.focus) });
  setStatus(status);
  if (frame) frame.setAttribute("aria-label", t("graph", { nodes: next.size }));
  byIdEl("reset-focus").disabled = !state.focus;
}

function fitVisible() {
  var ids = Array.from(visibleNodes);
  if (ids.length) network.fit({ nodes: ids, animation: false });
}

function centreOn(id) {
  fitVisible();
  var scale = state.focus ? Math.min(network.getScale(), 1.5) : Math.max(network.getScale(), 1);
  network.moveTo({ position: network.getPositions([id])[id], scale: scale, animation: false });
}

function select(id, options) {
  options = options || {};
  if (!byId.has(id)) return;
  if (options.focus) state.focus = id;
  state.selected = id;
  state.edge = options.edge || null;
  apply();
  network.selectNodes([id]);
  if (options.centre) centreOn(id); else fitVisible();  // before the details: no layout of them yet
  if (state.edge) showEdge(state.edge); else showDetails(id);
  if (state.view !== "graph") renderView();
  saveState(false);
}

function resetFocus() {
  state.focus = null;
  apply();
  if (state.selected && visibleNodes.has(state.selected)) network.selectNodes([state.selected]);
  fitVisible();
  saveState(false);
}

/* After a change of the filters, relations, steps, view or language. */
function changed(options) {
  options = options || {};
  renderChips();
  renderPickers();
  renderViewTabs();
  apply();
  if (state.selected && visibleNodes.has(state.selected)) network.selectNodes([state.selected]);
  if (options.relayout !== false) {
    if (state.focus) centreOn(state.focus); else fitVisible();
  }
  renderView();
  saveState(false);
  if (options.keepFocus && byIdEl(options.keepFocus)) byIdEl(options.keepFocus).focus();
  if (options.focusChip) (byIdEl("chips").querySelector("button") || byIdEl("filter-pickers").querySelector("select") || byIdEl("search")).focus();
}

/* The page's own texts in the chosen language. */
function renderTexts() {
  document.documentElement.lang = state.lang;
  var set = function (id, key) { var node = byIdEl(id); if (node) node.textContent = t(key); };
  set("search-label", "search");
  set("search-help", "searchHelp");
  set("hops-label", "hops");
  set("filters-heading", "filters");
  set("relations-heading", "relations");
  set("legend-heading", "legend");
  set("export-heading", "export");
  set("reset-focus", "showWhole");
  set("fit", "fit");
  set("reset-filters", "resetFilters");
  set("export-png", "png");
  set("export-nodes", "csvNodes");
  set("export-edges", "csvEdges");
  set("help", "help");
  set("details-heading", "details");
  set("controls-toggle", "filtersToggle");
  byIdEl("reset-focus").title = t("showWholeHelp");
  byIdEl("search").placeholder = t("searchPlaceholder");
  byIdEl("counts").textContent = t("counts", { nodes: DATA.nodes.length, edges: DATA.edges.length });
  byIdEl("language").setAttribute("aria-label", t("language"));
  document.querySelectorAll("#language button").forEach(function (b) {
    b.setAttribute("aria-pressed", b.getAttribute("data-lang") === state.lang ? "true" : "false");
    b.title = DATA.i18n[b.getAttribute("data-lang")].languageName;
  });
  document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = t(node.getAttribute("data-t")); });
  document.querySelectorAll("input[name=hops]").forEach(function (r) { r.checked = Number(r.value) === state.hops; });
  renderRelations();
  renderLegend();
}

/* Everything drawn again from the state (on load and on back/forward). */
function restore() {
  byIdEl("search").value = state.q;
  renderTexts();
  renderChips();
  renderPickers();
  renderViewTabs();
  apply();
  if (state.edge) showEdge(state.edge); else showDetails(state.selected);
  if (state.selected && visibleNodes.has(state.selected)) {
    network.selectNodes([state.selected]);
    centreOn(state.selected);
  } else {
    network.unselectAll();
    fitVisible();
  }
  renderView();
}

network.on("beforeDrawing", drawEdges);
function showEdgeAt(point) {
  var edge = edgeAt(point);
  if (edge) { state.edge = edge; showEdge(edge); saveState(false); }
}
network.on("click", function (params) {
  if (params.nodes.length) select(params.nodes[0], { focus: true, centre: true });
  else showEdgeAt(params.pointer.canvas);
});
var still = null;
function move() {
  moving = true;
  clearTimeout(still);
  still = setTimeout(function () { moving = false; network.redraw(); }, 180);
}
network.on("dragStart", function () { moving = true; clearTimeout(still); });
network.on("dragEnd", move);
network.on("zoom", move);

wirePan();
byIdEl("reset-focus").addEventListener("click", resetFocus);
byIdEl("fit").addEventListener("click", fitVisible);
byIdEl("reset-filters").addEventListener("click", function () {
  state.filters = [];
  state.hidden = new Set(DATA.hiddenKinds);
  renderRelations();
  changed();
});
byIdEl("export-png").addEventListener("click", exportPng);
byIdEl("export-nodes").addEventListener("click", exportNodes);
byIdEl("export-edges").addEventListener("click", exportEdges);
document.querySelectorAll("input[name=hops]").forEach(function (radio) {
  radio.addEventListener("change", function () { state.hops = Number(radio.value); changed(); });
});
document.querySelectorAll("#language button").forEach(function (button) {
  button.addEventListener("click", function () {
    state.lang = button.getAttribute("data-lang");
    renderTexts();
    changed({ relayout: false, keepFocus: null });
    if (state.edge) showEdge(state.edge); else showDetails(state.selected);
    button.focus();
  });
});
byIdEl("controls-toggle").addEventListener("click", function () {
  var open = byIdEl("controls").classList.toggle("open");
  byIdEl("controls-toggle").setAttribute("aria-expanded", open ? "true" : "false");
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || event.target === searchInput) return;
  if (byIdEl("controls").classList.contains("open")) {
    byIdEl("controls").classList.remove("open");
    byIdEl("controls-toggle").setAttribute("aria-expanded", "false");
  } else if (state.focus) {
    resetFocus();
  }
});
window.addEventListener("popstate", function () { loadState(); restore(); });

loadState();
restore();

/* A small handle for tests, benchmarks and the curious. */
window.explorer = {
  ready: false,
  readyMs: null,
  network: network,
  data: DATA,
  state: state,
  exported: exported,
  visibleNodeIds: function () { return Array.from(visibleNodes).sort(); },
  visibleEdgeIds: function () { return Array.from(visibleEdges).sort(); },
  search: function (q) { return searchNodes(q).map(function (n) { return n.id; }); },
  sentences: function (q) { return searchSentences(q, 20).map(function (s) { return s.edge.id; }); },
  select: select,
  panFrames: function () { return panFrames; },
  labelThreshold: LABEL_THRESHOLD
};

function ready() {
  if (window.explorer.ready) return;
  window.explorer.ready = true;
  window.explorer.readyMs = performance.now();
  document.body.setAttribute("data-ready", "true");
}
network.once("afterDrawing", ready);
network.redraw();
requestAnimationFrame(function () { requestAnimationFrame(ready); });  // also when nothing is drawn (a hidden pane)
