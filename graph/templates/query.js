// The query page of `tiltaksgraf serve`: YASGUI set up for this endpoint. It queries this endpoint
// only, completes the ontology's prefixes from the page's own list (no prefix.cc, no LOV), shows
// IRIs with those prefixes, opens the bundled example queries in tabs, shows an IRI's triples when
// it is clicked, downloads answers in the endpoint's formats and marks where a syntax error is.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("query-config").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const Yasqe = Yasgui.Yasqe;
  const DOWNLOADS = {
    answer: [
      { label: "CSV", media: "text/csv", extension: "csv" },
      { label: "TSV", media: "text/tab-separated-values", extension: "tsv" },
      { label: "JSON", media: "application/sparql-results+json", extension: "json" },
    ],
    graph: [
      { label: "Turtle", media: "text/turtle", extension: "ttl" },
      { label: "N-Triples", media: "application/n-triples", extension: "nt" },
      { label: "JSON-LD", media: "application/ld+json", extension: "jsonld" },
    ],
  };
  // The grammar's terminals that YASQE's parser names, in words.
  const TERMINALS = {
    VAR1: "a variable", VAR2: "a variable", IRI_REF: "an IRI", PNAME_LN: "a prefixed name",
    PNAME_NS: "a prefixed name", STRING_LITERAL1: "a string", STRING_LITERAL2: "a string",
    STRING_LITERAL_LONG1: "a string", STRING_LITERAL_LONG2: "a string", INTEGER: "a number",
    DECIMAL: "a number", DOUBLE: "a number", INTEGER_POSITIVE: "a number", DECIMAL_POSITIVE: "a number",
    DOUBLE_POSITIVE: "a number", INTEGER_NEGATIVE: "a number", DECIMAL_NEGATIVE: "a number",
    DOUBLE_NEGATIVE: "a number", BLANK_NODE_LABEL: "a blank node", ANON: "a blank node", NIL: "()",
    LANGTAG: "a language tag", TRUE: "true", FALSE: "false", $: "the end of the query",
  };
  // Keywords of SPARQL Update, which this read-only endpoint refuses: not worth suggesting.
  const UPDATE = new Set(["INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "ADD", "MOVE", "COPY", "CREATE", "WITH"]);
  // IRIREF of the SPARQL grammar: an IRI with none of these can stand between < and > as one term.
  const IRIREF = /^[^\u0000-\u0020<>"{}|^`\\]*$/u;

  // Completion of the prefixes from this page's list; the completers that ask LOV are left out.
  Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "endpointPrefixes",
      persistenceId: null,
      get: () => Object.entries(config.prefixes).map(([prefix, iri]) => `${prefix}: <${iri}>`).sort(),
    },
    false,
  );
  Yasqe.defaults.autocompleters = ["endpointPrefixes", "variables"];

  function ownEndpoint(tab) {
    return { ...tab, requestConfig: { ...tab.requestConfig, endpoint: endpoint, headers: {}, args: [] } };
  }

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: "tiltaksgraf-query",
    tabName: "Query",
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [] },
    populateFromUrl: ownEndpoint, // a shared link (#query=...) cannot name another endpoint
    yasqe: { value: config.examples.length ? config.examples[0].text : "" },
    yasr: { prefixes: config.prefixes },
  });
  for (const tab of Object.values(yasgui._tabs)) tab.setEndpoint(endpoint);

  function openTab(name, query) {
    return yasgui.addTab(true, { name: name, yasqe: { value: query } }, { avoidDuplicateTabs: true });
  }

  // The examples menu.
  const menu = document.getElementById("examples");
  menu.addEventListener("change", () => {
    const example = config.examples.find((item) => item.file === menu.value);
    if (example) openTab(`${example.number} ${example.name}`, example.text);
    menu.value = "";
  });

  // An IRI of an answer, clicked: its triples, as subject and as object, in a tab of its own.
  function shortName(iri) {
    for (const [prefix, namespace] of Object.entries(config.prefixes)) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return `${prefix}:${iri.slice(namespace.length)}`;
      }
    }
    return iri.replace(/[/#]+$/, "").split(/[/#]/).pop() || iri;
  }

  function term(iri) {
    if (!IRIREF.test(iri)) throw new Error(`not an IRI that SPARQL can name: ${iri}`);
    return `<${iri}>`;
  }

  function triplesOf(iri) {
    const resource = term(iri);
    return [
      `# The triples of ${resource}: those it is the subject of, then those it is the object of.`,
      "SELECT ?subject ?predicate ?object",
      "WHERE {",
      `  { VALUES ?subject { ${resource} } ?subject ?predicate ?object }`,
      "  UNION",
      `  { VALUES ?object { ${resource} } ?subject ?predicate ?object }`,
      "}",
      `ORDER BY DESC(?subject = ${resource}) ?predicate ?object ?subject`,
      "",
    ].join("\n");
  }

  // The IRI of a link of YASR's table: its href, or where YASR's sanitiser left none (an IRI of a
  // scheme it does not link, such as urn:) its text, a prefixed name or the IRI itself.
  function linked(link, tab) {
    const href = link.getAttribute("href");
    if (href !== null) return href;
    const text = link.textContent;
    const known = { ...config.prefixes, ...(tab && tab.getYasqe() ? tab.getYasqe().getPrefixesFromQuery() : {}) };
    const colon = text.indexOf(":");
    const prefix = text.slice(0, colon);
    return colon > 0 && Object.hasOwn(known, prefix) ? known[prefix] + text.slice(colon + 1) : text;
  }

  document.getElementById("yasgui").addEventListener(
    "click",
    (event) => {
      const link = event.target.closest(".yasr a.iri");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      event.stopPropagation();
      const iri = linked(link, yasgui.getTab());
      let query;
      try {
        query = triplesOf(iri);
      } catch (error) {
        showError(error.message);
        return;
      }
      openTab(shortName(iri), query).query().catch(() => {});
    },
    true,
  );

  // Downloads: the current tab's query asked of the endpoint again, in the format chosen.
  const downloads = document.getElementById("downloads");
  const buttons = [];
  for (const [kind, formats] of Object.entries(DOWNLOADS)) {
    for (const format of formats) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = format.label;
      button.dataset.kind = kind;
      button.dataset.format = format.extension;
      button.addEventListener("click", () => download(format));
      downloads.append(" ", button);
      buttons.push(button);
    }
  }

  function queryKind(tab) {
    const type = tab && tab.getYasqe() ? tab.getYasqe().getQueryType() : undefined;
    return type === "CONSTRUCT" || type === "DESCRIBE" ? "graph" : "answer";
  }

  function showDownloads() {
    const kind = queryKind(yasgui.getTab());
    for (const button of buttons) button.hidden = button.dataset.kind !== kind;
  }

  function fileName(tab) {
    const words = tab.getName().toLowerCase().match(/[\p{L}\p{N}]+/gu);
    return words ? words.join("-") : "answer";
  }

  async function download(format) {
    const tab = yasgui.getTab();
    if (!tab) return;
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: format.media },
        body: new URLSearchParams({ query: tab.getQuery() }),
      });
    } catch (error) {
      showError(`the endpoint did not answer: ${error.message}`);
      return;
    }
    if (!response.ok) {
      showError((await response.text()).trim());
      return;
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = `${fileName(tab)}.${format.extension}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  // A syntax error, marked where it is: YASQE's grammar finds the place and what may stand there
  // (the endpoint's parser names a place too, used when YASQE's finds none, as at an early end).
  const errorLine = document.getElementById("query-error");
  let errorMark;

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = !message;
  }

  function clearError() {
    showError("");
    if (errorMark) errorMark.clear();
    errorMark = undefined;
  }

  // The first place YASQE's SPARQL grammar cannot go on, in the query as the endpoint reads it
  // (its prefixes predeclared), or undefined.
  function parserError(text) {
    const mode = Yasqe.getMode({ indentUnit: 2 }, "sparql11");
    const state = Yasqe.startState(mode);
    Object.assign(state.prefixes, config.predeclared);
    const lines = text.split("\n");
    for (let line = 0; line < lines.length; line++) {
      const stream = new Yasqe.StringStream(lines[line], 2);
      while (!stream.eol()) {
        mode.token(stream, state);
        stream.start = stream.pos;
        if (state.OK === false) {
          const possible = state.possibleCurrent.filter((token) => !UPDATE.has(token));
          const words = [...new Set(possible.map((token) => TERMINALS[token] || token))];
          const expected = state.errorMsg || `expected ${words.join(", ")}`;
          return { line: line, ch: state.errorStartPos || 0, message: expected };
        }
      }
    }
    return undefined;
  }

  function serverError(text) {
    const found = /query:(\d+):(\d+): ([^\n]*)/.exec(text || "");
    if (!found) return undefined;
    return { line: Number(found[1]) - 1, ch: Math.max(Number(found[2]) - 1, 0), message: found[3] };
  }

  function markError(tab) {
    const yasqe = tab.getYasqe();
    const results = tab.getYasr().results;
    const error = results ? results.getError() : undefined;
    if (!yasqe || !error || !(error.text || "").startsWith("malformed query")) return;
    const place = parserError(yasqe.getValue()) || serverError(error.text);
    if (!place) return;
    const doc = yasqe.getDoc();
    const line = Math.min(place.line, doc.lastLine());
    const ch = Math.min(place.ch, doc.getLine(line).length);
    const end = ch < doc.getLine(line).length ? ch + 1 : ch;
    errorMark = doc.markText({ line: line, ch: ch }, { line: line, ch: end }, { className: "query-error-at" });
    doc.setCursor({ line: line, ch: ch });
    showError(`Syntax error at line ${line + 1}, column ${ch + 1}: ${place.message}`);
    const clearOnChange = () => {
      clearError();
      yasqe.off("change", clearOnChange);
    };
    yasqe.on("change", clearOnChange);
  }

  yasgui.on("queryBefore", clearError);
  // A tab tells of the response before it gives it to YASR: look once YASR has it.
  yasgui.on("queryResponse", (_yasgui, tab) => {
    setTimeout(() => {
      markError(tab);
      showDownloads();
    }, 0);
  });
  yasgui.on("tabSelect", () => {
    clearError();
    setTimeout(showDownloads, 0);
  });
  yasgui.on("tabAdd", () => setTimeout(showDownloads, 0));
  yasgui.on("tabChange", showDownloads);

  document.getElementById("endpoint").textContent = endpoint;
  for (const element of document.querySelectorAll(".script-only")) element.hidden = false;
  showDownloads();
  document.body.dataset.ready = "true";
})();
