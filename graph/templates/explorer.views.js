/* Part 6: the other views of the same data (what the filters leave): an organisation × chapter
 * matrix of involvements by role, the money (who pays what to which measure) as a sortable table
 * with bars, and the status of each measure in each report when a plan has several reports. */

var viewBox = byIdEl("view");
var matrixRole = "";
var moneySort = { column: "amount", descending: true };

function reportsByPlan() {
  var plans = new Map();
  DATA.reports.forEach(function (r) {
    if (!plans.has(r.plan)) plans.set(r.plan, []);
    plans.get(r.plan).push(r);
  });
  return plans;
}

function availableViews() {
  var views = ["graph", "matrix", "money"];
  if (Array.from(reportsByPlan().values()).some(function (list) { return list.length > 1; })) views.push("status");
  return views;
}

function renderViewTabs() {
  var nav = byIdEl("views");
  clear(nav);
  nav.setAttribute("aria-label", t("views"));
  availableViews().forEach(function (view) {
    append(nav, el("button", { type: "button", "data-view": view, "aria-current": state.view === view ? "true" : "false",
      onclick: function () { state.view = view; changed({ relayout: false }); } }, t("view." + view)));
  });
}

/* A colour mixed with white, `share` of the colour: "rgb(r, g, b)", and a text colour readable on it. */
function mixWhite(hex, share) {
  var channels = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  var mixed = channels.map(function (c) { return Math.round(255 + (c - 255) * share); });
  var luminance = mixed.map(function (c) {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  var l = 0.2126 * luminance[0] + 0.7152 * luminance[1] + 0.0722 * luminance[2];
  return { background: "rgb(" + mixed.join(", ") + ")", text: 1.05 / (l + 0.05) >= 4.5 ? "#ffffff" : "#000000" };
}

function heat(count, max, colour) {
  var cell = el("td", { class: "heat" }, count ? String(count) : "");
  if (count) {
    var mixed = mixWhite(colour, 0.15 + 0.85 * count / max);
    cell.style.backgroundColor = mixed.background;
    cell.style.color = mixed.text;
  }
  return cell;
}

function matrixView(visible) {
  var roles = matrixRole ? [matrixRole] : ROLE_KEYS.filter(function (r) { return r !== "mentioned"; });
  var chapterOf = new Map();
  DATA.edges.forEach(function (e) { if (e.kind === "part_of" && attrsOf(e.from).type === "measure") chapterOf.set(e.from, e.to); });
  var columns = DATA.chapters.filter(function (c) {
    return Array.from(visible.nodes).some(function (id) { return chapterOf.get(id) === c.id; });
  });
  var counts = new Map();
  DATA.edges.forEach(function (e) {
    var role = roleOf(e);
    if (!role || roles.indexOf(role) < 0 || !visible.nodes.has(e.from) || !visible.nodes.has(e.to)) return;
    var chapter = chapterOf.get(e.to);
    if (!chapter) return;
    if (!counts.has(e.from)) counts.set(e.from, new Map());
    var row = counts.get(e.from);
    row.set(chapter, (row.get(chapter) || 0) + 1);
  });
  var total = function (org) { var s = 0; counts.get(org).forEach(function (v) { s += v; }); return s; };
  var orgs = Array.from(counts.keys()).sort(function (a, b) { return total(b) - total(a) || compareNodes(a, b); });
  var max = 1;
  counts.forEach(function (row) { row.forEach(function (v) { max = Math.max(max, v); }); });
  var colour = matrixRole ? roleByKey.get(matrixRole).colour : "#1f5c99";
  var picker = el("select", { id: "matrix-role" }, el("option", { value: "" }, t("matrix.allRoles")),
    ROLE_KEYS.map(function (r) { return el("option", { value: r, selected: r === matrixRole ? "selected" : null }, roleLabel(r)); }));
  picker.addEventListener("change", function () { matrixRole = picker.value; renderView(); byIdEl("matrix-role").focus(); });
  var tools = el("div", { class: "view-tools" }, el("label", { for: "matrix-role" }, t("matrix.role")), picker);
  if (!orgs.length) return [tools, el("p", null, t("matrix.empty"))];
  var head = el("tr", null, el("th", { scope: "col" }, t("matrix.organisation")),
    columns.map(function (c) { return el("th", { scope: "col", title: c.title, class: "num" }, String(c.number)); }),
    el("th", { scope: "col", class: "num" }, t("matrix.total")));
  var body = orgs.map(function (org) {
    return el("tr", { "data-node": org }, el("th", { scope: "row" }, nodeLink(org)),
      columns.map(function (c) { return heat(counts.get(org).get(c.id) || 0, max, colour); }),
      el("td", { class: "num" }, String(total(org))));
  });
  return [tools, el("table", { id: "matrix" }, el("caption", null, t("matrix.caption") + (matrixRole ? ": " + roleLabel(matrixRole) : "")),
    el("thead", null, head), el("tbody", null, body))];
}

function moneyRows(visible) {
  return DATA.nodes.filter(function (n) { return n.attrs.type === "amount" && visible.nodes.has(n.id); }).map(function (n) {
    var measure = edgesOf(n.id, "in", ["has_amount"]).map(function (e) { return e.from; })[0];
    var funders = edgesOf(n.id, "in", ["funds_amount"]).map(function (e) { return e.from; });
    var recipients = edgesOf(n.id, "out", ["receives_amount"]).map(function (e) { return e.to; });
    return { id: n.id, measure: measure, funders: funders, recipients: recipients, year: n.attrs.year, amount: n.attrs.nok || 0 };
  });
}

function moneyView(visible) {
  var rows = moneyRows(visible);
  if (!rows.length) return el("p", null, t("money.empty"));
  var keyOf = {
    funder: function (r) { return r.funders.length ? nodeName(r.funders[0]).toLowerCase() : "\uffff"; },
    measure: function (r) { return r.measure ? nodeKey(r.measure) : [2]; },
    recipient: function (r) { return r.recipients.length ? nodeName(r.recipients[0]).toLowerCase() : "\uffff"; },
    year: function (r) { return r.year || 0; },
    amount: function (r) { return r.amount; }
  };
  var key = keyOf[moneySort.column];
  rows.sort(function (a, b) {
    var x = key(a), y = key(b);
    var order = JSON.stringify(x) === JSON.stringify(y) ? 0 : (Array.isArray(x) ? compareNodes(a.measure, b.measure) : (x < y ? -1 : 1));
    return (moneySort.descending ? -order : order) || (a.id < b.id ? -1 : 1);
  });
  var max = Math.max.apply(null, rows.map(function (r) { return r.amount; }).concat([1]));
  var sum = rows.reduce(function (s, r) { return s + r.amount; }, 0);
  var names = function (ids) { return ids.length ? ids.map(function (id, i) { return [i ? ", " : "", nodeLink(id)]; }) : el("span", { class: "muted" }, t("money.unknown")); };
  var columns = [["funder", t("money.funder")], ["measure", t("money.measure")], ["recipient", t("money.recipient")], ["year", t("money.year")], ["amount", t("money.amount")]];
  var head = el("tr", null, columns.map(function (c) {
    var sorted = moneySort.column === c[0];
    return el("th", { scope: "col", class: c[0] === "amount" || c[0] === "year" ? "num" : null,
      "aria-sort": sorted ? (moneySort.descending ? "descending" : "ascending") : "none" },
      el("button", { type: "button", "data-sort": c[0], title: t("sortBy", { column: c[1] }), onclick: function () {
        moneySort = { column: c[0], descending: sorted ? !moneySort.descending : c[0] === "amount" };
        renderView();
        viewBox.querySelector("button[data-sort='" + c[0] + "']").focus();
      } }, c[1] + (sorted ? (moneySort.descending ? " ▼" : " ▲") : "")));
  }));
  var body = rows.map(function (r) {
    var bar = el("span", { class: "bar", "aria-hidden": "true" });
    bar.style.width = Math.max(2, Math.round(120 * r.amount / max)) + "px";
    return el("tr", { "data-node": r.id }, el("td", null, names(r.funders)), el("td", null, r.measure ? measureLine(r.measure) : ""),
      el("td", null, names(r.recipients)), el("td", { class: "num" }, r.year || ""),
      el("td", { class: "num" }, r.amount.toLocaleString("nb-NO"), bar));
  });
  var foot = el("tr", null, el("th", { scope: "row", colspan: "4" }, t("money.total")), el("td", { class: "num" }, sum.toLocaleString("nb-NO")));
  return el("table", { id: "money" }, el("caption", null, t("money.caption")), el("thead", null, head), el("tbody", null, body), el("tfoot", null, foot));
}

function statusView(visible) {
  var tables = [];
  reportsByPlan().forEach(function (reports, plan) {
    if (reports.length < 2) return;
    var keys = reports.map(function (r) { return r.key; });
    var measures = Array.from(visible.nodes).filter(function (id) {
      return attrsOf(id).type === "measure" && "plan:" + attrsOf(id).plan === plan;
    }).sort(compareNodes);
    var head = el("tr", null, el("th", { scope: "col" }, t("measure")), reports.map(function (r) {
      return el("th", { scope: "col" }, (r.date ? r.date + " · " : "") + r.key);
    }));
    var body = measures.map(function (id) {
      return el("tr", { "data-node": id }, el("th", { scope: "row" }, measureLine(id)), keys.map(function (key) {
        var s = (attrsOf(id).status || []).filter(function (x) { return x.report === key; }).pop();
        if (!s) return el("td", { class: "status-cell muted" }, t("status.none"));
        var term = statusByKey.get(s.value);
        var swatch = el("span", { class: "swatch", "aria-hidden": "true" });
        swatch.style.backgroundColor = term ? term.colour : "#999";
        return el("td", { class: "status-cell", "data-status": s.value }, swatch, statusLabel(s.value));
      }));
    });
    tables.push(el("table", { class: "status-table" }, el("caption", null, t("status.caption") + " — " + nodeName(plan)),
      el("thead", null, head), el("tbody", null, body)));
  });
  return tables;
}

function renderView() {
  var graphShown = state.view === "graph";
  byIdEl("graph").style.visibility = graphShown ? "visible" : "hidden";
  viewBox.hidden = graphShown;
  if (graphShown) return;
  clear(viewBox);
  var visible = filtered();
  var build = { matrix: matrixView, money: moneyView, status: statusView }[state.view];
  append(viewBox, build ? build(visible) : null);
}
