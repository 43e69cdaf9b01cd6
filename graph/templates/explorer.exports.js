/* Part 8: what is shown, exported: a PNG of the view, CSV of the visible nodes and edges, and the
 * citation of an evidence sentence copied to the clipboard. Files are made in the page (a blob)
 * and saved by the browser: nothing is sent anywhere. */

var exported = { citation: null, file: null };

function setStatus(text) {
  byIdEl("status").textContent = text;
}

function download(name, blob) {
  var url = URL.createObjectURL(blob);
  var link = el("a", { href: url, download: name, hidden: "hidden" });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  exported.file = { name: name, size: blob.size };
  setStatus(t("status.saved", { file: name }));
}

function csvCell(value) {
  var text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function csv(rows) {
  return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
}

function exportNodes() {
  var positions = network.getPositions(Array.from(visibleNodes));
  var rows = [["id", "type", "category", "label", "name", "x", "y"]];
  Array.from(visibleNodes).sort().forEach(function (id) {
    var node = byId.get(id);
    var p = positions[id] || { x: node.x, y: node.y };
    rows.push([id, node.attrs.type, node.category, node.label, node.attrs.title || node.attrs.label || "", Math.round(p.x), Math.round(p.y)]);
  });
  download("tiltaksgraf-nodes.csv", new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }));
}

function exportEdges() {
  var rows = [["id", "from", "to", "relation", "role", "lines", "sentence"]];
  DATA.edges.forEach(function (e) {
    if (!visibleEdges.has(e.id)) return;
    var role = roleOf(e);
    rows.push([e.id, e.from, e.to, role ? "involved" : e.kind, role || "",
      e.evidence.map(function (item) { return item.line; }).join(" "), e.evidence.length ? e.evidence[0].text : ""]);
  });
  download("tiltaksgraf-edges.csv", new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }));
}

/* A table drawn on a canvas as the page shows it: cell backgrounds, borders and text. */
function tableCanvas(box) {
  var origin = box.getBoundingClientRect();
  var width = Math.ceil(box.scrollWidth), height = Math.ceil(box.scrollHeight);
  var canvas = document.createElement("canvas");
  canvas.width = width; canvas.height = height;
  var ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = "middle";
  box.querySelectorAll("caption, th, td").forEach(function (cell) {
    var r = cell.getBoundingClientRect();
    var style = getComputedStyle(cell);
    var x = r.left - origin.left + box.scrollLeft, y = r.top - origin.top + box.scrollTop;
    if (style.backgroundColor && style.backgroundColor !== "rgba(0, 0, 0, 0)") {
      ctx.fillStyle = style.backgroundColor;
      ctx.fillRect(x, y, r.width, r.height);
    }
    if (cell.tagName !== "CAPTION") { ctx.strokeStyle = "#dddddd"; ctx.strokeRect(x + 0.5, y + 0.5, r.width, r.height); }
    var bar = cell.querySelector(".bar");
    if (bar) {
      var b = bar.getBoundingClientRect();
      ctx.fillStyle = getComputedStyle(bar).backgroundColor;
      ctx.fillRect(b.left - origin.left + box.scrollLeft, b.top - origin.top + box.scrollTop, b.width, b.height);
    }
    ctx.fillStyle = style.color;
    ctx.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    ctx.fillText(cell.textContent.replace(/[▲▼]/g, "").trim(), x + 6, y + r.height / 2, Math.max(10, r.width - 10));
  });
  return canvas;
}

function exportPng() {
  var canvas;
  if (state.view === "graph") {
    var source = byIdEl("graph").querySelector("canvas");
    canvas = document.createElement("canvas");
    canvas.width = source.width; canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
  } else {
    canvas = tableCanvas(viewBox);
  }
  canvas.toBlob(function (blob) { download("tiltaksgraf-" + state.view + ".png", blob); }, "image/png");
}

function copyCitation(text) {
  exported.citation = text;
  var fallback = function () {
    var area = el("textarea", { "aria-label": t("copyCitation"), readonly: "readonly" }, text);
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    area.remove();
    setStatus(done ? t("status.copied") : t("status.copyFailed"));
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(function () { setStatus(t("status.copied")); }, fallback);
  } else {
    fallback();
  }
}
