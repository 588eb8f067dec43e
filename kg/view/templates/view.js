/* Claimgraph graph page: draws the server's selection with vis-network.
 *
 * Every piece of article text reaches the page as JSON data and is inserted with textContent
 * (or drawn on the canvas), never parsed as HTML. window.claimgraph exposes what was drawn so
 * that tests (and curious users) can compare it with the server's selection.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("cg-data").textContent);
  const details = data.details;
  // Plain DataSets: a vis.DataView re-runs its filter on every internal pass over the edges,
  // which makes a 2,000-node page take seconds to build; filters set `hidden` instead.
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const state = { relations: new Set(data.meta.relations), article: "" };
  const container = document.getElementById("cg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  const page = {
    network: network,
    ready: false,
    stabilized: false,
    nodes: 0,
    edges: 0,
    selected: null,
    show: showDetail,
  };
  window.claimgraph = page;

  const counts = document.getElementById("cg-counts");
  function countDrawn() {
    const body = network.body;
    page.nodes = body.nodeIndices.filter((id) => !body.nodes[id].options.hidden).length;
    page.edges = body.edgeIndices.filter((id) => body.edges[id].connected && !body.edges[id].options.hidden).length;
    const what = data.meta.mode === "overview" ? " actors, " : " nodes, ";
    counts.textContent = page.nodes + what + page.edges + (page.edges === 1 ? " edge" : " edges") + " drawn.";
  }

  function visibleIds() {
    return nodes.getIds({ filter: (node) => !node.hidden });
  }

  // --- fit and PNG ------------------------------------------------------------------------
  function fit() {
    const ids = visibleIds();
    network.fit({ nodes: ids.length ? ids : undefined, animation: false });
  }
  page.fit = fit;
  document.getElementById("cg-fit").addEventListener("click", fit);

  // The drawing as a PNG data URL, on a white ground (the canvas itself is transparent).
  page.png = function () {
    const canvas = container.querySelector("canvas");
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    return copy.toDataURL("image/png");
  };
  document.getElementById("cg-png").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = page.png();
    link.download = "claimgraph.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // --- layout: a bounded stabilisation run, then physics off so a big graph stays still ---------
  const status = document.getElementById("cg-status");
  const physics = document.getElementById("cg-physics");
  network.on("stabilizationProgress", (p) => {
    status.textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: { enabled: false } });
    physics.checked = false;
    fit(); // a focused or small selection fills the window instead of a corner of it
    page.stabilized = true;
    status.textContent = "";
  });
  network.on("afterDrawing", () => {
    if (!page.ready) {
      countDrawn();
      page.ready = true;
    }
  });
  physics.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physics.checked } });
  });

  // --- filters: relation checkboxes and article menu, applied in the page ---------------------
  function edgeKept(edge) {
    const inArticle =
      !state.article || edge.article === state.article || (edge.articles || []).includes(state.article);
    return state.relations.has(edge.factRelation) && inArticle;
  }

  function applyFilters() {
    const everything = state.relations.size === data.meta.relations.length && !state.article;
    const kept = new Set();
    const edgeChanges = [];
    edges.forEach((edge) => {
      const keep = everything || edgeKept(edge);
      if (keep) {
        kept.add(edge.from);
        kept.add(edge.to);
      }
      if (Boolean(edge.hidden) === keep) edgeChanges.push({ id: edge.id, hidden: !keep });
    });
    const nodeChanges = [];
    nodes.forEach((node) => {
      const keep = everything || kept.has(node.id);
      if (Boolean(node.hidden) === keep) nodeChanges.push({ id: node.id, hidden: !keep });
    });
    edges.update(edgeChanges);
    nodes.update(nodeChanges);
    countDrawn();
    fit(); // what the filters keep, filling the window
  }
  document.querySelectorAll("#cg-relations input").forEach((box) => {
    box.addEventListener("change", () => {
      if (box.checked) state.relations.add(box.value);
      else state.relations.delete(box.value);
      applyFilters();
    });
  });
  document.getElementById("cg-article").addEventListener("change", (event) => {
    state.article = event.target.value;
    applyFilters();
  });

  // --- search -----------------------------------------------------------------------------
  const search = document.getElementById("cg-search");
  const found = document.getElementById("cg-search-result");
  function runSearch() {
    const q = search.value.trim().toLowerCase();
    if (!q) {
      found.textContent = "";
      network.unselectAll();
      return;
    }
    const ids = nodes.getIds({
      filter: (node) => !node.hidden && String(node.title || "").toLowerCase().includes(q),
    });
    found.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], { scale: 1.1, animation: false });
      showDetail(ids[0]);
    }
  }
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      runSearch();
    }
  });
  search.addEventListener("search", runSearch);

  // --- detail panel: built from text nodes only -------------------------------------------
  const panel = document.getElementById("cg-detail");

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function fields(rows) {
    const dl = el("dl");
    for (const [name, value] of rows) {
      if (value === undefined || value === null || value === "") continue;
      dl.appendChild(el("dt", name));
      const dd = el("dd");
      if (value instanceof Node) dd.appendChild(value);
      else dd.textContent = String(value);
      dl.appendChild(dd);
    }
    return dl;
  }

  function list(items) {
    if (!items || !items.length) return null;
    const ul = el("ul");
    items.forEach((item) => ul.appendChild(el("li", item)));
    return ul;
  }

  function nodeButton(text, id) {
    if (!nodes.get(id)) return text;
    const button = el("button", text, "cg-linkish");
    button.type = "button";
    button.addEventListener("click", () => {
      network.selectNodes([id]);
      network.focus(id, { animation: false });
      showDetail(id);
    });
    return button;
  }

  // A fact's evidence sentence and its link into the article reader, under its fields.
function appendEvidence(panel, d) {
  if (d.sentence) {
    panel.appendChild(el("h2", "Evidence"));
    panel.appendChild(el("blockquote", d.sentence, "cg-evidence"));
  }
  if (d.reader) panel.appendChild(readerLink(d));
}

function readerLink(d) {
    if (!d.reader) return null;
    const link = el("a", "read it in the article", "cg-reader-link");
    link.href = d.reader; // built by the server from a relative base and quoted ids
    return link;
  }

  function showDetail(id) {
    const d = details[id];
    if (!d) return;
    page.selected = id;
    panel.replaceChildren();
    const dated = (date) => date || "undated";
    if (d.kind === "claim") {
      panel.appendChild(el("h2", "Claim"));
      panel.appendChild(el("blockquote", d.text, "cg-claim-text"));
      panel.appendChild(
        fields([
          ["speaker", nodeButton(d.speaker, d.speakerNode)],
          ["cue", d.cue],
          ["quote", d.direct ? "direct" : "reported"],
          ["article", d.article],
          ["date", dated(d.date)],
        ])
      );
      appendEvidence(panel, d);
    } else if (d.kind === "outcome") {
      panel.appendChild(el("h2", "Outcome (" + d.status + ")"));
      panel.appendChild(el("blockquote", d.text, "cg-outcome-text"));
      panel.appendChild(
        fields([
          ["parties", d.parties.join(", ")],
          ["reported by", d.attributedTo],
          ["article", d.article],
          ["date", dated(d.date)],
        ])
      );
      appendEvidence(panel, d);
    } else if (d.kind === "unnamed") {
      // a source the article describes but does not name: no actor to centre on or to look up
      panel.appendChild(el("h2", d.label + " (unnamed)"));
      panel.appendChild(
        fields([
          ["type", d.type],
          ["claims", d.claims],
          ["agreements", d.agreements],
        ])
      );
    } else if (d.kind === "actor") {
      panel.appendChild(el("h2", d.label));
      panel.appendChild(
        fields([
          ["type", d.type],
          ["id", d.id],
          ["aliases", list(d.aliases)],
          ["roles", list(d.roles)],
          ["claims", d.claims],
          ["agreements", d.agreements],
        ])
      );
      const form = document.getElementById("cg-form");
      if (form) {
        // Served: redraw the graph around this actor (the form's own address, this actor as focus).
        const focus = el("a", "centre the graph on " + d.label, "cg-reader-link");
        focus.href = form.getAttribute("action") + "?" + new URLSearchParams({ focus: d.id, depth: "2" }).toString();
        panel.appendChild(focus);
      }
      if (d.link) {
        const json = el("a", "profile as JSON", "cg-reader-link cg-muted");
        json.href = d.link; // built by the server from a relative base and a quoted id
        panel.appendChild(el("br"));
        panel.appendChild(json);
      }
    } else {
      panel.appendChild(el("h2", "Article"));
      panel.appendChild(fields([["title", d.title], ["date", dated(d.date)], ["id", d.id]]));
      if (d.reader) panel.appendChild(readerLink(d));
    }
  }

  network.on("click", (params) => {
    if (!params.nodes.length) return;
    showDetail(params.nodes[0]);
    if (data.meta.mode === "overview") expand(params.nodes[0]);
  });

  // --- overview: a clicked actor's claims and agreements, fetched from the server ------------
  const expanded = new Set();
  function expand(id) {
    const d = details[id];
    if (!d || d.kind !== "actor" || !data.meta.dataUrl || expanded.has(id)) return Promise.resolve(0);
    expanded.add(id);
    const f = data.meta.filters;
    const query = new URLSearchParams({ focus: d.id, depth: "1", limit: "300", mode: "facts" });
    if (f.since) query.set("since", f.since);
    if (f.until) query.set("until", f.until);
    status.textContent = "fetching " + d.label + "…";
    return fetch(data.meta.dataUrl + "?" + query.toString())
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
      .then((more) => {
        const fresh = more.nodes.filter((node) => !nodes.get(node.id) && more.details[node.id]);
        const anchor = network.getPositions([id])[id] || { x: 0, y: 0 };
        fresh.forEach((node, k) => {
          const angle = (2 * Math.PI * k) / Math.max(1, fresh.length);
          node.x = anchor.x + 220 * Math.cos(angle);
          node.y = anchor.y + 220 * Math.sin(angle);
          details[node.id] = more.details[node.id];
        });
        nodes.add(fresh);
        edges.add(
          more.edges
            .filter((edge) => nodes.get(edge.from) && nodes.get(edge.to))
            .map((edge) => Object.assign({}, edge, { id: "x-" + id + "-" + edge.id }))
        );
        countDrawn();
        status.textContent = "";
        page.expandedNodes = (page.expandedNodes || 0) + fresh.length;
        return fresh.length;
      })
      .catch((error) => {
        expanded.delete(id);
        status.textContent = "could not fetch " + d.label + " (" + error.message + ")";
        return 0;
      });
  }
  page.expand = expand;

  // --- legend -----------------------------------------------------------------------------
  const legend = document.getElementById("cg-legend");
  for (const item of data.meta.legend) {
    const li = el("li");
    const swatch = el("span", null, "cg-swatch cg-shape-" + item.shape);
    swatch.style.backgroundColor = item.colour; // CSSOM, allowed by the page's style-src 'self'
    li.appendChild(swatch);
    li.appendChild(el("span", item.label));
    legend.appendChild(li);
  }
})();
