/* The article reader: the fact named in the address (or clicked) is outlined in the text and the list. */
(function () {
  "use strict";
  function show(fact) {
    document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
    if (!fact) return;
    document.querySelectorAll(".hl[data-facts]").forEach((el) => {
      if (el.dataset.facts.split(" ").includes(fact)) el.classList.add("current");
    });
    const item = document.getElementById("fact-" + fact);
    if (item) item.classList.add("current");
  }
  function fromHash() {
    show(decodeURIComponent(location.hash.slice(1)));
  }
  document.querySelectorAll(".hl[data-facts]").forEach((el) => {
    el.addEventListener("click", () => {
      const fact = el.dataset.facts.split(" ")[0];
      show(fact);
      const item = document.getElementById("fact-" + fact);
      if (item) item.scrollIntoView({ block: "nearest" });
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
  window.claimgraphReader = { ready: true, show: show };
})();
