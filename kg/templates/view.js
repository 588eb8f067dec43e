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

  function countDrawn() {
    const body = network.body;
    page.nodes = body.nodeIndices.filter((id) => !body.nodes[id].options.hidden).length;
    page.edges = body.edgeIndices.filter((id) => body.edges[id].connected && !body.edges[id].options.hidden).length;
  }

  // --- layout: a bounded stabilisation run, then physics off so a big graph stays still ---------
  const status = document.getElementById("cg-status");
  const physics = document.getElementById("cg-physics");
  network.on("stabilizationProgress", (p) => {
    status.textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: { enabled: false } });
    physics.checked = false;
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
    return state.relations.has(edge.factRelation) && (!state.article || edge.article === state.article);
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
      if (d.sentence) {
        panel.appendChild(el("h2", "Evidence"));
        panel.appendChild(el("blockquote", d.sentence, "cg-evidence"));
      }
      if (d.reader) panel.appendChild(readerLink(d));
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
      if (d.sentence) {
        panel.appendChild(el("h2", "Evidence"));
        panel.appendChild(el("blockquote", d.sentence, "cg-evidence"));
      }
      if (d.reader) panel.appendChild(readerLink(d));
    } else if (d.kind === "actor") {
      panel.appendChild(el("h2", d.label));
      let link = null;
      if (d.link) {
        link = el("a", d.id);
        link.href = d.link; // built by the server from a relative base and a quoted id
      }
      panel.appendChild(
        fields([
          ["type", d.type],
          ["id", link || d.id],
          ["aliases", list(d.aliases)],
          ["roles", list(d.roles)],
          ["claims", d.claims],
          ["agreements", d.agreements],
        ])
      );
    } else {
      panel.appendChild(el("h2", "Article"));
      panel.appendChild(fields([["title", d.title], ["date", dated(d.date)], ["id", d.id]]));
      if (d.reader) panel.appendChild(readerLink(d));
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) showDetail(params.nodes[0]);
  });

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
