/* tiltaksgraf explorer: search, filters, neighbourhood focus and details over a vis-network graph.
 * Document text is only ever inserted as text (textContent, text nodes, attribute values): never as HTML. */
(function () {
  "use strict";

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
  var TYPE_LABELS = {
    plan: "Action plan", chapter: "Chapter", measure: "Measure", organisation: "Organisation",
    report: "Report", document: "Document", "external-measure": "Measure of another plan", amount: "Money"
  };
  var TYPE_RANK = { measure: 0, organisation: 1, chapter: 2, plan: 3, report: 4, document: 5, "external-measure": 6, amount: 7 };
  var ROLE_LABELS = {
    responsible: "responsible", commissions: "commissions", executes: "carries out", funds: "funds",
    evaluates: "evaluates", partner: "partner", mentioned: "mentioned"
  };

  var state = {
    categories: new Set(DATA.categories.map(function (c) { return c.key; })),
    kinds: new Set(DATA.edgeKinds.map(function (k) { return k.key; })),
    chapter: "",
    focus: null,
    selected: null
  };

  var container = document.getElementById("graph");
  var nodes = new vis.DataSet(DATA.vis.nodes);
  var edges = new vis.DataSet(DATA.vis.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.vis.options);
  var hiddenNodes = new Set();
  var hiddenEdges = new Set();
  var visibleNodes = new Set(DATA.nodes.map(function (n) { return n.id; }));

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
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text || url);
    }
    return el("span", null, text || url || "");
  }

  function nodeName(id) {
    var node = byId.get(id);
    if (!node) return id;
    var a = node.attrs;
    if (a.type === "measure") return "Tiltak " + a.measure;
    return a.label || id;
  }

  function nodeLink(id, text) {
    return el("button", {
      type: "button", class: "link", title: (byId.get(id) || {}).attrs ? byId.get(id).attrs.title : id,
      "data-node": id, onclick: function () { select(id, { focus: true, fit: true }); }
    }, text || nodeName(id));
  }

  function measureLine(id) {
    var node = byId.get(id);
    if (node && node.attrs.type === "measure") return [nodeLink(id), " ", el("span", { class: "muted" }, node.attrs.title)];
    return [nodeLink(id)];
  }

  function lineText(line) {
    return line === 0 ? "gazetteer" : "line " + line;
  }

  function evidenceList(evidence) {
    return (evidence || []).map(function (item) {
      return el("div", { class: "evidence" }, el("span", { class: "line-no" }, lineText(item.line)), item.text);
    });
  }

  function badge(node) {
    var cat = categoryByKey.get(node.category);
    var b = el("span", { class: "badge" }, cat ? cat.label : node.attrs.type);
    if (cat) b.style.backgroundColor = cat.colour;
    return b;
  }

  function facts(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "" || (Array.isArray(row[1]) && !row[1].length)) return;
      append(dl, el("dt", null, row[0]));
      append(dl, el("dd", null, row[1]));
    });
    return dl;
  }

  function section(title, content) {
    if (!content || (Array.isArray(content) && !content.length)) return null;
    return [el("h3", null, title), content];
  }

  function list(items) {
    if (!items.length) return null;
    return el("ul", null, items.map(function (item) { return el("li", null, item); }));
  }

  function edgesOf(id, direction, kinds) {
    var all = direction === "out" ? outEdges.get(id) : inEdges.get(id);
    return all.filter(function (e) { return !kinds || kinds.indexOf(e.kind) >= 0; });
  }

  /* Measures in document order (2 before 11, 18 before 18a), other nodes by name. */
  function nodeKey(id) {
    var node = byId.get(id);
    var a = node ? node.attrs : {};
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

  function roleOf(edge) {
    return edge.kind.indexOf("involved:") === 0 ? edge.kind.slice(9) : null;
  }

  function period(a) {
    if (a.period_start == null && a.period_end == null) return "not given";
    if (a.period_start === a.period_end) return String(a.period_start);
    return (a.period_start == null ? "?" : a.period_start) + "–" + (a.period_end == null ? "?" : a.period_end);
  }

  /* ---------- details panel ---------- */

  function header(node, heading, subtitle) {
    return [
      el("div", null, badge(node)),
      el("h2", { class: "title" }, heading),
      subtitle ? el("p", { class: "muted" }, subtitle) : null
    ];
  }

  function involvedSection(id) {
    var byOrg = new Map();
    edgesOf(id, "in").forEach(function (e) {
      var role = roleOf(e);
      if (!role || role === "responsible") return;  // shown with the measure's facts
      if (!byOrg.has(e.from)) byOrg.set(e.from, []);
      byOrg.get(e.from).push(e);
    });
    var rank = function (org) {
      return Math.min.apply(null, byOrg.get(org).map(function (e) { return DATA.roles.indexOf(roleOf(e)); }));
    };
    var orgs = Array.from(byOrg.keys()).sort(function (a, b) {
      return rank(a) - rank(b) || nodeName(a).localeCompare(nodeName(b));
    });
    return orgs.map(function (org) {
      var roleEdges = byOrg.get(org).sort(function (a, b) {
        return DATA.roles.indexOf(roleOf(a)) - DATA.roles.indexOf(roleOf(b));
      });
      var title = byId.get(org).attrs.title;
      return el("div", { class: "actor" },
        el("div", null, nodeLink(org), title && title !== nodeName(org) ? [" ", el("span", { class: "muted" }, title)] : null),
        roleEdges.map(function (e) {
          return [el("div", { class: "role" }, ROLE_LABELS[roleOf(e)] || roleOf(e)), evidenceList(e.evidence)];
        }));
    });
  }

  function referenceItems(edgeList, end) {
    return edgeList.map(function (e) {
      return [measureLine(e[end]), evidenceList(e.evidence)];
    });
  }

  function reportItem(reportId, edge) {
    var a = byId.get(reportId).attrs;
    var publishers = edgesOf(reportId, "in", ["publishes"]).map(function (p) { return nodeLink(p.from); });
    var meta = [a.kind, a.year].filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(", ");
    return [
      nodeLink(reportId, a.title),
      meta ? [" ", el("span", { class: "muted" }, "(" + meta + ")")] : null,
      publishers.length ? [el("br"), el("span", { class: "muted" }, "published by "), publishers] : null,
      a.url ? [el("br"), safeLink(a.url)] : null,
      edge ? evidenceList(edge.evidence) : null
    ];
  }

  function amountItem(amountId, edge) {
    var a = byId.get(amountId).attrs;
    var funders = edgesOf(amountId, "in", ["funds_amount"]).map(function (f) { return nodeLink(f.from); });
    var recipients = edgesOf(amountId, "out", ["receives_amount"]).map(function (r) { return nodeLink(r.to); });
    return [
      nodeLink(amountId, a.label),
      a.year ? " (" + a.year + ")" : null,
      funders.length ? [" · paid by ", funders] : null,
      recipients.length ? [" · to ", recipients] : null,
      edge ? evidenceList(edge.evidence) : null
    ];
  }

  function measureDetails(node) {
    var a = node.attrs;
    var id = node.id;
    var chapterEdge = edgesOf(id, "out", ["part_of"])[0];
    var parentEdge = edgesOf(id, "out", ["sub_measure_of"])[0];
    var subs = sortedBy(edgesOf(id, "in", ["sub_measure_of"]), "from").map(function (e) { return measureLine(e.from); });
    var responsibleEdges = edgesOf(id, "in", ["involved:responsible"]);
    var responsible = (a.responsible || []).map(function (code) {
      var edge = responsibleEdges.find(function (e) {
        var o = byId.get(e.from).attrs;
        return o.abbreviation === code || o.label === code;
      });
      if (!edge) return el("div", null, code);
      return el("div", null, nodeLink(edge.from, code), " ", el("span", { class: "muted" }, byId.get(edge.from).attrs.title));
    });
    responsibleEdges.forEach(function (e) {
      var o = byId.get(e.from).attrs;
      if ((a.responsible || []).indexOf(o.abbreviation) < 0 && (a.responsible || []).indexOf(o.label) < 0) {
        responsible.push(el("div", null, nodeLink(e.from), " ", el("span", { class: "muted" }, o.title)));
      }
    });
    var responsibleEvidence = [];
    responsibleEdges.forEach(function (e) {
      e.evidence.forEach(function (item) {
        if (!responsibleEvidence.some(function (seen) { return seen.line === item.line && seen.text === item.text; })) {
          responsibleEvidence.push(item);
        }
      });
    });
    if (responsibleEvidence.length) responsible.push(evidenceList(responsibleEvidence));
    var chapter = chapterEdge ? byId.get(chapterEdge.to).attrs : null;
    return [
      header(node, "Tiltak " + a.measure, null),
      el("p", { class: "measure-title" }, a.title),
      facts([
        ["Chapter", chapter ? nodeLink(chapterEdge.to, (chapter.number != null ? chapter.number + " · " : "") + chapter.title) : a.chapter],
        ["Part of", parentEdge ? measureLine(parentEdge.to) : null],
        ["Responsible", responsible],
        ["Period", period(a)],
        ["Lines", a.line_start != null ? a.line_start + "–" + a.line_end : null]
      ]),
      section("Sub-measures", list(subs)),
      section("Other organisations involved", involvedSection(id)),
      section("Refers to", list(referenceItems(edgesOf(id, "out", ["refers_to"]), "to"))),
      section("Referred to by", list(referenceItems(sortedBy(edgesOf(id, "in", ["refers_to"]), "from"), "from"))),
      section("Plans, laws and documents named", list(edgesOf(id, "out", ["names"]).map(function (e) {
        return [nodeLink(e.to), evidenceList(e.evidence)];
      }))),
      section("Reports", list(edgesOf(id, "in", ["reported_in"]).map(function (e) { return reportItem(e.from, e); }))),
      section("Money", list(edgesOf(id, "out", ["has_amount"]).map(function (e) { return amountItem(e.to, e); }))),
      section("Links", list((a.urls || []).map(function (url) { return safeLink(url); }))),
      a.description ? el("details", null, el("summary", null, "Description"), el("p", null, a.description)) : null
    ];
  }

  function organisationDetails(node) {
    var a = node.attrs;
    var id = node.id;
    var parent = edgesOf(id, "out", ["sub_organisation_of"]).map(function (e) { return nodeLink(e.to); });
    var children = edgesOf(id, "in", ["sub_organisation_of"]).map(function (e) { return nodeLink(e.from); });
    var byRole = new Map();
    edgesOf(id, "out").forEach(function (e) {
      var role = roleOf(e);
      if (!role) return;
      if (!byRole.has(role)) byRole.set(role, []);
      byRole.get(role).push(e);
    });
    var roleSections = DATA.roles.filter(function (r) { return byRole.has(r); }).map(function (role) {
      var items = sortedBy(byRole.get(role), "to").map(function (e) {
        return [measureLine(e.to), el("details", null,
          el("summary", null, e.evidence.length === 1 ? lineText(e.evidence[0].line) : e.evidence.length + " sentences"),
          evidenceList(e.evidence))];
      });
      return section((ROLE_LABELS[role] || role) + " (" + items.length + ")", list(items));
    });
    return [
      header(node, a.label, a.title !== a.label ? a.title : null),
      facts([
        ["Name", a.title],
        ["Abbreviation", a.abbreviation],
        ["English", a.name_en],
        ["Kind", a.kind],
        ["Parent body", parent.length ? parent : (a.parent ? a.parent : null)],
        ["Sub-bodies", children.length ? children.map(function (c, i) { return i ? [", ", c] : c; }) : null],
        ["Source", a.known ? "gazetteer" : "defined in the text"]
      ]),
      roleSections.length ? el("h3", { class: "group" }, "Measures, by role") : null,
      roleSections,
      section("Publishes", list(edgesOf(id, "out", ["publishes"]).map(function (e) { return reportItem(e.to, null); }))),
      section("Pays", list(edgesOf(id, "out", ["funds_amount"]).map(function (e) { return amountItem(e.to, e); }))),
      section("Receives", list(edgesOf(id, "in", ["receives_amount"]).map(function (e) { return amountItem(e.from, e); })))
    ];
  }

  function reportDetails(node) {
    var a = node.attrs;
    return [
      header(node, a.title, null),
      facts([
        ["Kind", a.kind],
        ["Year", a.year],
        ["Link", a.url ? safeLink(a.url) : null],
        ["Published by", edgesOf(node.id, "in", ["publishes"]).map(function (e) { return nodeLink(e.from); })]
      ]),
      section("Reported in", list(sortedBy(edgesOf(node.id, "out", ["reported_in"]), "to").map(function (e) {
        return [measureLine(e.to), evidenceList(e.evidence)];
      })))
    ];
  }

  function documentDetails(node) {
    var a = node.attrs;
    return [
      header(node, a.label, a.title !== a.label ? a.title : null),
      facts([
        ["Kind", a.kind],
        ["English", a.name_en],
        ["Section of", edgesOf(node.id, "out", ["section_of"]).map(function (e) { return nodeLink(e.to); })],
        ["Sections", edgesOf(node.id, "in", ["section_of"]).map(function (e, i) { return [i ? ", " : "", nodeLink(e.from)]; })]
      ]),
      section("Named in", list(sortedBy(edgesOf(node.id, "in", ["names"]), "from").map(function (e) {
        return [measureLine(e.from), evidenceList(e.evidence)];
      }))),
      section("Its measures referred to", list(edgesOf(node.id, "in", ["measure_of"]).map(function (e) {
        return nodeLink(e.from);
      })))
    ];
  }

  function externalMeasureDetails(node) {
    var a = node.attrs;
    return [
      header(node, a.title, null),
      facts([["Plan", edgesOf(node.id, "out", ["measure_of"]).map(function (e) { return nodeLink(e.to); })]]),
      section("Referred to by", list(referenceItems(edgesOf(node.id, "in", ["refers_to"]), "from")))
    ];
  }

  function amountDetails(node) {
    var a = node.attrs;
    var measureEdge = edgesOf(node.id, "in", ["has_amount"])[0];
    return [
      header(node, a.label, a.title),
      facts([
        ["Kroner", typeof a.nok === "number" ? a.nok.toLocaleString("nb-NO") : a.nok],
        ["Year", a.year],
        ["Measure", measureEdge ? measureLine(measureEdge.from) : null],
        ["Paid by", edgesOf(node.id, "in", ["funds_amount"]).map(function (e) { return nodeLink(e.from); })],
        ["Received by", edgesOf(node.id, "out", ["receives_amount"]).map(function (e) { return nodeLink(e.to); })]
      ]),
      measureEdge ? section("Evidence", evidenceList(measureEdge.evidence)) : null
    ];
  }

  function chapterDetails(node) {
    var a = node.attrs;
    return [
      header(node, a.label, a.title),
      facts([["Plan", edgesOf(node.id, "out", ["part_of"]).map(function (e) { return nodeLink(e.to); })]]),
      section("Measures", list(sortedBy(edgesOf(node.id, "in", ["part_of"]), "from").map(function (e) {
        return measureLine(e.from);
      })))
    ];
  }

  function planDetails(node) {
    var a = node.attrs;
    return [
      header(node, a.title, null),
      facts([
        ["Period", period(a)],
        ["Status report", a.report_date],
        ["Source", a.source]
      ]),
      section("Chapters", list(edgesOf(node.id, "in", ["part_of"]).map(function (e) {
        return nodeLink(e.from, byId.get(e.from).attrs.label + " · " + byId.get(e.from).attrs.title);
      })))
    ];
  }

  var DETAILS = {
    measure: measureDetails, organisation: organisationDetails, report: reportDetails,
    document: documentDetails, "external-measure": externalMeasureDetails, amount: amountDetails,
    chapter: chapterDetails, plan: planDetails
  };

  function genericDetails(node) {
    return [header(node, node.attrs.label || node.id, node.attrs.title)];
  }

  var panel = document.getElementById("details");

  function showDetails(id) {
    var node = byId.get(id);
    clear(panel);
    if (!node) return;
    append(panel, (DETAILS[node.attrs.type] || genericDetails)(node));
    panel.setAttribute("data-node", id);
    panel.scrollTop = 0;
  }

  function showEdge(edgeId) {
    var edge = edgeById.get(edgeId);
    if (!edge) return;
    var kind = kindByKey.get(edge.kind);
    clear(panel);
    append(panel, [
      el("div", null, el("span", { class: "badge", style: null }, "Relation")),
      el("h2", { class: "title" }, kind ? kind.label : edge.kind),
      facts([["From", nodeLink(edge.from)], ["To", nodeLink(edge.to)]]),
      section("Evidence", evidenceList(edge.evidence))
    ]);
    var b = panel.querySelector(".badge");
    if (kind) b.style.backgroundColor = kind.colour;
    panel.setAttribute("data-edge", edgeId);
    panel.removeAttribute("data-node");
  }

  /* ---------- visibility: filters and neighbourhood focus ---------- */

  /* The nodes of a chapter or a whole plan: its chapters and measures (by part_of), and what the
     measures are linked to that is neither a measure nor a chapter. */
  function scopeMembers(scopeId) {
    var members = new Set([scopeId]);
    var pending = [scopeId];
    while (pending.length) {
      edgesOf(pending.pop(), "in", ["part_of"]).forEach(function (e) {
        var type = byId.get(e.from).attrs.type;
        if ((type === "measure" || type === "chapter") && !members.has(e.from)) {
          members.add(e.from);
          pending.push(e.from);
        }
      });
    }
    Array.from(members).forEach(function (m) {
      if (byId.get(m).attrs.type !== "measure") return;
      edgesOf(m, "in").concat(edgesOf(m, "out")).forEach(function (e) {
        var other = e.from === m ? e.to : e.from;
        var type = byId.get(other).attrs.type;
        if (type !== "measure" && type !== "chapter") members.add(other);
      });
    });
    return members;
  }

  function neighbourhood(id) {
    var around = new Set([id]);
    edgesOf(id, "in").concat(edgesOf(id, "out")).forEach(function (e) {
      if (state.kinds.has(e.kind)) around.add(e.from === id ? e.to : e.from);
    });
    return around;
  }

  function apply() {
    var chapterSet = state.chapter ? scopeMembers(state.chapter) : null;
    var around = state.focus ? neighbourhood(state.focus) : null;
    visibleNodes = new Set();
    var nodeUpdates = [];
    DATA.nodes.forEach(function (node) {
      var visible = state.categories.has(node.category) &&
        (!chapterSet || chapterSet.has(node.id)) && (!around || around.has(node.id));
      if (node.id === state.focus) visible = true;
      if (visible) visibleNodes.add(node.id);
      if (visible === hiddenNodes.has(node.id)) {
        nodeUpdates.push({ id: node.id, hidden: !visible });
        if (visible) hiddenNodes.delete(node.id); else hiddenNodes.add(node.id);
      }
    });
    var edgeUpdates = [];
    DATA.edges.forEach(function (edge) {
      var visible = state.kinds.has(edge.kind) && visibleNodes.has(edge.from) && visibleNodes.has(edge.to) &&
        (!state.focus || edge.from === state.focus || edge.to === state.focus);
      if (visible === hiddenEdges.has(edge.id)) {
        edgeUpdates.push({ id: edge.id, hidden: !visible });
        if (visible) hiddenEdges.delete(edge.id); else hiddenEdges.add(edge.id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var status = "Showing " + visibleNodes.size + " of " + DATA.nodes.length + " nodes";
    if (state.focus) status += " · neighbourhood of " + nodeName(state.focus);
    document.getElementById("status").textContent = status;
    document.getElementById("reset-focus").disabled = !state.focus;
  }

  function fitVisible(animate) {
    var ids = Array.from(visibleNodes);
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
  }

  function select(id, options) {
    options = options || {};
    if (!byId.has(id)) return;
    var node = byId.get(id);
    if (options.focus) {
      state.focus = id;
    } else if (!visibleNodes.has(id)) {
      state.focus = null;
    }
    if (!state.categories.has(node.category)) {
      state.categories.add(node.category);
      syncCheckboxes();
    }
    if (state.chapter && !scopeMembers(state.chapter).has(id)) {
      state.chapter = "";
      document.getElementById("chapter").value = "";
    }
    state.selected = id;
    apply();
    network.selectNodes([id]);
    showDetails(id);
    if (options.fit) fitVisible(true);
    if (options.centre) {
      network.focus(id, {
        scale: Math.max(network.getScale(), 1.2),
        animation: { duration: 400, easingFunction: "easeInOutQuad" }
      });
    }
  }

  function resetFocus() {
    state.focus = null;
    apply();
    if (state.selected && visibleNodes.has(state.selected)) network.selectNodes([state.selected]);
    fitVisible(true);
  }

  /* ---------- controls ---------- */

  function countBy(items, key) {
    var counts = new Map();
    items.forEach(function (item) { counts.set(item[key], (counts.get(item[key]) || 0) + 1); });
    return counts;
  }

  // One checkbox per legend entry: `set` holds the keys that are shown, `swatch` draws the entry.
  function filterRow(container, set, attribute, entry, count, swatch) {
    var attrs = { type: "checkbox", "aria-label": entry.label };
    attrs[attribute] = entry.key;
    var box = el("input", attrs);
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) set().add(entry.key); else set().delete(entry.key);
      apply();
    });
    append(container, el("label", null, box, swatch, entry.label, el("span", { class: "count" }, count)));
  }

  function buildFilters() {
    var nodeCounts = countBy(DATA.nodes, "category");
    var nodeBox = document.getElementById("node-filters");
    DATA.categories.forEach(function (cat) {
      if (!nodeCounts.get(cat.key)) return;
      var swatch = el("span", { class: "swatch shape-" + cat.shape });
      swatch.style.backgroundColor = cat.colour;
      filterRow(nodeBox, function () { return state.categories; }, "data-category", cat, nodeCounts.get(cat.key), swatch);
    });
    var edgeCounts = countBy(DATA.edges, "kind");
    var edgeBox = document.getElementById("edge-filters");
    DATA.edgeKinds.forEach(function (kind) {
      if (!edgeCounts.get(kind.key)) return;
      var swatch = el("span", { class: "line" + (kind.dashed ? " dashed" : "") });
      swatch.style.borderTopColor = kind.colour;
      filterRow(edgeBox, function () { return state.kinds; }, "data-kind", kind, edgeCounts.get(kind.key), swatch);
    });
    document.querySelectorAll(".all-none button").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("data-set") === "all";
        if (button.getAttribute("data-group") === "node") {
          state.categories = new Set(on ? DATA.categories.map(function (c) { return c.key; }) : []);
        } else {
          state.kinds = new Set(on ? DATA.edgeKinds.map(function (k) { return k.key; }) : []);
        }
        syncCheckboxes();
        apply();
      });
    });
    var chapterSelect = document.getElementById("chapter");
    var chapterOption = function (chapter) {
      return el("option", { value: chapter.id }, chapter.number + " · " + chapter.title);
    };
    if (DATA.plans.length > 1) {  // grouped by plan; a plan as a whole is a choice too
      chapterSelect.options[0].textContent = "All plans and chapters";
      DATA.plans.forEach(function (plan) {
        var group = el("optgroup", { label: plan.title });
        append(group, el("option", { value: plan.id }, "The whole plan"));
        DATA.chapters.filter(function (c) { return c.plan === plan.plan; }).forEach(function (chapter) {
          append(group, chapterOption(chapter));
        });
        append(chapterSelect, group);
      });
    } else {
      DATA.chapters.forEach(function (chapter) { append(chapterSelect, chapterOption(chapter)); });
    }
    chapterSelect.addEventListener("change", function () {
      state.chapter = chapterSelect.value;
      state.focus = null;
      apply();
      fitVisible(true);
    });
  }

  function syncCheckboxes() {
    document.querySelectorAll("input[data-category]").forEach(function (box) {
      box.checked = state.categories.has(box.getAttribute("data-category"));
    });
    document.querySelectorAll("input[data-kind]").forEach(function (box) {
      box.checked = state.kinds.has(box.getAttribute("data-kind"));
    });
  }

  /* ---------- search ---------- */

  function norm(text) {
    return String(text == null ? "" : text).toLowerCase().replace(/\s+/g, " ").trim();
  }

  var searchIndex = DATA.nodes.map(function (node) {
    var a = node.attrs;
    var primary = [a.label, a.abbreviation, a.type === "measure" ? a.measure : null, a.org]
      .filter(Boolean).map(norm);
    if (a.type === "measure") primary.push("tiltak " + norm(a.measure));
    var secondary = [a.title, a.name_en, a.document].filter(Boolean).map(norm);
    return { node: node, primary: primary, secondary: secondary };
  });

  function searchNodes(query) {
    var q = norm(query).replace(/^(tiltak|measure)\s+/, "");
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (entry) {
      var score = null;
      var all = entry.primary.concat(entry.secondary);
      if (entry.primary.indexOf(q) >= 0) score = 0;
      else if (entry.secondary.indexOf(q) >= 0) score = 1;
      else if (entry.primary.some(function (k) { return k.indexOf(q) === 0; })) score = 2;
      else if (entry.secondary.some(function (k) { return k.indexOf(q) === 0; })) score = 3;
      else if (all.some(function (k) { return k.indexOf(" " + q) >= 0 || k.indexOf("(" + q) >= 0; })) score = 4;
      else if (all.some(function (k) { return k.indexOf(q) >= 0; })) score = 5;
      if (score !== null) hits.push({ score: score, node: entry.node });
    });
    hits.sort(function (x, y) {
      return x.score - y.score ||
        (TYPE_RANK[x.node.attrs.type] || 9) - (TYPE_RANK[y.node.attrs.type] || 9) ||
        y.node.degree - x.node.degree ||
        (x.node.id < y.node.id ? -1 : x.node.id > y.node.id ? 1 : 0);
    });
    return hits.map(function (h) { return h.node; });
  }

  var searchInput = document.getElementById("search");
  var resultList = document.getElementById("search-results");

  function showResults() {
    clear(resultList);
    var query = searchInput.value;
    if (!norm(query)) return;
    var found = searchNodes(query);
    if (!found.length) {
      append(resultList, el("li", { class: "empty" }, "No match"));
      return;
    }
    found.slice(0, 8).forEach(function (node) {
      var a = node.attrs;
      var text = nodeName(node.id) + (a.title && a.title !== a.label ? " — " + a.title : "");
      append(resultList, el("li", null, el("button", {
        type: "button", title: text, "data-node": node.id,
        onclick: function () { pick(node.id); }
      }, text)));
    });
  }

  function pick(id) {
    clear(resultList);
    select(id, { centre: true });
  }

  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = searchNodes(searchInput.value);
      if (found.length) pick(found[0].id);
      event.preventDefault();
    } else if (event.key === "Escape") {
      searchInput.value = "";
      clear(resultList);
    }
  });

  /* ---------- wiring ---------- */

  network.on("click", function (params) {
    if (params.nodes.length) {
      select(params.nodes[0], { focus: true, fit: true });
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });
  document.getElementById("reset-focus").addEventListener("click", resetFocus);
  document.getElementById("fit").addEventListener("click", function () { fitVisible(true); });
  document.getElementById("reset-filters").addEventListener("click", function () {
    state.categories = new Set(DATA.categories.map(function (c) { return c.key; }));
    state.kinds = new Set(DATA.edgeKinds.map(function (k) { return k.key; }));
    state.chapter = "";
    document.getElementById("chapter").value = "";
    syncCheckboxes();
    apply();
    fitVisible(true);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target !== searchInput && state.focus) resetFocus();
  });

  buildFilters();
  apply();
  network.fit({ animation: false });

  /* A small handle for tests and the curious: state and the visible node ids. */
  window.explorer = {
    ready: false,
    readyMs: null,
    network: network,
    nodes: nodes,
    edges: edges,
    data: DATA,
    state: state,
    visibleNodeIds: function () { return Array.from(visibleNodes).sort(); },
    search: searchNodes,
    select: select
  };
  network.once("afterDrawing", function () {
    window.explorer.ready = true;
    window.explorer.readyMs = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  network.redraw();
})();
