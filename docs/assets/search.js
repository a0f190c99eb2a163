/*
  The edition's search box (overrides/partials/search.html), over the Pagefind index the build
  writes into pagefind/ (scripts/edition/search_index.py).

  - Nothing loads until the reader opens the box: then pagefind/pagefind.js, its WebAssembly and
    the names table; each query fetches only the index chunks and result fragments it needs.
  - Results are records of the edition: a paragraph of the paper (opens at #pN), an actor, a
    program, a question, a note, a funding figure, a hand-written page. Pagefind folds accents
    and case; so does the names table: a query that is an entity's name or alias puts that
    entity first, whatever the ranking says.
  - Keyboard: "/" or "s" opens the box, arrows move through the results, Escape closes it.
  - ?q=words in the address opens the box with that query (the 404 page's search box).
  - Every address is resolved against the site's root (found from this script's own address),
    so the site works from any folder.
*/
(function () {
  "use strict";

  var LIMIT = 20; // results shown (each costs one small fragment fetch)
  var PAUSE = 90; // ms after the last keystroke before searching: a fast typist's every key would
  // queue a search (of "q", "qu", "que", ... each matching more than the last) ahead of theirs
  var root = new URL("../", document.currentScript.src);
  var form = document.querySelector("form[data-edition-search]");
  var toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  var input = form.querySelector("input[name=query]");
  var box = form.closest(".md-search");
  var list = box.querySelector("#edition-search-results");
  var status = box.querySelector("#edition-search-status");
  var filters = box.querySelector(".edition-search__filters");
  var opener = document.querySelector('.md-header__button[for="__search"]');

  var engine = null; // the promise of {pagefind, table}, made on first use
  var sequence = 0; // the latest query: answers to older ones are dropped
  var typedAt = 0;
  var timer = 0;

  function fold(text) {
    // As scripts/edition/search.py fold(): no accents, no case, single spaces.
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function load() {
    if (!engine) {
      engine = Promise.all([
        import(new URL("pagefind/pagefind.js", root).href),
        fetch(new URL("pagefind/names.json", root)).then(function (r) { return r.json(); })
      ]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind.options({ basePath: new URL("pagefind/", root).href, excerptLength: 24 }).then(function () {
          return pagefind.init();
        }).then(function () {
          showFilters(loaded[1].filters);
          return { pagefind: pagefind, table: loaded[1] };
        });
      });
    }
    return engine;
  }

  function showFilters(kinds) {
    if (!filters.hidden) return;
    kinds.forEach(function (kind) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "kind";
      box.value = kind;
      box.addEventListener("change", search);
      label.append(box, " " + kind);
      filters.append(label);
    });
    filters.hidden = false;
  }

  function chosenKinds() {
    return Array.prototype.map.call(filters.querySelectorAll("input:checked"), function (b) { return b.value; });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function search() {
    var query = input.value.trim();
    var mine = ++sequence;
    if (!query) {
      list.replaceChildren();
      delete list.dataset.query;
      status.textContent = "Type a name or a phrase.";
      return;
    }
    load().then(function (e) {
      var kinds = chosenKinds();
      var options = kinds.length ? { filters: { kind: { any: kinds } } } : {};
      // The folded query: Pagefind matches "calderon" in "Calderón" but ranks a query's exact
      // accents higher, and "Calderon", "calderón" and "CALDERÓN" must find the same, in the same order.
      return e.pagefind.search(fold(query), options).then(function (found) {
        if (mine !== sequence || !found) return null;
        return Promise.all(found.results.slice(0, LIMIT).map(function (r) { return r.data(); })).then(function (data) {
          return { data: data, total: found.results.length, pinned: pinned(e.table, query, kinds) };
        });
      });
    }).then(function (answer) {
      if (!answer || mine !== sequence) return;
      show(query, answer);
    }).catch(function (error) {
      status.textContent = "Search is unavailable: " + error;
    });
  }

  function pinned(table, query, kinds) {
    // The entity whose name or alias the query is, if the filters let its kind through.
    var url = table.names[fold(query)];
    if (!url) return null;
    var kind = url.indexOf("actors/") === 0 ? "Actors" : "Programs";
    if (kinds.length && kinds.indexOf(kind) < 0) return null;
    var entity = table.entities[url];
    return { url: url, title: entity[0], label: entity[1], excerpt: null, text: entity[2] };
  }

  function show(query, answer) {
    var items = answer.data.map(function (d) {
      return { url: d.meta.url, title: d.meta.title, label: d.meta.label, excerpt: d.excerpt };
    });
    var total = answer.total;
    if (answer.pinned) {
      var before = items.length;
      items = items.filter(function (i) { return i.url !== answer.pinned.url; });
      if (items.length === before) total += 1;
      items.unshift(answer.pinned);
    }
    list.replaceChildren.apply(list, items.map(item));
    var shown = items.length < total ? " (first " + items.length + " shown)" : "";
    status.textContent = total === 0 ? "No results for “" + query + "”." : total + (total === 1 ? " result" : " results") + shown + ".";
    list.dataset.query = query;
    list.dataset.ms = String(Math.round(performance.now() - typedAt));
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item edition-search__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link edition-search__hit";
    a.href = new URL(result.url, root).href;
    a.dataset.kind = result.label.split(" ")[0];
    var label = document.createElement("span");
    label.className = "edition-search__label";
    label.textContent = result.label;
    var title = document.createElement("span");
    title.className = "edition-search__title";
    title.textContent = result.title;
    var snippet = document.createElement("span");
    snippet.className = "edition-search__snippet";
    if (result.excerpt === null) snippet.textContent = result.text;
    else snippet.append.apply(snippet, marked(result.excerpt));
    a.append(label, title, snippet);
    a.addEventListener("click", close); // a result on this very page only moves to its fragment
    li.append(a);
    return li;
  }

  function marked(excerpt) {
    // Pagefind's excerpt is text with <mark> around the hits and < > as entities: built as
    // nodes, never as HTML.
    return excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).filter(Boolean).map(function (piece) {
      var hit = piece.indexOf("<mark>") === 0;
      var text = (hit ? piece.slice(6, -7) : piece).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      if (!hit) return document.createTextNode(text);
      var mark = document.createElement("mark");
      mark.textContent = text;
      return mark;
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(search, input.value.trim() ? PAUSE : 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter goes to the first result (of this very query)
    var first = links()[0];
    if (first && list.dataset.query === input.value.trim()) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) {
      load();
      setTimeout(function () { input.focus(); }, 0);
    }
  });

  if (opener) {
    // The header's search button is a <label>: make it reachable and usable from the keyboard.
    opener.setAttribute("role", "button");
    opener.setAttribute("aria-label", "Search");
    opener.setAttribute("tabindex", "0");
    opener.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  }

  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      if (opener && opener.offsetParent !== null) opener.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (document.activeElement === input) at = -1;
    else if (at < 0) return; // arrows in a checkbox keep their own meaning
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus();
    else if (next < all.length) all[next].focus();
  });

  // An address with ?q=... (the 404 page's search box sends readers so) opens the box with that query.
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    open();
    input.focus();
    typedAt = performance.now();
    search();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s") return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    open();
    input.focus();
    input.select();
  });
})();
