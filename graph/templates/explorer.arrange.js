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

/* Nodes in columns of at most `rows`, starting at x (growing by `direction`), centred on y = 0. */
function columns(ids, x, direction, positions, packer) {
  if (!ids.length) return x;
  var height = 0, width = 0;
  ids.forEach(function (id) { var b = boxOf(id); height = Math.max(height, b[3] - b[1]); width = Math.max(width, b[2] - b[0]); });
  var count = Math.max(1, Math.ceil(Math.sqrt(ids.length * height / (width * 1.4))));
  var rows = Math.ceil(ids.length / count);
  var step = width + 24;
  ids.forEach(function (id, i) {
    var column = Math.floor(i / rows), row = i % rows;
    var cx = x + direction * (column * step + step / 2);
    var cy = (row - (rows - 1) / 2) * (height + 4) - (boxOf(id)[1] + boxOf(id)[3]) / 2;
    positions.set(id, packer.place(boxOf(id), cx, cy));
  });
  return x + direction * (Math.ceil(ids.length / rows) * step + 40);
}

/* A neighbourhood: the focused node in the middle, what points to it in columns on its left and
 * what it points to on its right (half on each side), ordered by relation and name; a second step farther out, beside
 * the neighbour it is reached through. Compact enough to read at the zoom that shows it all. */
function arrangeNeighbourhood(centre, depth) {
  var positions = new Map();
  var packer = new Packer();
  positions.set(centre, packer.place(boxOf(centre), 0, 0));
  var incoming = new Map();
  var relation = new Map();
  edgesOf(centre).forEach(function (e) {
    var o = other(e, centre);
    if (depth.get(o) !== 1 || relation.has(o)) return;
    incoming.set(o, e.to === centre ? 0 : 1);
    relation.set(o, e.kind);
  });
  var order = DATA.edgeKinds.map(function (k) { return k.key; });
  var first = Array.from(relation.keys()).sort(function (a, b) {
    return incoming.get(a) - incoming.get(b) || order.indexOf(relation.get(a)) - order.indexOf(relation.get(b)) || compareNodes(a, b);
  });
  var side = new Map();  // half on each side, so that the node is in the middle of its neighbourhood
  first.forEach(function (id, i) { side.set(id, i < Math.ceil(first.length / 2) ? -1 : 1); });
  var half = (boxOf(centre)[2] - boxOf(centre)[0]) / 2 + 60;
  [-1, 1].forEach(function (direction) {
    var x = columns(first.filter(function (id) { return side.get(id) === direction; }), direction * half, direction, positions, packer);
    var second = Array.from(depth.keys()).filter(function (id) {
      if (depth.get(id) !== 2) return false;
      var via = edgesOf(id).map(function (e) { return other(e, id); }).filter(function (o) { return side.get(o) === direction; });
      if (!via.length) return false;
      relation.set(id, Math.min.apply(null, via.map(function (o) { return positions.get(o)[1]; })));
      return true;
    }).sort(function (a, b) { return relation.get(a) - relation.get(b) || compareNodes(a, b); });
    second.forEach(function (id) { side.set(id, direction); });
    columns(second, x, direction, positions, packer);
  });
  Array.from(depth.keys()).forEach(function (id) {  // anything left: below
    if (!positions.has(id)) positions.set(id, packer.place(boxOf(id), 0, 200));
  });
  return positions;
}
