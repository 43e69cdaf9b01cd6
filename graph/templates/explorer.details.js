/* Part 2: the details panel of a node or an edge, with its relations as a text list and a
 * "copy citation" button on every evidence sentence. */

var panel = byIdEl("details");
var panelBody = byIdEl("details-body");

function safeLink(url, text) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text || url);
  }
  return el("span", null, text || url || "");
}

function nodeLink(id, text) {
  var a = attrsOf(id);
  return el("button", {
    type: "button", class: "link", title: a.title || id, "data-node": id,
    onclick: function () { select(id, { focus: true, centre: true }); }
  }, text || nodeName(id));
}

function measureLine(id) {
  var a = attrsOf(id);
  if (a.type === "measure") return [nodeLink(id), " ", el("span", { class: "muted" }, a.title)];
  return [nodeLink(id)];
}

function placeText(item) {
  if (item.line === 0) return t("gazetteer");
  var parts = [];
  if (item.line != null) parts.push(t("line", { line: item.line }));
  if (item.page != null) parts.push(t("page", { page: item.page }));
  return parts.join(", ");
}

/* "Plan (period), report, measure 18a, line 1534, p. 23: “sentence”" */
function citation(edge, item) {
  var measureId = [edge.from, edge.to].filter(function (id) { return attrsOf(id).type === "measure"; })[0];
  var plan = planOf(measureId || edge.from) || planOf(edge.to);
  var planText = plan ? (plan.attrs.title || plan.attrs.label) : "";
  if (plan && plan.attrs.period_start && plan.attrs.period_end) planText += " (" + plan.attrs.period_start + "–" + plan.attrs.period_end + ")";
  var report = plan ? [plan.attrs.source, plan.attrs.report_date].filter(Boolean).join(", ") : "";
  var values = { plan: planText, report: report, place: placeText(item), text: item.text };
  if (measureId) {
    values.measure = attrsOf(measureId).measure;
    return t("citation", values);
  }
  return t("citationNoMeasure", values);
}

function evidenceList(evidence, edge) {
  return (evidence || []).map(function (item) {
    var cite = edge && item.line !== 0 ? el("button", {
      type: "button", class: "cite", onclick: function () { copyCitation(citation(edge, item)); }
    }, t("copyCitation")) : null;
    return el("div", { class: "evidence" }, el("span", { class: "line-no" }, placeText(item)), item.text, cite);
  });
}

/* A <details> whose content is made when it is first opened (an organisation of many measures). */
function lazyDetails(summary, content) {
  var box = el("details", null, el("summary", null, summary));
  box.addEventListener("toggle", function () {
    if (box.open && box.childNodes.length === 1) append(box, content());
  });
  return box;
}

function badge(node) {
  var cat = categoryByKey.get(node.category);
  var b = el("span", { class: "badge" }, cat ? categoryLabel(cat.key) : node.attrs.type);
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

function period(a) {
  if (a.period_start == null && a.period_end == null) return t("periodNone");
  if (a.period_start === a.period_end) return String(a.period_start);
  return (a.period_start == null ? "?" : a.period_start) + "–" + (a.period_end == null ? "?" : a.period_end);
}

function header(node, heading, subtitle) {
  return [
    el("div", null, badge(node)),
    el("h2", { class: "title", id: "details-title" }, heading),
    subtitle ? el("p", { class: "muted" }, subtitle) : null
  ];
}

function relationWord(edge, id) {
  var role = roleOf(edge);
  var word = role ? roleLabel(role) : kindLabel(edge.kind);
  return edge.from === id ? word + " →" : "← " + word;
}

/* Every relation of the node as a line of text: the accessible list. */
function relationsSection(id) {
  var all = edgesOf(id).slice().sort(function (e, f) {
    return (e.kind < f.kind ? -1 : e.kind > f.kind ? 1 : 0) || compareNodes(other(e, id), other(f, id));
  });
  return section(t("relationsList", { count: all.length }), el("ul", { class: "relations", "aria-label": t("relationsList", { count: all.length }) },
    all.map(function (e) {
      return el("li", { "data-edge": e.id }, relationWord(e, id), " ", nodeLink(other(e, id)),
        e.evidence.length ? [" ", el("span", { class: "muted" }, "(" + e.evidence.map(placeText).join("; ") + ")")] : null);
    })));
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
    return Math.min.apply(null, byOrg.get(org).map(function (e) { return ROLE_KEYS.indexOf(roleOf(e)); }));
  };
  var orgs = Array.from(byOrg.keys()).sort(function (a, b) {
    return rank(a) - rank(b) || nodeName(a).localeCompare(nodeName(b));
  });
  return orgs.map(function (org) {
    var roleEdges = byOrg.get(org).sort(function (a, b) { return ROLE_KEYS.indexOf(roleOf(a)) - ROLE_KEYS.indexOf(roleOf(b)); });
    var title = attrsOf(org).title;
    return el("div", { class: "actor" },
      el("div", null, nodeLink(org), title && title !== nodeName(org) ? [" ", el("span", { class: "muted" }, title)] : null),
      roleEdges.map(function (e) { return [el("div", { class: "role" }, roleLabel(roleOf(e))), evidenceList(e.evidence, e)]; }));
  });
}

function referenceItems(edgeList, end) {
  return edgeList.map(function (e) { return [measureLine(e[end]), evidenceList(e.evidence, e)]; });
}

function reportItem(reportId) {
  var a = attrsOf(reportId);
  var publishers = edgesOf(reportId, "in", ["publishes"]).map(function (p) { return nodeLink(p.from); });
  var meta = [a.kind, a.year].filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(", ");
  return [
    nodeLink(reportId, a.title),
    meta ? [" ", el("span", { class: "muted" }, "(" + meta + ")")] : null,
    publishers.length ? [el("br"), el("span", { class: "muted" }, t("publishedBy") + " "), publishers] : null,
    a.url ? [el("br"), safeLink(a.href || a.url, a.url)] : null
  ];
}

function amountItem(amountId, edge) {
  var a = attrsOf(amountId);
  var funders = edgesOf(amountId, "in", ["funds_amount"]).map(function (f) { return nodeLink(f.from); });
  var recipients = edgesOf(amountId, "out", ["receives_amount"]).map(function (r) { return nodeLink(r.to); });
  return [
    nodeLink(amountId, a.label),
    a.year ? " (" + a.year + ")" : null,
    funders.length ? [" · " + t("paidBy") + " ", funders] : null,
    recipients.length ? [" · " + t("receivedBy") + " ", recipients] : null,
    edge ? evidenceList(edge.evidence, edge) : null
  ];
}

function statusText(s) {
  var words = [statusLabel(s.value)];
  if (s.label && s.label !== words[0]) words.push("(“" + s.label + "”)");
  if (s.date || s.report) words.push("— " + [s.report, s.date].filter(Boolean).join(", "));
  return words.join(" ");
}

function measureDetails(node) {
  var a = node.attrs;
  var id = node.id;
  var chapterEdge = edgesOf(id, "out", ["part_of"])[0];
  var parentEdge = edgesOf(id, "out", ["sub_measure_of"])[0];
  var subs = sortedBy(edgesOf(id, "in", ["sub_measure_of"]), "from").map(function (e) { return measureLine(e.from); });
  var responsibleEdges = edgesOf(id, "in", ["involved:responsible"]);
  var codes = a.responsible || [];
  var responsible = codes.map(function (code) {
    var edge = responsibleEdges.find(function (e) { var o = attrsOf(e.from); return o.abbreviation === code || o.label === code; });
    if (!edge) return el("div", null, code);
    return el("div", null, nodeLink(edge.from, code), " ", el("span", { class: "muted" }, attrsOf(edge.from).title));
  });
  responsibleEdges.forEach(function (e) {
    var o = attrsOf(e.from);
    if (codes.indexOf(o.abbreviation) < 0 && codes.indexOf(o.label) < 0) {
      responsible.push(el("div", null, nodeLink(e.from), " ", el("span", { class: "muted" }, o.title)));
    }
  });
  responsibleEdges.forEach(function (e) { responsible.push(evidenceList(e.evidence, e)); });
  var chapter = chapterEdge ? attrsOf(chapterEdge.to) : null;
  return [
    header(node, t("tiltak", { id: a.measure }), null),
    el("p", { class: "measure-title" }, a.title),
    facts([
      [t("chapter"), chapter ? nodeLink(chapterEdge.to, (chapter.number != null ? chapter.number + " · " : "") + chapter.title) : a.chapter],
      [t("partOf"), parentEdge ? measureLine(parentEdge.to) : null],
      [t("responsible"), responsible],
      [t("period"), period(a)],
      [t("statusOf"), (a.status || []).map(function (s) { return el("div", null, statusText(s)); })],
      [t("lines"), a.line_start != null ? a.line_start + "–" + a.line_end : null]
    ]),
    section(t("subMeasures"), list(subs)),
    section(t("otherOrganisations"), involvedSection(id)),
    section(t("refersTo"), list(referenceItems(edgesOf(id, "out", ["refers_to"]), "to"))),
    section(t("referredBy"), list(referenceItems(sortedBy(edgesOf(id, "in", ["refers_to"]), "from"), "from"))),
    section(t("named"), list(edgesOf(id, "out", ["names"]).map(function (e) { return [nodeLink(e.to), evidenceList(e.evidence, e)]; }))),
    section(t("reports"), list(edgesOf(id, "in", ["reported_in"]).map(function (e) { return [reportItem(e.from), evidenceList(e.evidence, e)]; }))),
    section(t("money"), list(edgesOf(id, "out", ["has_amount"]).map(function (e) { return amountItem(e.to, e); }))),
    section(t("links"), list((a.hrefs || a.urls || []).map(function (url) { return safeLink(url); }))),
    a.description ? el("details", null, el("summary", null, t("description")), el("p", null, a.description)) : null
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
  var roleSections = ROLE_KEYS.filter(function (r) { return byRole.has(r); }).map(function (role) {
    var items = sortedBy(byRole.get(role), "to").map(function (e) {
      return [measureLine(e.to), lazyDetails(e.evidence.length === 1 ? placeText(e.evidence[0]) : t("sentencesCount", { count: e.evidence.length }),
        function () { return evidenceList(e.evidence, e); })];
    });
    return section(roleLabel(role) + " (" + items.length + ")", list(items));
  });
  return [
    header(node, a.label, a.title !== a.label ? a.title : null),
    facts([
      [t("name"), a.title],
      [t("abbreviation"), a.abbreviation],
      [t("english"), a.name_en],
      [t("aliases"), (a.aliases || []).join(", ")],
      [t("kind"), orgKindLabel(a.kind)],
      [t("parentBody"), parent.length ? parent : (a.parent ? a.parent : null)],
      [t("subBodies"), children.length ? children.map(function (c, i) { return i ? [", ", c] : c; }) : null],
      [t("source"), a.known ? t("sourceGazetteer") : t("sourceText")]
    ]),
    roleSections.length ? el("h3", { class: "group" }, t("byRole")) : null,
    roleSections,
    section(t("publishes"), list(edgesOf(id, "out", ["publishes"]).map(function (e) { return reportItem(e.to); }))),
    section(t("pays"), list(edgesOf(id, "out", ["funds_amount"]).map(function (e) { return amountItem(e.to, e); }))),
    section(t("receives"), list(edgesOf(id, "in", ["receives_amount"]).map(function (e) { return amountItem(e.from, e); })))
  ];
}

function reportDetails(node) {
  var a = node.attrs;
  return [
    header(node, a.title, null),
    facts([
      [t("kind"), a.kind],
      [t("year"), a.year],
      [t("link"), a.url ? safeLink(a.href || a.url, a.url) : null],
      [t("publishedBy"), edgesOf(node.id, "in", ["publishes"]).map(function (e) { return nodeLink(e.from); })]
    ]),
    section(t("reportedIn"), list(sortedBy(edgesOf(node.id, "out", ["reported_in"]), "to").map(function (e) {
      return [measureLine(e.to), evidenceList(e.evidence, e)];
    })))
  ];
}

function documentDetails(node) {
  var a = node.attrs;
  return [
    header(node, a.label, a.title !== a.label ? a.title : null),
    facts([
      [t("kind"), orgKindLabel(a.kind)],
      [t("english"), a.name_en],
      [t("aliases"), (a.aliases || []).join(", ")],
      [t("sectionOf"), edgesOf(node.id, "out", ["section_of"]).map(function (e) { return nodeLink(e.to); })],
      [t("sections"), edgesOf(node.id, "in", ["section_of"]).map(function (e, i) { return [i ? ", " : "", nodeLink(e.from)]; })]
    ]),
    section(t("namedIn"), list(sortedBy(edgesOf(node.id, "in", ["names"]), "from").map(function (e) {
      return [measureLine(e.from), evidenceList(e.evidence, e)];
    }))),
    section(t("itsMeasures"), list(edgesOf(node.id, "in", ["measure_of"]).map(function (e) { return nodeLink(e.from); })))
  ];
}

function externalMeasureDetails(node) {
  return [
    header(node, node.attrs.title, null),
    facts([[t("plan"), edgesOf(node.id, "out", ["measure_of"]).map(function (e) { return nodeLink(e.to); })]]),
    section(t("referredBy"), list(referenceItems(edgesOf(node.id, "in", ["refers_to"]), "from")))
  ];
}

function amountDetails(node) {
  var a = node.attrs;
  var measureEdge = edgesOf(node.id, "in", ["has_amount"])[0];
  return [
    header(node, a.label, a.title),
    facts([
      [t("kroner"), typeof a.nok === "number" ? a.nok.toLocaleString("nb-NO") : a.nok],
      [t("year"), a.year],
      [t("measure"), measureEdge ? measureLine(measureEdge.from) : null],
      [t("paidBy"), edgesOf(node.id, "in", ["funds_amount"]).map(function (e) { return nodeLink(e.from); })],
      [t("receivedBy"), edgesOf(node.id, "out", ["receives_amount"]).map(function (e) { return nodeLink(e.to); })]
    ]),
    measureEdge ? section(t("evidence"), evidenceList(measureEdge.evidence, measureEdge)) : null
  ];
}

function chapterDetails(node) {
  var a = node.attrs;
  return [
    header(node, t("chapter") + " " + (a.number != null ? a.number : ""), a.title),
    facts([[t("plan"), edgesOf(node.id, "out", ["part_of"]).map(function (e) { return nodeLink(e.to); })]]),
    section(t("measures"), list(sortedBy(edgesOf(node.id, "in", ["part_of"]), "from").map(function (e) { return measureLine(e.from); })))
  ];
}

function planDetails(node) {
  var a = node.attrs;
  return [
    header(node, a.title, null),
    facts([[t("period"), period(a)], [t("statusReport"), a.report_date], [t("source"), a.source]]),
    section(t("chapters"), list(edgesOf(node.id, "in", ["part_of"]).map(function (e) {
      return nodeLink(e.from, attrsOf(e.from).label + " · " + attrsOf(e.from).title);
    })))
  ];
}

var DETAILS = {
  measure: measureDetails, organisation: organisationDetails, report: reportDetails,
  document: documentDetails, "external-measure": externalMeasureDetails, amount: amountDetails,
  chapter: chapterDetails, plan: planDetails
};

function closeButton() {
  return el("button", { type: "button", id: "close-details", onclick: function () { panel.classList.toggle("expanded"); } }, "↕");
}

function showDetails(id) {
  var node = byId.get(id);
  clear(panelBody);
  panel.removeAttribute("data-edge");
  if (!node) {
    panel.removeAttribute("data-node");
    append(panelBody, el("p", { class: "hint" }, t("hint")));
    return;
  }
  panel.scrollTop = 0;  // while it is empty: no layout of the old content
  var build = DETAILS[node.attrs.type] || function (n) { return [header(n, n.attrs.label || n.id, n.attrs.title)]; };
  var content = document.createDocumentFragment();
  append(content, [closeButton(), build(node), relationsSection(id)]);
  panelBody.appendChild(content);
  panel.setAttribute("data-node", id);
}

function showEdge(edgeId) {
  var edge = edgeById.get(edgeId);
  if (!edge) return;
  var kind = kindByKey.get(edge.kind);
  clear(panelBody);
  var b = el("span", { class: "badge" }, t("relation"));
  if (kind) b.style.backgroundColor = kind.colour;
  append(panelBody, [
    closeButton(),
    el("div", null, b),
    el("h2", { class: "title", id: "details-title" }, kind ? termLabel(kind) : edge.kind),
    facts([[t("from"), nodeLink(edge.from)], [t("to"), nodeLink(edge.to)]]),
    section(t("evidence"), evidenceList(edge.evidence, edge))
  ]);
  panel.setAttribute("data-edge", edgeId);
  panel.removeAttribute("data-node");
}
