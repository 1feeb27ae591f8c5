"""The stylesheet and the plain JavaScript of the HTML page (no library, no network)."""

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #111827; background: #f9fafb; display: flex; flex-direction: column; height: 100vh; }
header { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; padding: 8px 14px;
  background: #fff; border-bottom: 1px solid #e5e7eb; }
h1 { font-size: 16px; margin: 0 8px 0 0; }
#search { width: 240px; padding: 4px 8px; border: 1px solid #d1d5db; border-radius: 4px; }
#search-count { color: #6b7280; min-width: 70px; }
.chip { padding: 1px 6px; border-radius: 10px; border: 1px solid #d1d5db; white-space: nowrap; }
.chip.role-command { background: #dbeafe; } .chip.role-event { background: #ffedd5; }
.chip.role-query { background: #dcfce7; } .chip.role-channel { background: #f3e8ff; }
.chip.role-unknown { background: #fee2e2; }
main { flex: 1; display: flex; min-height: 0; }
#canvas { flex: 1; overflow: auto; background: #fff; }
#details { width: 340px; overflow: auto; padding: 10px 14px; border-left: 1px solid #e5e7eb; }
#details h2 { font-size: 15px; margin: 4px 0; word-break: break-all; }
#details h3 { font-size: 13px; margin: 12px 0 4px; }
#details ul { margin: 0; padding-left: 18px; } #details li { margin: 2px 0; }
#details code { font-size: 12px; word-break: break-all; }
.hint { color: #6b7280; }
svg text { font: 11px system-ui, Helvetica, Arial, sans-serif; text-anchor: middle; pointer-events: none; }
svg text.name { font-weight: 600; } svg text.sub { font-size: 9px; fill: #4b5563; }
.edge { fill: none; stroke-width: 1.3; opacity: .75; }
.node { cursor: pointer; }
.node.match .shape { stroke-width: 3.5; stroke: #facc15; }
.faded { opacity: .15; }
.hidden { display: none; }
.node.selected .shape { stroke-width: 3.5; }
.edge.lit { stroke-width: 2.6; opacity: 1; }
#canvas.fit svg { width: 100%; height: auto; }
#fit { padding: 2px 8px; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("buslint-data").textContent);
  var nodes = Array.prototype.slice.call(document.querySelectorAll("g.node"));
  var edges = Array.prototype.slice.call(document.querySelectorAll("path.edge"));
  var search = document.getElementById("search");
  var count = document.getElementById("search-count");
  var context = document.getElementById("context");
  var details = document.getElementById("details");
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll(".kind-filter"));
  var PRODUCE = { sends: 1, emits: 1 };
  var CONSUME = { handles: 1, subscribes: 1 };

  function neighbours(id) {
    var found = {};
    data.edges.forEach(function (e) {
      if (e.source === id) { found[e.target] = 1; }
      if (e.target === id) { found[e.source] = 1; }
    });
    return found;
  }

  function applyFilters() {
    var kinds = {};
    kindBoxes.forEach(function (box) { kinds[box.value] = box.checked; });
    var ctx = context.value;
    var shown = {};
    Object.keys(data.nodes).forEach(function (id) {
      var node = data.nodes[id];
      shown[id] = kinds[node.role] !== false && (!ctx || node.context === ctx);
    });
    if (ctx) {
      data.edges.forEach(function (e) {
        var a = data.nodes[e.source], b = data.nodes[e.target];
        if (a.context === ctx && kinds[b.role] !== false) { shown[e.target] = true; }
        if (b.context === ctx && kinds[a.role] !== false) { shown[e.source] = true; }
      });
    }
    nodes.forEach(function (g) { g.classList.toggle("hidden", !shown[g.dataset.id]); });
    edges.forEach(function (p) {
      p.classList.toggle("hidden", !(shown[p.dataset.source] && shown[p.dataset.target]));
    });
  }

  function applySearch() {
    var query = search.value.trim().toLowerCase();
    var hits = 0;
    nodes.forEach(function (g) {
      var node = data.nodes[g.dataset.id];
      var text = (node.name + " " + node.qualname).toLowerCase();
      var hit = query !== "" && text.indexOf(query) >= 0;
      if (hit) { hits += 1; }
      g.classList.toggle("match", hit);
      g.classList.toggle("faded", query !== "" && !hit);
    });
    edges.forEach(function (p) { p.classList.toggle("faded", query !== ""); });
    count.textContent = query === "" ? "" : hits + (hits === 1 ? " match" : " matches");
    var first = document.querySelector("g.node.match");
    if (first && first.scrollIntoView) { first.scrollIntoView({ block: "center", inline: "center" }); }
  }

  function element(tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (cls) { el.className = cls; }
    return el;
  }

  function siteLink(site) {
    var a = element("a", site.path + ":" + site.line);
    a.href = site.href;
    return a;
  }

  function section(title, items) {
    if (!items.length) { return; }
    details.appendChild(element("h3", title));
    var list = element("ul");
    items.forEach(function (item) {
      var li = element("li");
      li.appendChild(element("code", item.name));
      li.appendChild(document.createTextNode(" " + item.relation + " "));
      item.edge.sites.forEach(function (site, i) {
        if (i) { li.appendChild(document.createTextNode(", ")); }
        li.appendChild(siteLink(site));
        li.appendChild(document.createTextNode(" (" + site.via + ")"));
      });
      list.appendChild(li);
    });
    details.appendChild(list);
  }

  function select(id) {
    var node = data.nodes[id];
    var near = neighbours(id);
    nodes.forEach(function (g) {
      var mine = g.dataset.id === id;
      g.classList.toggle("selected", mine);
      g.classList.toggle("faded", !mine && !near[g.dataset.id]);
    });
    edges.forEach(function (p) {
      var lit = p.dataset.source === id || p.dataset.target === id;
      p.classList.toggle("lit", lit);
      p.classList.toggle("faded", !lit);
    });
    details.textContent = "";
    details.appendChild(element("h2", node.name));
    details.appendChild(element("code", node.qualname));
    var kind = node.kind && node.kind !== node.role ? " (" + node.kind + ")" : "";
    var facts = element("p", node.role + kind + " in " + node.context + " ");
    if (node.site) {
      facts.appendChild(document.createTextNode("defined at "));
      facts.appendChild(siteLink(node.site));
    }
    details.appendChild(facts);
    var producers = [], consumers = [], produces = [], consumes = [], other = [];
    data.edges.forEach(function (e) {
      if (e.target === id) {
        var item = { name: data.nodes[e.source].qualname, relation: e.relation, edge: e };
        (PRODUCE[e.relation] ? producers : CONSUME[e.relation] ? consumes : other).push(item);
      }
      if (e.source === id) {
        var out = { name: data.nodes[e.target].qualname, relation: e.relation, edge: e };
        (CONSUME[e.relation] ? consumers : PRODUCE[e.relation] ? produces : other).push(out);
      }
    });
    section("Producers", producers);
    section("Consumers", consumers);
    section("Sends and emits", produces);
    section("Handles", consumes);
    section("Other links", other);
    if (node.evidence && node.evidence.length) {
      details.appendChild(element("h3", "Evidence for its kind"));
      var list = element("ul");
      node.evidence.forEach(function (text) { list.appendChild(element("li", text)); });
      details.appendChild(list);
    }
  }

  function clear() {
    nodes.forEach(function (g) { g.classList.remove("selected", "faded"); });
    edges.forEach(function (p) { p.classList.remove("lit", "faded"); });
    applySearch();
  }

  nodes.forEach(function (g) {
    g.addEventListener("click", function (event) { event.stopPropagation(); select(g.dataset.id); });
    g.addEventListener("keydown", function (event) { if (event.key === "Enter") { select(g.dataset.id); } });
  });
  document.getElementById("graph").addEventListener("click", clear);
  search.addEventListener("input", applySearch);
  context.addEventListener("change", applyFilters);
  kindBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  document.getElementById("fit").addEventListener("click", function () {
    document.getElementById("canvas").classList.toggle("fit");
  });
})();
"""
