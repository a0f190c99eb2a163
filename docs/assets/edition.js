/* The edition's own script: small, no library, nothing fetched. Without it every page still works:
   notes stand after (or, in Chromium, beside) their paragraphs, a misplaced #pN shows a link to the
   right section, and the ¶ number is a plain link. With it:
   - hovering or focusing a passage or its note (question, correction) highlights the other;
   - on wide screens each margin note is moved down level with its passage (folded to its first
     lines; open one to read it all);
   - #note-<id> opens that note and scrolls to it; #pN on a page without ¶N goes to the right page;
   - the ¶ number, and a note's "Cite this note", open a small panel: copy the paragraph's (the
     note's) link or a citation in any format.
   The script never writes into a paragraph of the paper: its text stays the author's. */
(function () {
  "use strict";

  var ITEM = ".apparatus-item[data-apparatus]";

  function withKey(key) {
    return document.querySelectorAll('[data-apparatus="' + CSS.escape(key) + '"]');
  }

  /* Passage and note highlight each other. */
  var active = null;
  function activate(key) {
    if (key === active) return;
    if (active) withKey(active).forEach(function (el) { el.classList.remove("is-active"); });
    active = key;
    if (key) withKey(key).forEach(function (el) { el.classList.add("is-active"); });
  }
  function keyOf(target) {
    var el = target instanceof Element ? target.closest("[data-apparatus]") : null;
    return el ? el.getAttribute("data-apparatus") : null;
  }
  document.addEventListener("mouseover", function (e) { activate(keyOf(e.target)); });
  document.addEventListener("focusin", function (e) { activate(keyOf(e.target)); });

  /* Margin notes level with their passages (wide screens, where the block is a grid). */
  function passageOf(item) {
    var block = item.closest(".para-block");
    var key = item.getAttribute("data-apparatus");
    return block && block.querySelector('p.para [data-apparatus="' + CSS.escape(key) + '"]');
  }
  function align() {
    document.querySelectorAll(".para-block").forEach(function (block) {
      var items = block.querySelectorAll(ITEM);
      items.forEach(function (item) { item.style.marginTop = ""; });
      if (getComputedStyle(block).display !== "grid") return;
      items.forEach(function (item) {
        var passage = passageOf(item);
        if (!passage) return;
        var gap = passage.getBoundingClientRect().top - item.getBoundingClientRect().top;
        if (gap > 1) item.style.marginTop = gap + "px";
      });
    });
  }
  window.addEventListener("resize", align);
  window.addEventListener("load", align);
  document.addEventListener("toggle", align, true);

  /* Fragments: #note-<id> opens its note; #pN of another page goes there. */
  function followFragment() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    if (target.matches("a.elsewhere")) {
      location.replace(target.href);
      return;
    }
    if (target.matches("details.note")) {
      target.open = true;
      align();
      activate(target.getAttribute("data-apparatus"));
      target.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", followFragment);

  /* The ¶ panel: the paragraph's link and its citations, in the formats the page offers. */
  var data = document.getElementById("paragraph-citations");
  var citations = data ? JSON.parse(data.textContent) : {};
  var panel = null;

  function copy(text, status) {
    function done(ok) { status.textContent = ok ? "Copied." : "Select the text and copy it."; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }
  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text) el.textContent = text;
    return el;
  }
  function closePanel(returnFocus) {
    if (!panel) return;
    var owner = panel.owner;
    panel.remove();
    panel = null;
    owner.setAttribute("aria-expanded", "false");
    if (returnFocus) owner.focus();
  }
  /* One panel for a paragraph (opened by its ¶ number) or a note (by its "Cite this note" link).
     Beside the text (wide screens) it opens under the paragraph, in the text's column; on a narrow
     screen right after what opened it. Never inside a paragraph: its text stays the author's. */
  function openPanel(owner, id, title, after) {
    var entry = citations[id];
    var box = element("div", { class: "ppanel", role: "dialog", "aria-label": title + ": link and citation", id: "ppanel-" + id });
    var status = element("p", { class: "ppanel__status", role: "status" });
    var close = element("button", { type: "button", class: "ppanel__close", "aria-label": "Close" }, "×");
    close.addEventListener("click", function () { closePanel(true); });
    box.appendChild(close);
    box.appendChild(element("p", { class: "ppanel__title" }, title));
    var linkRow = element("div", { class: "ppanel__row" });
    var url = element("input", { type: "text", readonly: "", value: entry.url, "aria-label": "Link to " + title });
    var copyLink = element("button", { type: "button", class: "md-button" }, "Copy link");
    copyLink.addEventListener("click", function () { url.select(); copy(entry.url, status); });
    linkRow.appendChild(url);
    linkRow.appendChild(copyLink);
    box.appendChild(linkRow);
    var formatRow = element("div", { class: "ppanel__row" });
    var label = element("label", { for: "ppanel-format-" + id }, "Cite as");
    var select = element("select", { id: "ppanel-format-" + id });
    entry.formats.forEach(function (f, i) { select.appendChild(element("option", { value: String(i) }, f.name)); });
    var copyCite = element("button", { type: "button", class: "md-button" }, "Copy citation");
    formatRow.appendChild(label);
    formatRow.appendChild(select);
    formatRow.appendChild(copyCite);
    box.appendChild(formatRow);
    var text = element("pre", { class: "ppanel__text", tabindex: "0", "aria-label": "Citation" });
    function show() { text.textContent = entry.formats[Number(select.value)].text; }
    select.addEventListener("change", show);
    copyCite.addEventListener("click", function () { copy(text.textContent, status); });
    show();
    box.appendChild(text);
    box.appendChild(status);
    box.addEventListener("keydown", function (e) { if (e.key === "Escape") closePanel(true); });
    after.insertAdjacentElement("afterend", box);
    box.owner = owner;
    panel = box;
    owner.setAttribute("aria-expanded", "true");
    copyLink.focus({ preventScroll: true });
  }
  function opener(owner, id, title, after) {
    owner.setAttribute("aria-haspopup", "dialog");
    owner.setAttribute("aria-expanded", "false");
    owner.setAttribute("aria-controls", "ppanel-" + id);
    owner.addEventListener("click", function () {
      // The link still goes to its address (what a citer copies); the panel opens with it.
      var same = panel && panel.owner === owner;
      closePanel(false);
      if (!same) openPanel(owner, id, title, after());
    });
  }
  document.querySelectorAll("p.para > a.pnum").forEach(function (pnum) {
    var paragraph = pnum.closest("p.para");
    if (!citations[paragraph.id]) return;
    opener(pnum, paragraph.id, "Paragraph " + paragraph.id.slice(1), function () { return paragraph; });
  });
  document.querySelectorAll("details.note a.note-cite").forEach(function (link) {
    var note = link.closest("details.note");
    if (!citations[note.id]) return;
    var block = note.closest(".para-block");
    // The note's title is its summary without the hidden words for screen readers before it.
    var summary = note.querySelector("summary");
    var hidden = summary.querySelector(".visually-hidden");
    var title = "Note “" + summary.textContent.slice(hidden ? hidden.textContent.length : 0).trim() + "”";
    opener(link, note.id, title, function () {
      var beside = block && getComputedStyle(block).display === "grid";
      return beside ? block.querySelector("p.para") : note;
    });
  });

  align();
  followFragment();
})();
