/* What Material's JavaScript bundle did on this site's pages, without its start-up cost (issue 17).
 *
 * The bundle is not loaded (overrides/main.html). Measured on the Hindi verdict page in Chromium at Lighthouse's 4x
 * CPU slowdown, its start-up forced three full-page style passes and two layouts on every load: Lighthouse's total
 * blocking time fell from ~600 ms to 0 without it (README, "Scripts"). What this site used of it is here, written
 * so that nothing reads layout while the page loads: positions come from an IntersectionObserver, which the
 * browser answers after its own layout pass, or are read while the reader scrolls. Elsewhere: the light/dark switch
 * runs inline in the header (overrides/partials/javascripts/palette.html), tables get Material's scroll box at
 * build time (hooks/tables.py), the copy buttons copy in copy.js, scroll-focus.js gives wide boxes a tab stop. Not carried over: Material's keyboard shortcuts other than n/p (search has its
 * own, va-search.html), the ellipsis tooltips of long navigation labels, content tabs and annotations (unused here).
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("__config").textContent);

  /* Code blocks: Material's copy button (its markup and CSS; copy.js does the copying; scroll-focus.js gives a
     block wider than its box a tab stop). */
  document.querySelectorAll(".md-content pre:not(.mermaid) > code").forEach(function (code, n) {
    var pre = code.parentElement;
    if (config.features.indexOf("content.code.copy") >= 0 && !pre.closest(".no-copy")) {
      pre.id = pre.id || "__code_" + n;
      var nav = document.createElement("nav"), button = document.createElement("button");
      nav.className = "md-code__nav";
      button.type = "button";
      button.className = "md-code__button";
      button.title = config.translations["clipboard.copy"];
      button.setAttribute("data-md-type", "copy");
      button.setAttribute("data-clipboard-target", "#" + pre.id + " > code");
      nav.appendChild(button);
      pre.insertBefore(nav, code);
    }
  });

  /* Header: once the page's title has scrolled under it, the header shows that title instead of the site's. */
  var title = document.querySelector("[data-md-component=header-title]");
  var headline = document.querySelector(".md-content h1");
  var pastTitle = false;
  if (title && headline) {
    new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      pastTitle = !entry.isIntersecting && entry.boundingClientRect.top < entry.rootBounds.top;
      title.classList.toggle("md-header__title--active", pastTitle);
    }, { rootMargin: "-48px 0px 0px 0px" }).observe(headline);
  }

  /* Table of contents: the section being read is marked (Material's classes: the last heading above the line
     under the header is active, it and those before it are passed). Measured once per frame while the reader
     scrolls, when the page's layout is already done; not at load. */
  var links = [].slice.call(document.querySelectorAll("[data-md-component=toc] a.md-nav__link[href^='#']"));
  var headings = [], linksOf = new Map(), pending = false;
  links.forEach(function (link) {
    var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!heading) return;
    if (!linksOf.has(heading)) { linksOf.set(heading, []); headings.push(heading); }
    linksOf.get(heading).push(link);
  });
  function follow() {
    pending = false;
    var line = 64, active = -1;  // px: below the header (2.4rem) and a little air
    headings.forEach(function (heading, i) { if (heading.getBoundingClientRect().top < line) active = i; });
    headings.forEach(function (heading, i) {
      linksOf.get(heading).forEach(function (link) {
        link.classList.toggle("md-nav__link--passed", i <= active);
        link.classList.toggle("md-nav__link--active", i === active);
      });
    });
  }
  if (headings.length) {
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(follow); }
    }, { passive: true });
  }

  /* Back to top: shown while the reader scrolls up, past the page's title. */
  var top = document.querySelector("[data-md-component=top]");
  if (top) {
    var last = Infinity;  // not window.scrollY here: reading it while the page loads forces a layout
    var show = function (on) {
      if (top.hidden === !on) return;
      top.hidden = !on;
      if (on) top.removeAttribute("tabindex");
      else { top.setAttribute("tabindex", "-1"); top.blur(); }
    };
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      show(y < last && y > 0 && pastTitle);
      last = y;
    }, { passive: true });
    window.addEventListener("hashchange", function () { show(false); });
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0 });
    });
  }

  /* The drawer (phones) closes when one of its links is followed, also a link to a section of this page. */
  var drawer = document.getElementById("__drawer");
  var primary = document.querySelector(".md-sidebar--primary");
  if (drawer && primary) {
    primary.addEventListener("click", function (event) {
      if (event.target.closest("a[href]")) window.setTimeout(function () { drawer.checked = false; }, 125);
    });
  }

  /* A link to something inside a closed <details> opens it; printing opens every <details>, then restores them. */
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = target && target.closest("details:not([open])");
    if (details) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = [].slice.call(document.querySelectorAll("details:not([open])"));
    closed.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (details) { details.open = false; });
  });

  /* Keyboard: n or . for the next page, p or , for the previous one (as in Material). */
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || t.isContentEditable
        || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    var rel = { n: "next", ".": "next", p: "prev", ",": "prev" }[event.key];
    var link = rel && document.querySelector("link[rel=" + rel + "]");
    if (link) location.href = link.href;
  });
})();
