/* Part 9: the vis-network graph, what is visible and where, selection and focus, the controls'
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

/* Edges are drawn by the page itself, under vis-network's nodes: one path per kind of edge, so
 * that thousands of edges cost a few milliseconds a frame (vis-network's own edges cost about a
 * third of a millisecond each to make). Edges are left out while the view moves. */
var EDGE_STYLE = new Map(DATA.edgeKinds.map(function (kind) {
  var role = kind.key.indexOf("involved:") === 0 ? kind.key.slice(9) : null;
  return [kind.key, { colour: kind.colour, dashes: kind.dashes || [], width: role === "responsible" ? 1.6 : role && role !== "mentioned" ? 1.4 : 1 }];
}));
var EDGE_ORDER = DATA.edgeKinds.map(function (k) { return k.key; }).reverse();  // roles drawn last, on top
var curve = new Map();
(function () {
  var siblings = new Map();
  DATA.edges.forEach(function (edge) {
    var pair = edge.from < edge.to ? edge.from + "\u0000" + edge.to : edge.to + "\u0000" + edge.from;
    var rank = siblings.get(pair) || 0;
    siblings.set(pair, rank + 1);
    if (rank) curve.set(edge.id, 0.18 * rank * (edge.from < edge.to ? 1 : -1));
  });
})();
var edgesByKind = new Map();
var moving = false;

function edgePath(edge, positions) {
  var a = positions[edge.from], b = positions[edge.to];
  if (!a || !b) return null;
  var bend = curve.get(edge.id) || 0;
  var cx = (a.x + b.x) / 2 - (b.y - a.y) * bend, cy = (a.y + b.y) / 2 + (b.x - a.x) * bend;
  return { a: a, b: b, c: bend ? { x: cx, y: cy } : null };
}

function drawEdges(ctx) {
  if (moving || state.view !== "graph") return;
  var positions = network.getPositions(Array.from(visibleNodes));
  var selected = state.selected;
  var unit = 1 / Math.min(1, Math.max(network.getScale(), 0.3));  // about a screen pixel when zoomed out
  ctx.save();
  EDGE_ORDER.forEach(function (kind) {
    var list = edgesByKind.get(kind);
    if (!list || !list.length) return;
    var style = EDGE_STYLE.get(kind) || { colour: "#999999", dashes: [], width: 1 };
    [false, true].forEach(function (strong) {
      var paths = [];
      list.forEach(function (edge) {
        if ((edge.from === selected || edge.to === selected) !== strong) return;
        var path = edgePath(edge, positions);
        if (path) paths.push([edge, path]);
      });
      if (!paths.length) return;
      ctx.globalAlpha = strong ? 1 : visibleEdges.size > 150 ? 0.35 : 0.7;
      ctx.strokeStyle = style.colour;
      ctx.fillStyle = style.colour;
      ctx.lineWidth = (strong ? 2.5 : 1) * style.width * unit;
      ctx.setLineDash(style.dashes.map(function (d) { return d * unit; }));
      ctx.beginPath();
      paths.forEach(function (item) {
        var p = item[1];
        ctx.moveTo(p.a.x, p.a.y);
        if (p.c) ctx.quadraticCurveTo(p.c.x, p.c.y, p.b.x, p.b.y); else ctx.lineTo(p.b.x, p.b.y);
      });
      ctx.stroke();
      ctx.setLineDash([]);
      if (unit > 1.6 && !strong) return;  // no arrowheads on the whole graph zoomed out
      ctx.beginPath();
      paths.forEach(function (item) {  // an arrowhead at the target's edge
        var p = item[1];
        var from = p.c || p.a;
        var dx = p.b.x - from.x, dy = p.b.y - from.y, length = Math.hypot(dx, dy) || 1;
        var ux = dx / length, uy = dy / length;
        var tip = byId.get(item[0].to).size + 1;
        var size = (2 + style.width * 1.5) * unit;
        var x = p.b.x - ux * tip, y = p.b.y - uy * tip;
        ctx.moveTo(x, y);
        ctx.lineTo(x - ux * size * 1.6 - uy * size, y - uy * size * 1.6 + ux * size);
        ctx.lineTo(x - ux * size * 1.6 + uy * size, y - uy * size * 1.6 - ux * size);
        ctx.closePath();
      });
      ctx.fill();
    });
  });
  ctx.restore();
}

function segmentDistance(p, a, b) {
  var dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
  var k = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
  return Math.hypot(p.x - a.x - k * dx, p.y - a.y - k * dy);
}

/* The visible edge nearest to a point of the canvas, within a few pixels. */
function edgeAt(point) {
  var positions = network.getPositions(Array.from(visibleNodes));
  var best = null, limit = 6 / network.getScale();
  visibleEdges.forEach(function (id) {
    var path = edgePath(edgeById.get(id), positions);
    if (!path) return;
    var d = path.c ? Math.min(segmentDistance(point, path.a, path.c), segmentDistance(point, path.c, path.b)) : segmentDistance(point, path.a, path.b);
    if (d < limit) { limit = d; best = id; }
  });
  return best;
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

/* Dragging the view with a mouse or pen moves the drawn picture (a CSS transform, which the browser
 * composites without drawing anything again); vis-network draws once, where it is let go. A drag
 * that starts on a node, and touch (pinch zoom), are left to vis-network. */
var pan = null;
var panFrames = 0;
function panTo() {
  if (!pan) return;
  pan.canvas.style.transform = "translate(" + pan.dx + "px, " + pan.dy + "px)";
  panFrames += 1;
  pan.frame = requestAnimationFrame(panTo);
}
container.addEventListener("pointerdown", function (event) {
  if (event.pointerType === "touch" || event.button !== 0) return;
  var box = container.getBoundingClientRect();
  var point = { x: event.clientX - box.left, y: event.clientY - box.top };
  if (network.getNodeAt(point) !== undefined) return;
  event.stopPropagation();
  pan = { x: event.clientX, y: event.clientY, dx: 0, dy: 0, moved: false, point: point,
    canvas: container.querySelector("canvas"), frame: null };
}, true);
window.addEventListener("pointermove", function (event) {
  if (!pan) return;
  event.stopPropagation();
  pan.dx = event.clientX - pan.x;
  pan.dy = event.clientY - pan.y;
  if (!pan.moved && Math.hypot(pan.dx, pan.dy) > 3) {
    pan.moved = true;
    pan.frame = requestAnimationFrame(panTo);
  }
}, true);
window.addEventListener("pointerup", function (event) {
  if (!pan) return;
  event.stopPropagation();
  var done = pan;
  pan = null;
  cancelAnimationFrame(done.frame);
  done.canvas.style.transform = "";
  if (done.moved) {
    var view = network.getViewPosition(), scale = network.getScale();
    network.moveTo({ position: { x: view.x - done.dx / scale, y: view.y - done.dy / scale }, scale: scale, animation: false });
  } else {
    showEdgeAt(network.DOMtoCanvas(done.point));
  }
}, true);
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
