/* Knowledge-graph viewer: draws the network at the positions computed in Python,
   filters it (kind, relation, status, report, jurisdiction, neighbourhood), shows node
   and edge details in the side panel and finds nodes by name or variant.
   Document text only ever reaches the page through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = data.details;
  var panel = document.getElementById("kg-panel");
  var status = document.getElementById("kg-status");
  var allNodes = new vis.DataSet(data.nodes);
  var allEdges = new vis.DataSet(data.edges);
  var animate = data.nodes.length <= 1000 ? {duration: 400} : false;
  var state = {kinds: null, relations: null, statuses: null, reports: null, focus: null, around: null};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function checked(selector) {
    var set = new Set();
    document.querySelectorAll(selector).forEach(function (box) { if (box.checked) { set.add(box.value); } });
    return set;
  }

  function someIn(indices, allowed) {
    return allowed === null || indices.some(function (i) { return allowed.has(i); });
  }

  // Filters ---------------------------------------------------------------

  function nodePasses(id) {
    var d = details[id];
    return state.kinds.has(d.kind) && someIn(d["in"], state.reports) &&
      (state.around === null || state.around.has(id));
  }

  function edgeOwnPasses(edge) {
    var d = details[edge.id];
    var statusOk = d.status === "" || d.status.split(", ").some(function (s) { return state.statuses.has(s); });
    return state.relations.has(d.relation) && statusOk && (d["in"].length === 0 || someIn(d["in"], state.reports));
  }

  function edgePasses(edge) {
    return edgeOwnPasses(edge) && nodePasses(edge.from) && nodePasses(edge.to);
  }

  function allowedReports() {
    var report = document.getElementById("kg-report").value;
    var place = document.getElementById("kg-jurisdiction").value;
    if (report !== "") { return new Set([Number(report)]); }
    if (place === "") { return null; }
    var set = new Set();
    data.reports.forEach(function (r, i) { if (r.jurisdiction === place) { set.add(i); } });
    return set;
  }

  function neighbourhood(id) {
    var around = new Set([id]);
    allEdges.forEach(function (edge) {
      if ((edge.from === id || edge.to === id) && edgeOwnPasses(edge)) { around.add(edge.from); around.add(edge.to); }
    });
    return around;
  }

  function readFilters() {
    state.kinds = checked(".kg-kind");
    state.relations = checked(".kg-relation");
    state.statuses = checked(".kg-status");
    state.reports = allowedReports();
    state.around = state.focus === null ? null : neighbourhood(state.focus);
  }

  function showCounts() {
    status.textContent = nodes.length + " nodes · " + edges.length + " edges";
  }

  function showState() {
    document.getElementById("kg-focus-bar").hidden = state.focus === null;
    document.getElementById("kg-focus-name").textContent = state.focus === null ? "" : details[state.focus].name;
    showCounts();
  }

  function apply() {
    readFilters();
    batch(function () { edges.refresh(); nodes.refresh(); });
    showState();
  }

  // Runs ``change`` with one redraw at the end (vis-network 9.1 redraws on each data change otherwise).
  function batch(change) {
    network.body.emitter.emit("_blockRedraw");
    try { change(); } finally { network.body.emitter.emit("_allowRedraw"); }
    network.redraw();
  }

  function setFocus(id) {
    state.focus = id;
    apply();
    if (id !== null) { network.fit({nodes: nodes.getIds(), animation: animate}); }
  }

  function setChecks(selector, values, fallback) {
    document.querySelectorAll(selector).forEach(function (box) {
      box.checked = values.length ? values.indexOf(box.value) !== -1 : fallback(box.value);
    });
  }

  function resetFilters(initial) {
    var f = initial || {kinds: [], relations: [], statuses: [], report: "", jurisdiction: ""};
    setChecks(".kg-kind", f.kinds, function () { return true; });
    setChecks(".kg-relation", f.relations, function (v) { return v !== "mentions"; });
    setChecks(".kg-status", f.statuses, function () { return true; });
    var report = data.reports.findIndex(function (r) { return r.id === f.report || r.iri === f.report; });
    document.getElementById("kg-report").value = report === -1 ? "" : String(report);
    document.getElementById("kg-jurisdiction").value = f.jurisdiction;
    state.focus = null;
  }

  // Details panel ---------------------------------------------------------

  function list(title, items) {
    if (!items.length) { return; }
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", item)); });
    panel.appendChild(el("h3", title + " (" + items.length + ")"));
    panel.appendChild(ul);
  }

  function button(text, id, action) {
    var b = el("button", text);
    b.type = "button";
    b.id = id;
    b.addEventListener("click", action);
    return b;
  }

  function showNode(id) {
    var d = details[id];
    panel.replaceChildren(el("h2", d.name), el("p", [d.kind, d.jurisdiction].filter(Boolean).join(" · "), "meta"));
    var actions = el("p", undefined, "actions");
    actions.appendChild(button("show neighbourhood", "kg-focus", function () { setFocus(id); }));
    panel.appendChild(actions);
    list("variants", d.variants);
    list("reports", d.reports);
    panel.appendChild(el("p", d.iri, "meta"));
  }

  function marked(ev) {
    var spans = (ev.trigger ? [[ev.trigger[0], ev.trigger[1], "trigger"]] : [])
      .concat(ev.arguments.map(function (a) { return [a[0], a[1], "arg"]; }))
      .sort(function (a, b) { return a[0] - b[0]; });
    var p = el("p");
    var at = 0;
    spans.forEach(function (span) {
      p.appendChild(document.createTextNode(ev.text.slice(at, span[0])));
      p.appendChild(el("mark", ev.text.slice(span[0], span[1]), span[2]));
      at = span[1];
    });
    p.appendChild(document.createTextNode(ev.text.slice(at)));
    return p;
  }

  function showEdge(id) {
    var d = details[id];
    var edge = allEdges.get(id);
    panel.replaceChildren(el("h2", d.relation),
      el("p", details[edge.from].name + " → " + details[edge.to].name),
      el("p", d.status, "meta"),
      el("h3", "evidence (" + d.evidence.length + ")"));
    d.evidence.forEach(function (ev) {
      var box = el("div", undefined, "evidence");
      box.appendChild(marked(ev));
      box.appendChild(el("p", [ev.report, ev.section, ev.status].filter(Boolean).join(" · "), "meta"));
      panel.appendChild(box);
    });
  }

  // Search ----------------------------------------------------------------

  var names = [];
  var datalist = document.getElementById("kg-names");
  data.nodes.forEach(function (node) {
    [details[node.id].name].concat(details[node.id].variants).forEach(function (name) {
      names.push({key: name.toLowerCase(), id: node.id});
      var option = el("option");
      option.value = name;
      datalist.appendChild(option);
    });
  });

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var hit = names.find(function (n) { return n.key === q; }) ||
      names.find(function (n) { return n.key.indexOf(q) !== -1; });
    return hit ? hit.id : null;
  }

  function select(id) {
    if (nodes.get(id) === null) { resetFilters(); apply(); }
    batch(function () {
      network.selectNodes([id]);
      network.focus(id, {scale: 1.2, animation: animate});
    });
    showNode(id);
  }

  var searched = null;

  function search(query) {
    if (query === searched) { return; }
    searched = query;
    var id = find(query);
    if (id === null) { status.textContent = "not found: " + query; return; }
    select(id);
  }

  // Wiring ----------------------------------------------------------------

  resetFilters(data.filters);
  state.focus = data.filters.focus ? find(data.filters.focus) : null;
  readFilters();
  var nodes = new vis.DataView(allNodes, {filter: function (node) { return nodePasses(node.id); }});
  var edges = new vis.DataView(allEdges, {filter: edgePasses});
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, data.options);
  showState();

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { setFocus(p.nodes[0]); } });
  var box = document.getElementById("kg-search");
  box.addEventListener("change", function () { search(box.value); });
  box.addEventListener("input", function () { searched = null; });
  box.addEventListener("keydown", function (e) { if (e.key === "Enter") { searched = null; search(box.value); } });
  document.querySelectorAll("#kg-filters select, #kg-filters input, #kg-legend input").forEach(function (input) {
    input.addEventListener("change", apply);
  });
  document.getElementById("kg-unfocus").addEventListener("click", function () { setFocus(null); network.fit(); });
  document.getElementById("kg-reset").addEventListener("click", function () { resetFilters(); apply(); network.fit(); });

  window.kgViewer = {
    ready: false, network: network, nodes: nodes, edges: edges, find: find, select: select, focus: setFocus, apply: apply,
    details: function (id) { return details[id]; },
  };
  network.once("afterDrawing", function () {
    window.kgViewer.readyAt = performance.now();
    window.kgViewer.ready = true;
  });
}());
