/* Part 4: filters as chips (chapter, kind of node, role, ministry responsible, status, report),
 * combinable: chips of one kind widen, chips of different kinds narrow. The relations drawn, the
 * legend, and what is visible: filters first, then the neighbourhood of the focused node. */

var DIMENSIONS = ["chapter", "kind", "role", "ministry", "status", "report"];

function measureIds() {
  return DATA.nodes.filter(function (n) { return n.attrs.type === "measure"; }).map(function (n) { return n.id; });
}

/* The choices of each filter, [{value, label}], only those the graph has. */
function filterChoices(dim) {
  if (dim === "chapter") {
    var choices = [];
    DATA.plans.forEach(function (plan) {
      if (DATA.plans.length > 1) choices.push({ value: plan.id, label: plan.title + " — " + t("wholePlan") });
      DATA.chapters.filter(function (c) { return c.plan === plan.plan; }).forEach(function (c) {
        choices.push({ value: c.id, label: (DATA.plans.length > 1 ? plan.title + ": " : "") + c.number + " · " + c.title });
      });
    });
    return choices;
  }
  if (dim === "kind") {
    var present = new Set(DATA.nodes.map(function (n) { return n.category; }));
    return DATA.categories.filter(function (c) { return present.has(c.key); }).map(function (c) { return { value: c.key, label: categoryLabel(c.key) }; });
  }
  if (dim === "role") {
    var roles = new Set(DATA.edges.map(roleOf).filter(Boolean));
    return ROLE_KEYS.filter(function (r) { return roles.has(r); }).map(function (r) { return { value: r, label: roleLabel(r) }; });
  }
  if (dim === "ministry") {
    var ministries = new Set();
    DATA.edges.forEach(function (e) { if (e.kind === "involved:responsible" && attrsOf(e.from).kind === "ministry") ministries.add(e.from); });
    return Array.from(ministries).sort(compareNodes).map(function (id) {
      return { value: id, label: nodeName(id) + (attrsOf(id).title && attrsOf(id).title !== nodeName(id) ? " — " + attrsOf(id).title : "") };
    });
  }
  if (dim === "status") {
    var values = new Set();
    measureIds().forEach(function (id) { (attrsOf(id).status || []).forEach(function (s) { values.add(s.value); }); });
    return DATA.statuses.filter(function (s) { return values.has(s.key); }).map(function (s) { return { value: s.key, label: statusLabel(s.key) }; });
  }
  if (dim === "report") {
    if (DATA.reports.length < 2) return [];
    return DATA.reports.map(function (r) { return { value: r.key, label: (r.year ? r.year + " · " : "") + r.key }; });
  }
  return [];
}

function chosen(dim) {
  return state.filters.filter(function (f) { return f.dim === dim; }).map(function (f) { return f.value; });
}

function chapterMeasures(scopes) {
  var members = new Set();
  var pending = scopes.slice();
  while (pending.length) {
    edgesOf(pending.pop(), "in", ["part_of"]).forEach(function (e) {
      var type = attrsOf(e.from).type;
      if ((type === "measure" || type === "chapter") && !members.has(e.from)) {
        members.add(e.from);
        pending.push(e.from);
      }
    });
  }
  return members;
}

/* The measures that pass the measure filters, or null when none is set. */
function filteredMeasures() {
  var chapters = chosen("chapter"), ministries = chosen("ministry"), statuses = chosen("status");
  var reports = chosen("report"), roles = chosen("role");
  if (!chapters.length && !ministries.length && !statuses.length && !reports.length && !roles.length) return null;
  var inChapters = chapters.length ? chapterMeasures(chapters) : null;
  var planSources = new Map(DATA.reports.map(function (r) { return [r.key, r.plan]; }));
  return new Set(measureIds().filter(function (id) {
    if (inChapters && !inChapters.has(id)) return false;
    var incoming = inEdges.get(id);
    if (ministries.length && !incoming.some(function (e) { return e.kind === "involved:responsible" && ministries.indexOf(e.from) >= 0; })) return false;
    if (roles.length && !incoming.some(function (e) { return roles.indexOf(roleOf(e)) >= 0; })) return false;
    if (reports.length) {
      var list = attrsOf(id).status || [];
      var named = list.some(function (s) { return reports.indexOf(s.report) >= 0; });
      var own = reports.some(function (r) { return planSources.get(r) === "plan:" + attrsOf(id).plan && !list.length; });
      if (!named && !own) return false;
    }
    if (statuses.length) {
      var s = statusOf(id, reports);
      if (!s || statuses.indexOf(s.value) < 0) return false;
    }
    return true;
  }));
}

function edgeAllowed(edge) {
  if (state.hidden.has(edge.kind)) return false;
  var roles = chosen("role");
  var role = roleOf(edge);
  return !(roles.length && role && roles.indexOf(role) < 0);
}

var filteredCache = { key: null, value: null };

/* The visible nodes and edges before the focus: {nodes: Set, edges: Set, byKind: Map}; kept while
 * the filters and the relations drawn stay the same (not to be changed by the caller). */
function filtered() {
  var key = JSON.stringify([state.filters, Array.from(state.hidden).sort()]);
  if (filteredCache.key !== key) filteredCache = { key: key, value: computeFiltered() };
  return filteredCache.value;
}

function computeFiltered() {
  var measures = filteredMeasures();
  var kinds = chosen("kind");
  var roles = chosen("role");
  var nodes = new Set();
  DATA.nodes.forEach(function (node) {
    var a = node.attrs;
    if (measures) {
      if (a.type === "measure") { if (measures.has(node.id)) nodes.add(node.id); return; }
      var linked = edgesOf(node.id).some(function (e) { return edgeAllowed(e) && measures.has(other(e, node.id)); });
      if (!linked && a.type === "plan") linked = measureIds().some(function (m) { return measures.has(m) && attrsOf(m).plan === a.plan; });
      if (linked) nodes.add(node.id);
    } else {
      nodes.add(node.id);
    }
  });
  // amounts bring their payers and receivers
  Array.from(nodes).forEach(function (id) {
    if (attrsOf(id).type !== "amount") return;
    edgesOf(id, null, ["funds_amount", "receives_amount"]).forEach(function (e) { if (edgeAllowed(e)) nodes.add(other(e, id)); });
  });
  // with a role chosen, only the organisations in that role
  if (roles.length) {
    Array.from(nodes).forEach(function (id) {
      if (attrsOf(id).type === "organisation" && !edgesOf(id, "out").some(function (e) {
        return roles.indexOf(roleOf(e)) >= 0 && (!measures || measures.has(e.to));
      })) nodes.delete(id);
    });
  }
  if (kinds.length) {
    var keep = new Set();
    nodes.forEach(function (id) { if (kinds.indexOf(byId.get(id).category) >= 0) keep.add(id); });
    if (kinds.indexOf("measure") < 0) {
      keep.forEach(function (id) {
        edgesOf(id).forEach(function (e) {
          var o = other(e, id);
          if (edgeAllowed(e) && nodes.has(o) && attrsOf(o).type === "measure") keep.add(o);
        });
      });
    }
    nodes = keep;
  }
  var edges = new Set();
  var byKind = new Map();
  DATA.edges.forEach(function (e) {
    if (!edgeAllowed(e) || !nodes.has(e.from) || !nodes.has(e.to)) return;
    edges.add(e.id);
    if (!byKind.has(e.kind)) byKind.set(e.kind, []);
    byKind.get(e.kind).push(e);
  });
  return { nodes: nodes, edges: edges, byKind: byKind };
}

/* The focused node and what is within `hops` steps of it along the edges that `usable` allows. */
function neighbourhood(usable, id, hops) {
  var depth = new Map([[id, 0]]);
  var frontier = [id];
  for (var step = 1; step <= hops; step++) {
    var next = [];
    frontier.forEach(function (n) {
      edgesOf(n).forEach(function (e) {
        if (!usable(e)) return;
        var o = other(e, n);
        if (!depth.has(o)) { depth.set(o, step); next.push(o); }
      });
    });
    frontier = next;
  }
  return depth;
}

/* ---------- the controls ---------- */

function renderChips() {
  var box = byIdEl("chips");
  clear(box);
  if (!state.filters.length) append(box, el("li", { class: "none" }, t("noFilters")));
  state.filters.forEach(function (f, index) {
    var choice = filterChoices(f.dim).find(function (c) { return c.value === f.value; });
    var text = t("filter." + f.dim) + ": " + (choice ? choice.label : f.value);
    append(box, el("li", { "data-dim": f.dim, "data-value": f.value }, text,
      el("button", { type: "button", "aria-label": t("removeFilter", { label: text }), title: t("removeFilter", { label: text }),
        onclick: function () { state.filters.splice(index, 1); changed({ relayout: true, focusChip: true }); } }, "×")));
  });
}

function renderPickers() {
  var box = byIdEl("filter-pickers");
  clear(box);
  DIMENSIONS.forEach(function (dim) {
    var choices = filterChoices(dim);
    if (!choices.length || (dim === "chapter" && choices.length < 2)) return;
    var select = el("select", { id: "filter-" + dim, "data-dim": dim }, el("option", { value: "" }, t("addFilter")));
    choices.forEach(function (c) {
      var taken = state.filters.some(function (f) { return f.dim === dim && f.value === c.value; });
      append(select, el("option", { value: c.value, disabled: taken ? "disabled" : null }, c.label));
    });
    select.addEventListener("change", function () {
      if (!select.value) return;
      state.filters.push({ dim: dim, value: select.value });
      changed({ relayout: true, keepFocus: select.id });
    });
    append(box, [el("label", { for: select.id }, t("filter." + dim)), select]);
  });
}

function renderRelations() {
  var box = byIdEl("edge-filters");
  clear(box);
  var counts = new Map();
  DATA.edges.forEach(function (e) { counts.set(e.kind, (counts.get(e.kind) || 0) + 1); });
  DATA.edgeKinds.forEach(function (kind) {
    if (!counts.get(kind.key)) return;
    var input = el("input", { type: "checkbox", "data-kind": kind.key });
    input.checked = !state.hidden.has(kind.key);
    input.addEventListener("change", function () {
      if (input.checked) state.hidden.delete(kind.key); else state.hidden.add(kind.key);
      changed({ relayout: false });
    });
    append(box, el("label", null, input, lineSwatch(kind), termLabel(kind), el("span", { class: "count" }, counts.get(kind.key))));
  });
}

function renderLegend() {
  var box = byIdEl("legend");
  clear(box);
  var counts = new Map();
  DATA.nodes.forEach(function (n) { counts.set(n.category, (counts.get(n.category) || 0) + 1); });
  DATA.categories.forEach(function (cat) {
    if (!counts.get(cat.key)) return;
    append(box, el("li", { "data-category": cat.key }, shapeSwatch(cat), categoryLabel(cat.key), el("span", { class: "count" }, counts.get(cat.key))));
  });
}
