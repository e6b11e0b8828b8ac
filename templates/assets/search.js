// The search box. `dossier build` writes the site's search index under search/ (see
// Sources/DossierCore/Search/SearchIndex.swift for its format); this script asks for
// search/meta.json once and, when the index is there, fills <div id="search"> with a
// search field and a result list. Without the index (a site built with --no-search) or
// without JavaScript the box stays empty, hidden by the stylesheet, and the pages work
// the same. Paths are worked out from this file's own address, so search works at a
// domain's root, under a sub-path, and from disk where the browser lets pages fetch files.
//
// A query is cut into terms exactly as the build cuts pages (SearchTerms.swift): letters
// and digits, lowercased, Latin and Greek diacritics removed, 2 to 30 characters. Every
// term must match (the last one as a prefix while it is being typed); results are ranked
// by BM25 (the index holds each term's weight in each page's text, and whether it is in the
// page's title, which counts as much again) and only the document chunks of the 20 best
// are fetched. Text from the index is only ever set with textContent.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var self = document.currentScript;
  if (!box || !self || !self.src || !window.fetch || !window.URL || !Array.from || !String.prototype.normalize) return;

  var root = new URL("..", self.src);
  var base = new URL("search/", root);
  var LIMIT = 20;
  var EXACT = 1, PREFIX = 0.75;  // a prefix match ("russia" for "russ") scores a little less
  var MAX_EXPANSIONS = 300;
  var KINDS = { briefing: "Briefing", source: "Source", actor: "Actor", actors: "Actor index",
                compare: "Comparisons", timeline: "Timeline" };

  // ---- Terms: the same rule as SearchTerms.swift -------------------------------------
  var EXTRA = { "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
                "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
                "ı": "i", "ς": "σ" };
  var WORD = /[\p{L}\p{N}]/u, MARK = /\p{M}/u, DIACRITICS = /[\u0300-\u036f]/g;
  var lower = function (c) { return c.toLowerCase(); };

  // What one character becomes inside a term: text, "" (dropped) or null (separator).
  function foldCharacter(c) {
    var code = c.codePointAt(0);
    if (code < 0x80) return /[A-Za-z0-9]/.test(c) ? c.toLowerCase() : null;
    if (code >= 0x300 && code <= 0x36f) return "";
    if (MARK.test(c)) return c;
    if (!WORD.test(c)) return null;
    if (Object.prototype.hasOwnProperty.call(EXTRA, c)) return EXTRA[c];
    if (code < 0x250 || (code >= 0x370 && code < 0x400) || (code >= 0x1e00 && code < 0x2000)) {
      c = c.normalize("NFD").replace(DIACRITICS, "");
    }
    return Array.from(c, lower).join("");
  }

  // The query's terms in order, without repeats; `open` when the last one is still being
  // typed (no space after it): it then matches as a prefix.
  function queryTerms(text) {
    var words = [], word = "", length = 0;
    function end() {
      if (length >= 2 && length <= 30) words.push(word);
      word = ""; length = 0;
    }
    Array.from(text, function (c) {
      var folded = foldCharacter(c);
      if (folded === null) { end(); return; }
      word += folded;
      length += Array.from(folded).length;
    });
    var typing = length >= 2 && length <= 30;
    end();
    var terms = [];
    words.forEach(function (term) { if (terms.indexOf(term) < 0) terms.push(term); });
    // The word being typed is the last term, unless it repeats an earlier one.
    var open = typing && words.indexOf(words[words.length - 1]) === words.length - 1;
    return { terms: terms, open: open };
  }

  // A term's shard: its first two characters when ASCII letters or digits, else "_" and
  // their UTF-8 bytes in hex.
  function shardOf(term) {
    var prefix = Array.from(term).slice(0, 2).join("");
    if (/^[a-z0-9]{2}$/.test(prefix)) return prefix;
    return "_" + Array.from(new TextEncoder().encode(prefix), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  // ---- The index: fetched on demand, kept -------------------------------------------
  var meta = null, shardNames = null, shards = {}, chunks = {}, decoded = {};

  function getJSON(path) {
    return fetch(new URL(path, base).href).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + path);
      return response.json();
    });
  }
  // Each file is fetched once; a failed fetch is forgotten, so that the next query tries again.
  function cached(cache, key, path) {
    if (!cache[key]) cache[key] = getJSON(path).catch(function (error) { delete cache[key]; throw error; });
    return cache[key];
  }
  function shard(name) { return cached(shards, name, "terms/" + name + ".json"); }
  function chunk(number) { return cached(chunks, number, "docs/" + number + ".json"); }

  // A term's postings as Map(document -> weight): each number is gap * 32 + title * 16 +
  // level (SearchIndex.swift); the weight is level / levels, plus 1 for a title word.
  function postings(name, data, term) {
    var key = name + " " + term;
    if (decoded[key]) return decoded[key];
    var numbers = data[term], map = new Map(), doc = 0;
    for (var i = 0; i < numbers.length; i++) {
      var n = numbers[i];
      doc += Math.floor(n / 32);
      map.set(doc, (n % 16) / meta.levels + (n & 16 ? 1 : 0));
    }
    return (decoded[key] = map);
  }
  function idf(count) {
    return Math.log(1 + (meta.documents - count + 0.5) / (count + 0.5));
  }

  // Every document matching every term, best first: [{doc, score}].
  function rank(query) {
    var needed = query.terms.map(shardOf);
    var missing = needed.some(function (name) { return !shardNames.has(name); });
    if (missing) return Promise.resolve([]);  // a term no page has
    return Promise.all(needed.map(shard)).then(function (data) {
      var scores = null;
      query.terms.forEach(function (term, index) {
        var table = data[index], name = needed[index], own = new Map();
        var prefix = query.open && index === query.terms.length - 1;
        var keys = prefix ? Object.keys(table).filter(function (key) { return key.lastIndexOf(term, 0) === 0; })
                          : (Object.prototype.hasOwnProperty.call(table, term) ? [term] : []);
        // A short prefix can match thousands of words: the most frequent ones are enough.
        if (keys.length > MAX_EXPANSIONS) {
          keys.sort(function (a, b) { return table[b].length - table[a].length || (a < b ? -1 : 1); });
          keys = keys.slice(0, MAX_EXPANSIONS);
        }
        keys.forEach(function (key) {
          var found = postings(name, table, key), weight = idf(found.size) * (key === term ? EXACT : PREFIX);
          found.forEach(function (value, doc) {
            var score = weight * value;
            if (!(own.get(doc) >= score)) own.set(doc, score);
          });
        });
        if (scores === null) { scores = own; return; }
        var both = new Map();
        scores.forEach(function (score, doc) {
          if (own.has(doc)) both.set(doc, score + own.get(doc));
        });
        scores = both;
      });
      var found = [];
      scores.forEach(function (score, doc) { found.push({ doc: doc, score: score }); });
      found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return found;
    });
  }

  // ---- The box ----------------------------------------------------------------------
  var input, status, list, timer = null, asked = 0;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    var label = element("label", "search-label", "Search the dossier");
    label.htmlFor = "search-input";
    input = element("input", "search-input");
    input.id = "search-input";
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Sources, actors, places…";
    input.setAttribute("aria-describedby", "search-status");
    input.setAttribute("aria-controls", "search-results");
    status = element("p", "search-status");
    status.id = "search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    list = element("ol", "search-results");
    list.id = "search-results";
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    box.appendChild(list);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) { input.value = ""; run(); event.preventDefault(); }
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { event.preventDefault(); first.click(); }
      }
    });
    if (input.value) run();  // a value the browser restored (back button)
  }

  function show(text, results) {
    status.textContent = text;
    while (list.firstChild) list.removeChild(list.firstChild);
    (results || []).forEach(function (doc) {
      var item = element("li", "search-result");
      var link = element("a", "search-result-title", doc[1]);
      link.href = new URL(doc[0] + ".html", root).href;
      var kind = element("span", "search-result-kind", KINDS[doc[2]] || doc[2]);
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      if (doc[3]) item.appendChild(element("p", "search-result-excerpt", doc[3]));
      list.appendChild(item);
    });
    list.hidden = !(results && results.length);
  }

  function run() {
    var text = input.value;
    var query = queryTerms(text);
    var number = ++asked;
    if (!query.terms.length) { show(text.trim() ? "Type at least two letters." : "", []); return; }
    rank(query).then(function (found) {
      if (number !== asked) return;
      var top = found.slice(0, LIMIT);
      var numbers = [];
      top.forEach(function (hit) {
        var n = Math.floor(hit.doc / meta.chunk);
        if (numbers.indexOf(n) < 0) numbers.push(n);
      });
      return Promise.all(numbers.map(chunk)).then(function (loaded) {
        if (number !== asked) return;
        var docs = top.map(function (hit) {
          return loaded[numbers.indexOf(Math.floor(hit.doc / meta.chunk))][hit.doc % meta.chunk];
        }).filter(Boolean);
        var count = found.length;
        show(count === 0 ? "No pages match “" + text.trim() + "”."
             : count > LIMIT ? "The best " + LIMIT + " of " + count + " pages that match."
             : count === 1 ? "One page matches." : count + " pages match.", docs);
      });
    }).catch(function () {
      if (number === asked) show("Search is not available right now.", []);
    });
  }

  // Is there an index? Asked once per visit where there is none (a site built with
  // --no-search has an empty one; an older one, none at all): that single request, then none.
  var memo = "dossier-search:" + base.href;
  try { if (sessionStorage.getItem(memo) === "none") return; } catch (e) { /* storage off */ }
  fetch(new URL("meta.json", base).href).then(function (response) {
    if (response.status === 404) {
      try { sessionStorage.setItem(memo, "none"); } catch (e) { /* storage off */ }
    }
    return response.ok ? response.json() : null;
  }).then(function (data) {
    if (data && data.documents === 0) {
      try { sessionStorage.setItem(memo, "none"); } catch (e) { /* storage off */ }
    }
    if (!data || data.version !== 1 || !Array.isArray(data.shards) || !(data.documents > 0)) return;
    meta = data;
    shardNames = new Set(data.shards);
    build();
  }).catch(function () { /* offline, or opened from disk where fetch is refused: no search */ });
})();
