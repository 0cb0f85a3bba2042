/* Trust center behaviour on top of Material: search results stay in the reader's language.
   Material's search index holds every language; results for pages of another language are hidden,
   so a reader of /sv/ sees Swedish pages only. Served by the site itself; no third-party code. */
(function () {
  "use strict";

  // The language root of the current page (e.g. "/sv/" or "/"), found from its hreflang alternates:
  // the alternate of our own language shares our path's language prefix.
  function languageRoots() {
    var roots = {};
    document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (link) {
      roots[link.getAttribute("hreflang")] = new URL(link.getAttribute("href"), document.baseURI).pathname;
    });
    return roots;
  }

  function prefixOf(path, roots) {
    // The longest alternate-language prefix the path starts with (alternates of the same page differ only there).
    var best = "";
    Object.keys(roots).forEach(function (lang) {
      var first = roots[lang].split("/").filter(Boolean)[0];
      if (first && path.indexOf("/" + first + "/") === 0 && first.length > best.length && first === lang) {
        best = first;
      }
    });
    return best;
  }

  function currentLanguage(roots) {
    return prefixOf(window.location.pathname, roots);
  }

  function filterResults(list, roots, lang) {
    list.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var link = item.querySelector("a[href]");
      if (!link) return;
      var path = new URL(link.getAttribute("href"), document.baseURI).pathname;
      item.hidden = prefixOf(path, roots) !== lang;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    var roots = languageRoots();
    var lang = currentLanguage(roots);
    new MutationObserver(function () { filterResults(list, roots, lang); })
      .observe(list, { childList: true, subtree: true });
  });
})();
