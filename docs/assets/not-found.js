/* The 404 page's suggestion: the current page nearest to the address that was not found.
   A retired address (assets/moved.json, old -> new, written by the generator) wins outright;
   otherwise the page whose address is most alike, by edit distance of the whole path and of its
   last part, if it is alike enough to be a likely meaning. The #fragment (a ¶ number) is kept. */
(function () {
  "use strict";
  var box = document.querySelector(".not-found-suggestion");
  if (!box) return;
  var base = box.dataset.base || "/";
  function clean(path) {
    path = decodeURIComponent(path).toLowerCase();
    if (path.indexOf(base) === 0) path = path.slice(base.length);
    path = path.replace(/^\/+/, "").replace(/(index)?\.(html?|md)$/, "").replace(/\/+$/, "");
    return path ? path + "/" : "";
  }
  function distance(a, b) {
    var row = [], i, j, prev, tmp;
    for (j = 0; j <= b.length; j++) row.push(j);
    for (i = 1; i <= a.length; i++) {
      prev = row[0]; row[0] = i;
      for (j = 1; j <= b.length; j++) {
        tmp = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length];
  }
  function last(path) { var parts = path.replace(/\/$/, "").split("/"); return parts[parts.length - 1]; }
  function score(asked, candidate) {
    var whole = distance(asked, candidate) / Math.max(asked.length, candidate.length, 1);
    var tail = distance(last(asked), last(candidate)) / Math.max(last(asked).length, last(candidate).length, 1);
    return Math.min(whole, tail + 0.1);   // a matching last part counts even in another folder
  }
  function show(url, title) {
    var link = document.createElement("a");
    link.href = base + url + location.hash;
    link.textContent = title || ("/" + url);
    var text = box.querySelector(".nearest-text");
    text.textContent = "Were you looking for ";
    text.appendChild(link);
    text.appendChild(document.createTextNode("?"));
    box.hidden = false;
  }
  var urls = JSON.parse(document.getElementById("site-pages").textContent);
  var titles = JSON.parse(document.getElementById("site-titles").textContent);
  var asked = clean(location.pathname);
  fetch(box.dataset.moved).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; }).then(function (moved) {
    var best = null, bestScore = 1;
    function consider(from, to) {
      var s = score(asked, clean(from));
      if (s < bestScore) { bestScore = s; best = to; }
    }
    Object.keys(moved).sort().forEach(function (old) { consider(old, moved[old]); });
    urls.forEach(function (url) { consider(url, url); });
    if (best === null || bestScore > 0.45) return;
    var i = urls.indexOf(best);
    show(best, i >= 0 ? titles[i] : "");
  });
})();
