// Shows Pagefind's search box when the site has a search index (pagefind/, made by
// `dossier build`). The pages never need this script: without it, or without an
// index, they work the same, minus search. Paths are worked out from this file's
// own address, so search works at a domain's root, under a sub-path and from disk.
(function () {
  var box = document.getElementById("search");
  var self = document.currentScript;
  if (!box || !self) return;
  var root = new URL("..", self.src);
  var bundle = new URL("pagefind/", root);
  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onload = function () {
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("pagefind-ui.css", bundle).href;
    document.head.appendChild(style);
    new PagefindUI({ element: "#search", bundlePath: bundle.pathname, baseUrl: root.pathname, showImages: false, resetStyles: false });
  };
  script.onerror = function () { box.hidden = true; };
  document.head.appendChild(script);
})();
