/* kg viewer: draws the graph embedded in this page with vis-network (inlined).
 * Nothing is fetched. Every text from the graph reaches the DOM through
 * textContent, never innerHTML; links are made only for http(s) URLs.
 * window.kgViewer exposes the network and a few actions (used by the tests). */
(function () {
  "use strict";

  var VIS = JSON.parse(document.getElementById("kg-vis").textContent);
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var N = DATA.nodes.length;
  /* predicates are listed once (DATA.predicates: IRI, CURIE, French name): give each edge
     its IRI (p) and CURIE (i), each property row its name (p) and CURIE (i), each drawn
     edge its hover text */
  DATA.edges.forEach(function (d, j) {
    var x = DATA.predicates[d.k];
    d.p = x[0]; d.i = x[1];
    VIS.edges[j].title = VIS.edges[j].label + " (" + x[1] + ")";
  });
  DATA.nodes.forEach(function (n) {
    n.props.forEach(function (r) { var x = DATA.predicates[r.k]; r.p = x[2]; r.i = x[1]; });
  });
  var GROUPS = {};
  DATA.groups.forEach(function (g) { GROUPS[g.key] = g; });

  var state = {
    groupOn: {}, predOn: {}, provenance: false, ontology: false,
    loaded: new Uint8Array(N), hidden: new Uint8Array(N), edgeHidden: new Uint8Array(VIS.edges.length),
    dimmed: [], physics: false, focused: null
  };
  DATA.groups.forEach(function (g) { state.groupOn[g.key] = true; });

  /* -- small DOM helpers: text only ------------------------------------------------- */
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function safeHref(s) {
    if (typeof s !== "string" || !/^https?:\/\//i.test(s)) return null;
    try {
      var u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (e) { return null; }
  }
  function link(text, href) {
    var ok = safeHref(href);
    if (!ok) return el("span", text);
    var a = el("a", text);
    a.href = ok; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function plumbing(k) { return GROUPS[DATA.nodes[k].group].plumbing; }

  /* -- adjacency, predicates ---------------------------------------------------------- */
  var adj = [];
  for (var i = 0; i < N; i++) adj.push([]);
  var PREDS = {};
  VIS.edges.forEach(function (e) {
    adj[e.from].push(e.id);
    if (e.to !== e.from) adj[e.to].push(e.id);
    var p = DATA.edges[e.id];
    if (!PREDS[p.p]) PREDS[p.p] = { iri: p.p, curie: p.i, label: e.label, count: 0, knowledge: false };
    PREDS[p.p].count += 1;
    if (!plumbing(e.from) && !plumbing(e.to)) PREDS[p.p].knowledge = true;
    state.predOn[p.p] = true;
  });
  function other(eid, i) { var e = VIS.edges[eid]; return e.from === i ? e.to : e.from; }

  if (DATA.meta.allLoaded) state.loaded.fill(1);
  else DATA.meta.initial.forEach(function (k) { state.loaded[k] = 1; });

  function nodeVisible(k) {
    var kind = plumbing(k);
    if (!state.loaded[k] || !state.groupOn[DATA.nodes[k].group]) return false;
    if (kind === "provenance") return state.provenance;
    if (kind === "ontology") return state.ontology;
    return true;
  }

  /* -- the network ------------------------------------------------------------------------ */
  VIS.nodes.forEach(function (n) { state.hidden[n.id] = nodeVisible(n.id) ? 0 : 1; n.hidden = !!state.hidden[n.id]; });
  var nodes = new vis.DataSet(VIS.nodes);
  var edges = new vis.DataSet(VIS.edges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, VIS.options);

  function visibleIds() {
    var out = [];
    for (var k = 0; k < N; k++) if (!state.hidden[k]) out.push(k);
    return out;
  }
  function updateStatus() {
    var shown = visibleIds().length;
    var links = 0;
    VIS.edges.forEach(function (e) {
      if (!state.edgeHidden[e.id] && !state.hidden[e.from] && !state.hidden[e.to]) links += 1;
    });
    document.getElementById("kg-status").textContent =
      shown + " nœuds affichés, " + links + " liens · " + DATA.meta.knowledge + " entités en tout";
    document.body.dataset.nodesShown = String(shown);
    document.body.dataset.edgesShown = String(links);
    document.getElementById("kg-load-all").hidden = state.loaded.every(function (v, k) {
      return v || plumbing(k);
    });
  }

  function applyFilters() {
    var nodeChanges = [], edgeChanges = [];
    for (var k = 0; k < N; k++) {
      var h = nodeVisible(k) ? 0 : 1;
      if (h !== state.hidden[k]) { state.hidden[k] = h; nodeChanges.push({ id: k, hidden: !!h }); }
    }
    VIS.edges.forEach(function (e) {
      var h = state.predOn[DATA.edges[e.id].p] ? 0 : 1;
      if (h !== state.edgeHidden[e.id]) { state.edgeHidden[e.id] = h; edgeChanges.push({ id: e.id, hidden: !!h }); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    updateStatus();
  }

  /* Load the neighbours of node k (and, for provenance, what they hang on). */
  function expand(k) {
    state.loaded[k] = 1;
    adj[k].forEach(function (eid) { state.loaded[other(eid, k)] = 1; });
    if (state.provenance) loadProvenance();
    applyFilters();
  }
  function loadProvenance() {
    var todo = [];
    for (var k = 0; k < N; k++) if (state.loaded[k] && !plumbing(k)) todo.push(k);
    while (todo.length) {
      var cur = todo.pop();
      adj[cur].forEach(function (eid) {
        var m = other(eid, cur);
        if (!state.loaded[m] && plumbing(m) === "provenance") { state.loaded[m] = 1; todo.push(m); }
      });
    }
  }
  function loadAll() { state.loaded.fill(1); applyFilters(); }

  /* -- highlight a node and its neighbours -------------------------------------------------- */
  function clearHighlight() {
    if (!state.dimmed.length) return;
    nodes.update(state.dimmed.map(function (k) {
      return { id: k, color: VIS.nodes[k].color, font: { color: "#343434" } };
    }));
    state.dimmed = [];
  }
  function highlight(k) {
    clearHighlight();
    var near = {};
    near[k] = true;
    adj[k].forEach(function (eid) { near[other(eid, k)] = true; });
    var changes = [];
    for (var m = 0; m < N; m++) {
      if (!state.hidden[m] && !near[m]) changes.push({ id: m, color: "#e3e3e3", font: { color: "#b5b5b5" } });
    }
    nodes.update(changes);
    state.dimmed = changes.map(function (c) { return c.id; });
    network.selectNodes([k], true);
  }

  /* -- side panel --------------------------------------------------------------------------------- */
  var panel = document.getElementById("kg-panel");
  function clearPanel() { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function nodeButton(k) {
    var b = el("button", DATA.nodes[k].label, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { reveal(k); });
    return b;
  }
  /* a source row is an index into DATA.sources, whose indices point into DATA.texts, one
     per field of DATA.sourceFields (sentence s, document d, title t, rule r) */
  function sourceRow(ref) {
    if (typeof ref !== "number") return ref;
    var x = DATA.sources[ref], row = {};
    DATA.sourceFields.forEach(function (f, i) { row[f] = DATA.texts[x[i]]; });
    return row;
  }
  function sources(list, refs) {
    refs.forEach(function (ref) {
      var r = sourceRow(ref), li = el("li");
      if (r.more) {   /* the page carries the first sentences; the graph has them all */
        li.appendChild(el("p", "… et " + r.more + " autre" + (r.more > 1 ? "s" : "") +
                          " (toutes dans graph.trig ; kg query evidence)", "kg-hint"));
        list.appendChild(li);
        return;
      }
      li.appendChild(el("blockquote", r.s || "(phrase inconnue)"));
      var src = [r.d ? "document : " + r.d : "", r.t ? "« " + r.t + " »" : "", r.r ? "règle : " + r.r : ""];
      li.appendChild(el("p", src.filter(Boolean).join(" — "), "kg-source"));
      list.appendChild(li);
    });
    return list;
  }
  function section(title) { panel.appendChild(el("h3", title)); }

  function showNode(k) {
    var d = DATA.nodes[k];
    clearPanel();
    panel.appendChild(el("h2", d.label));
    panel.appendChild(el("p", GROUPS[d.group].label + " — " + d.types.join(", "), "kg-types"));
    var iri = el("p", "", "kg-iri");
    iri.appendChild(link(d.iri, d.href));
    panel.appendChild(iri);
    d.wikidata.forEach(function (w) {
      var p = el("p", "Wikidata : ");
      p.appendChild(link(w.replace(/^.*\//, ""), w));
      panel.appendChild(p);
    });
    if (d.props.length) {
      section("Propriétés");
      var dl = el("dl");
      d.props.forEach(function (r) {
        dl.appendChild(el("dt", r.p));
        var dd = el("dd");
        dd.appendChild(r.href ? link(r.v, r.href) : el("span", r.v));
        if (r.d) dd.appendChild(el("span", r.d, "kg-dt"));
        if (r.ev.length) sources(dd.appendChild(el("ul")), r.ev);
        dl.appendChild(dd);
      });
      panel.appendChild(dl);
    }
    if (d.mentions.length) {
      section("Lu dans");
      panel.appendChild(sources(el("ul", null, "kg-mentions"), d.mentions));
    }
    /* links to mentions and evidence are summed up in "Lu dans" and on each edge */
    var shown = adj[k].filter(function (eid) {
      return plumbing(k) === "provenance" || plumbing(other(eid, k)) !== "provenance";
    });
    var out = shown.filter(function (eid) { return VIS.edges[eid].from === k; });
    var inc = shown.filter(function (eid) { return VIS.edges[eid].from !== k; });
    [["Liens", out, "→ "], ["Liens entrants", inc, "← "]].forEach(function (group) {
      if (!group[1].length) return;
      section(group[0]);
      var ul = el("ul");
      group[1].forEach(function (eid) {
        var li = el("li", group[2] + VIS.edges[eid].label + " : ");
        li.appendChild(nodeButton(other(eid, k)));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    });
    if (adj[k].some(function (eid) { return !state.loaded[other(eid, k)]; })) {
      var b = el("button", "Afficher les voisins", "kg-expand");
      b.type = "button";
      b.addEventListener("click", function () { expand(k); showNode(k); });
      panel.appendChild(b);
    }
    panel.dataset.node = String(k);
  }

  function showEdge(j) {
    var e = VIS.edges[j], d = DATA.edges[j];
    clearPanel();
    panel.appendChild(el("h2", e.label));
    panel.appendChild(el("p", d.i, "kg-types"));
    var p = el("p");
    p.appendChild(nodeButton(e.from));
    p.appendChild(el("span", " → " + e.label + " → "));
    p.appendChild(nodeButton(e.to));
    panel.appendChild(p);
    section("Phrases qui appuient ce lien");
    if (d.ev.length) panel.appendChild(sources(el("ul", null, "kg-evidence"), d.ev));
    else panel.appendChild(el("p", "Aucune phrase enregistrée pour ce lien.", "kg-hint"));
    panel.dataset.edge = String(j);
  }

  /* -- search --------------------------------------------------------------------------------------- */
  var KEYS = DATA.nodes.map(function (d) {
    var names = [d.label];
    d.props.forEach(function (r) { if (r.i === "rdfs:label" || r.i === "skos:altLabel") names.push(r.v); });
    return fold(names.join("\u0001"));
  });
  function search(q) {
    var f = fold(q).trim();
    if (!f) return [];
    var hits = [];
    for (var k = 0; k < N; k++) {
      var kind = plumbing(k);
      if ((kind === "provenance" && !state.provenance) || (kind === "ontology" && !state.ontology)) continue;
      var at = KEYS[k].indexOf(f);
      if (at >= 0) hits.push([at === 0 ? 0 : 1, k]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, 15).map(function (h) { return h[1]; });
  }
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function showResults() {
    while (results.firstChild) results.removeChild(results.firstChild);
    var hits = search(input.value);
    hits.forEach(function (k) {
      var li = el("li");
      li.setAttribute("role", "option");
      var b = el("button", DATA.nodes[k].label + " ");
      b.type = "button";
      b.dataset.node = String(k);
      b.appendChild(el("span", GROUPS[DATA.nodes[k].group].label, "kg-kind"));
      b.addEventListener("click", function () { pick(k); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!hits.length && input.value.trim()) results.appendChild(el("li", "Aucun résultat", "kg-kind"));
    results.hidden = !input.value.trim();
  }
  function pick(k) { results.hidden = true; reveal(k); }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = search(input.value); if (hits.length) pick(hits[0]); }
    if (ev.key === "Escape") results.hidden = true;
  });

  /* Make node k visible, centre the view on it, highlight its neighbours, show its panel. */
  function reveal(k) {
    var d = DATA.nodes[k], kind = plumbing(k);
    if (!state.groupOn[d.group]) setGroup(d.group, true);
    if (kind === "provenance" && !state.provenance) setProvenance(true);
    if (kind === "ontology" && !state.ontology) setOntology(true);
    expand(k);
    state.focused = k;
    highlight(k);
    showNode(k);
    network.focus(k, { scale: Math.max(network.getScale(), 1.1),
                       animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }

  /* -- filters and legend ------------------------------------------------------------------------------ */
  var boxes = {};
  function checkbox(parent, label, color, shape, count, checked, onChange) {
    var lab = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    lab.appendChild(box);
    if (color) {
      var sw = el("span", null, "kg-swatch " + shape);
      sw.style.background = color;
      lab.appendChild(sw);
    }
    lab.appendChild(el("span", label));
    lab.appendChild(el("span", String(count), "kg-count"));
    parent.appendChild(lab);
    return box;
  }
  function setGroup(key, on) { state.groupOn[key] = on; boxes[key].checked = on; applyFilters(); }
  function setProvenance(on) {
    state.provenance = on;
    document.getElementById("kg-provenance").checked = on;
    if (on) loadProvenance();
    applyFilters();
  }
  function setOntology(on) {
    state.ontology = on;
    document.getElementById("kg-ontology").checked = on;
    if (on) for (var k = 0; k < N; k++) if (plumbing(k) === "ontology") state.loaded[k] = 1;
    applyFilters();
  }
  DATA.groups.forEach(function (g) {
    var parent = document.getElementById(g.plumbing === "provenance" ? "kg-plumbing-groups"
      : g.plumbing === "ontology" ? "kg-ontology-groups" : "kg-groups");
    boxes[g.key] = checkbox(parent, g.label, g.color, g.shape, g.count, true, function (on) {
      setGroup(g.key, on);
    });
    boxes[g.key].dataset.group = g.key;
  });
  Object.keys(PREDS).sort(function (a, b) { return PREDS[b].count - PREDS[a].count || (PREDS[a].label < PREDS[b].label ? -1 : 1); })
    .forEach(function (key) {
      var p = PREDS[key];
      var parent = document.getElementById(p.knowledge ? "kg-predicates" : "kg-plumbing-predicates");
      var box = checkbox(parent, p.label, null, "", p.count, true,
        function (on) { state.predOn[key] = on; applyFilters(); });
      box.dataset.predicate = p.curie;
      box.title = p.curie;
    });
  document.getElementById("kg-provenance").addEventListener("change", function (ev) { setProvenance(ev.target.checked); });
  if (DATA.meta.provenanceLeftOut) {   /* a large graph: its provenance nodes are not in the page */
    var note = document.getElementById("kg-provenance-note");
    note.textContent = DATA.meta.provenanceLeftOut.toLocaleString("fr-FR") +
      " nœuds de provenance laissés hors de la page (grand graphe) : le panneau montre toujours " +
      "les phrases et la règle de chaque fait ; kg query ou kg serve donnent le reste.";
    note.hidden = false;
    document.getElementById("kg-provenance").disabled = true;
  }
  document.getElementById("kg-ontology").addEventListener("change", function (ev) { setOntology(ev.target.checked); });

  /* -- physics: off at first (positions come from Python); stops once stabilised ------------------------- */
  var physicsButton = document.getElementById("kg-physics");
  function setPhysics(on) {
    state.physics = on;
    network.setOptions({ physics: { enabled: on } });
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
    physicsButton.textContent = on ? "Physique : en marche" : "Physique : arrêtée";
  }
  physicsButton.addEventListener("click", function () { setPhysics(!state.physics); });
  network.on("stabilized", function () { if (state.physics) setPhysics(false); });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: true }); });
  document.getElementById("kg-load-all").addEventListener("click", loadAll);

  network.on("click", function (params) {
    if (params.nodes.length) { state.focused = params.nodes[0]; highlight(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { clearHighlight(); showEdge(params.edges[0]); }
    else clearHighlight();
  });
  network.on("doubleClick", function (params) { if (params.nodes.length) expand(params.nodes[0]); });
  network.once("afterDrawing", function () { document.body.dataset.ready = "1"; });

  updateStatus();
  network.fit();

  window.kgViewer = {
    network: network, nodes: nodes, edges: edges, data: DATA,
    search: search, reveal: reveal, expand: expand, loadAll: loadAll,
    setGroup: setGroup, setProvenance: setProvenance, setOntology: setOntology, setPhysics: setPhysics,
    visibleIds: visibleIds, showEdge: showEdge, showNode: showNode,
    focused: function () { return state.focused; }
  };
})();
