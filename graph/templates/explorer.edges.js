/* Part 9: the edges, drawn by the page under vis-network's nodes and found under the pointer, and
 * the view dragged by a CSS transform. */

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
function wirePan() {
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
}
