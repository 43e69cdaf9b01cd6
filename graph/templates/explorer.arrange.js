/* Part 5: a filtered view or a neighbourhood laid out again, at once (no animation): every box (a
 * node's shape with its label, measured with the page's font) goes to the free place nearest to
 * where it is wanted. The whole graph keeps the positions computed when the page was written. */

var measureCanvas = document.createElement("canvas").getContext("2d");
var boxCache = new Map();

function boxOf(id) {
  if (boxCache.has(id)) return boxCache.get(id);
  var node = byId.get(id);
  measureCanvas.font = node.font + "px " + DATA.font;
  var half = Math.max(node.size, measureCanvas.measureText(node.label).width / 2) + 4;
  var box = [-half, -node.size - 4, half, node.size + 3 + node.font * 1.2 + 4];
  boxCache.set(id, box);
  return box;
}

/* Boxes on a grid of cells, each placed at the free place nearest to where it is wanted. */
function Packer() {
  this.cells = new Map();
  this.size = 120;
}

Packer.prototype.hits = function (r) {
  var s = this.size;
  for (var cx = Math.floor(r[0] / s); cx <= Math.floor(r[2] / s); cx++) {
    for (var cy = Math.floor(r[1] / s); cy <= Math.floor(r[3] / s); cy++) {
      var list = this.cells.get(cx + "," + cy);
      if (!list) continue;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (r[0] < o[2] && r[2] > o[0] && r[1] < o[3] && r[3] > o[1]) return true;
      }
    }
  }
  return false;
};

Packer.prototype.add = function (r) {
  var s = this.size;
  for (var cx = Math.floor(r[0] / s); cx <= Math.floor(r[2] / s); cx++) {
    for (var cy = Math.floor(r[1] / s); cy <= Math.floor(r[3] / s); cy++) {
      var key = cx + "," + cy;
      if (!this.cells.has(key)) this.cells.set(key, []);
      this.cells.get(key).push(r);
    }
  }
};

/* Place a box near (x, y): rings of candidates, nearest first. */
Packer.prototype.place = function (box, x, y) {
  var step = Math.max(6, Math.min(box[2] - box[0], box[3] - box[1]) / 3);
  for (var ring = 0; ring < 400; ring++) {
    var count = ring === 0 ? 1 : 8 * ring;
    for (var k = 0; k < count; k++) {
      var px = x, py = y;
      if (ring) {
        var angle = (k / count) * 2 * Math.PI;
        px = x + Math.cos(angle) * ring * step;
        py = y + Math.sin(angle) * ring * step;
      }
      px = Math.round(px); py = Math.round(py);
      var r = [px + box[0], py + box[1], px + box[2], py + box[3]];
      if (!this.hits(r)) { this.add(r); return [px, py]; }
    }
  }
  return [x, y];
};

function byImportance(ids) {
  return ids.slice().sort(function (a, b) {
    var na = byId.get(a), nb = byId.get(b);
    return (TYPE_RANK[na.attrs.type] - TYPE_RANK[nb.attrs.type]) || nb.degree - na.degree || (a < b ? -1 : 1);
  });
}

/* A filtered view: the global arrangement drawn together, towards the middle of what is shown. */
function arrangeFiltered(ids) {
  var positions = new Map();
  if (!ids.length) return positions;
  var shrink = Math.max(0.2, Math.min(1, Math.sqrt(ids.length / DATA.nodes.length) * 1.2));
  var cx = 0, cy = 0;
  ids.forEach(function (id) { cx += byId.get(id).x; cy += byId.get(id).y; });
  cx /= ids.length; cy /= ids.length;
  var packer = new Packer();
  byImportance(ids).forEach(function (id) {
    var node = byId.get(id);
    positions.set(id, packer.place(boxOf(id), (node.x - cx) * shrink, (node.y - cy) * shrink));
  });
  return positions;
}

/* A neighbourhood: the focused node in the middle, its neighbours on rings around it in the
 * direction they have in the whole graph, the second step on rings farther out. */
function arrangeNeighbourhood(centre, depth) {
  var positions = new Map();
  var packer = new Packer();
  positions.set(centre, packer.place(boxOf(centre), 0, 0));
  var origin = byId.get(centre);
  var radius = (boxOf(centre)[2] - boxOf(centre)[0]) / 2 + 40;
  var anchor = new Map([[centre, 0]]);
  [1, 2].forEach(function (step) {
    var ring = Array.from(depth.keys()).filter(function (id) { return depth.get(id) === step; });
    if (!ring.length) return;
    var angles = new Map();
    ring.forEach(function (id) {
      var node = byId.get(id);
      var base = Math.atan2(node.y - origin.y, node.x - origin.x);
      if (step === 2) {  // beside the neighbour it is reached through
        var via = edgesOf(id).map(function (e) { return other(e, id); }).filter(function (o) { return depth.get(o) === 1; }).sort()[0];
        if (via !== undefined && anchor.has(via)) base = anchor.get(via) + (base - anchor.get(via)) * 0.15;
      }
      angles.set(id, base);
    });
    ring.sort(function (a, b) { return angles.get(a) - angles.get(b) || (a < b ? -1 : 1); });
    var width = 0;
    ring.forEach(function (id) { var b = boxOf(id); width += Math.max(b[2] - b[0], b[3] - b[1]) + 6; });
    radius = Math.max(radius + 60, width / (2 * Math.PI));
    var spread = 2 * Math.PI / ring.length;
    var start = angles.get(ring[0]);
    ring.forEach(function (id, i) {
      var angle = width / (2 * Math.PI) >= radius - 1 ? start + i * spread : angles.get(id);
      anchor.set(id, angle);
      positions.set(id, packer.place(boxOf(id), Math.cos(angle) * radius, Math.sin(angle) * radius));
    });
    var far = 0;
    ring.forEach(function (id) { var p = positions.get(id); far = Math.max(far, Math.hypot(p[0], p[1])); });
    radius = Math.max(radius, far);
  });
  return positions;
}
