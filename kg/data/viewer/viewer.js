/* Knowledge-graph viewer: draws the network, freezes it after stabilisation,
   shows node and edge details in the side panel and finds nodes by name.
   Document text only ever reaches the page through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("kg-network"),
    {nodes: nodes, edges: edges}, data.options);
  var panel = document.getElementById("kg-panel");
  var status = document.getElementById("kg-status");

  network.on("stabilizationProgress", function (p) {
    status.textContent = "layout " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    status.textContent = "";
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function list(title, items) {
    if (!items.length) { return; }
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", item)); });
    panel.appendChild(el("h3", title + " (" + items.length + ")"));
    panel.appendChild(ul);
  }

  function nodeName(id) { return data.details[id].name; }

  function showNode(id) {
    var d = data.details[id];
    panel.replaceChildren(el("h2", d.name), el("p", d.kind, "meta"));
    list("variants", d.variants);
    list("reports", d.reports);
    panel.appendChild(el("p", d.iri, "meta"));
  }

  function sentence(ev) {
    var p = el("p");
    if (ev.trigger) {
      p.appendChild(document.createTextNode(ev.text.slice(0, ev.trigger[0])));
      p.appendChild(el("mark", ev.text.slice(ev.trigger[0], ev.trigger[1])));
      p.appendChild(document.createTextNode(ev.text.slice(ev.trigger[1])));
    } else {
      p.textContent = ev.text;
    }
    return p;
  }

  function showEdge(id) {
    var d = data.details[id];
    var edge = edges.get(id);
    panel.replaceChildren(el("h2", d.relation),
      el("p", nodeName(edge.from) + " → " + nodeName(edge.to)),
      el("p", d.status, "meta"),
      el("h3", "evidence (" + d.evidence.length + ")"));
    d.evidence.forEach(function (ev) {
      var box = el("div", undefined, "evidence");
      box.appendChild(sentence(ev));
      box.appendChild(el("p", [ev.report, ev.section, ev.status].filter(Boolean).join(" · "), "meta"));
      panel.appendChild(box);
    });
  }

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  var names = [];
  var datalist = document.getElementById("kg-names");
  data.nodes.forEach(function (node) {
    var d = data.details[node.id];
    [d.name].concat(d.variants).forEach(function (name) {
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

  function focus(query) {
    var id = find(query);
    status.textContent = id === null ? "not found" : "";
    if (id === null) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: true});
    showNode(id);
  }

  var search = document.getElementById("kg-search");
  search.addEventListener("change", function () { focus(search.value); });

  var mentions = edges.getIds({filter: function (e) { return data.details[e.id].relation === "mentions"; }});
  document.getElementById("kg-mentions").addEventListener("change", function (e) {
    var hidden = !e.target.checked;
    edges.update(mentions.map(function (id) { return {id: id, hidden: hidden}; }));
  });
}());
