/* Part 7: the state in the URL's hash — view, selection, focus and its steps, filters, relations
 * drawn, search and language — so that a link or a reload shows the same, and back/forward work. */

function stateHash() {
  var params = new URLSearchParams();
  if (state.view !== "graph") params.set("view", state.view);
  if (state.selected) params.set("sel", state.selected);
  if (state.edge) params.set("edge", state.edge);
  if (state.focus) params.set("focus", state.focus);
  if (state.hops !== 1) params.set("hops", String(state.hops));
  state.filters.forEach(function (f) { params.append("f", f.dim + ":" + f.value); });
  var hidden = Array.from(state.hidden).sort();
  if (hidden.join(",") !== DATA.hiddenKinds.slice().sort().join(",")) params.set("hide", hidden.join(","));
  if (state.q) params.set("q", state.q);
  if (state.lang !== "en") params.set("lang", state.lang);
  return params.toString();
}

var lastHash = null;

/* Write the state into the URL: a new history entry, or (replace) the current one. */
function saveState(replace) {
  var hash = stateHash();
  if (hash === lastHash) return;
  lastHash = hash;
  var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
  try {
    if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  } catch (error) {  // a browser that keeps no history for files
    location.hash = hash;
  }
}

/* Read the state from the URL; unknown ids and values are left out. */
function loadState() {
  var params = new URLSearchParams(location.hash.replace(/^#/, ""));
  var view = params.get("view");
  state.view = availableViews().indexOf(view) >= 0 ? view : "graph";
  var sel = params.get("sel");
  state.selected = byId.has(sel) ? sel : null;
  var edge = params.get("edge");
  state.edge = edgeById.has(edge) ? edge : null;
  var focus = params.get("focus");
  state.focus = byId.has(focus) ? focus : null;
  state.hops = params.get("hops") === "2" ? 2 : 1;
  state.filters = [];
  params.getAll("f").forEach(function (item) {
    var at = item.indexOf(":");
    var dim = item.slice(0, at), value = item.slice(at + 1);
    if (DIMENSIONS.indexOf(dim) >= 0 && filterChoices(dim).some(function (c) { return c.value === value; }) &&
        !state.filters.some(function (f) { return f.dim === dim && f.value === value; })) {
      state.filters.push({ dim: dim, value: value });
    }
  });
  state.hidden = params.has("hide")
    ? new Set(params.get("hide").split(",").filter(function (k) { return kindByKey.has(k); }))
    : new Set(DATA.hiddenKinds);
  state.q = params.get("q") || "";
  state.lang = params.get("lang") === "nb" ? "nb" : "en";
  lastHash = stateHash();
}
