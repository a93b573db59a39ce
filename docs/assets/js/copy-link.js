/* Copy-link buttons on claim cards (issue 15). No framework.
 *
 * Markup (written by the claim-card renderer, labels in the page's language from data/ui.yml):
 *   <button type="button" class="va-copy-link" data-href="(the page's absolute URL)#claim-ID"
 *           data-copied="Link copied" aria-label="Copy link: …">…</button>
 * A <button> is reachable with Tab and pressed with Enter or Space, so the keyboard needs no extra code.
 * Success is announced through one polite aria-live region; the button shows a "done" state for a moment.
 * Clipboard API first (secure contexts); otherwise a hidden textarea and execCommand("copy"); if both fail,
 * a prompt shows the link, selected, for the reader to copy by hand.
 */
(function () {
  "use strict";

  function liveRegion() {
    var el = document.getElementById("va-live");
    if (!el) {
      el = document.createElement("div");
      el.id = "va-live";
      el.className = "va-live";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  function announce(text) {
    var el = liveRegion();
    el.textContent = "";                       // a repeated message is announced again
    window.setTimeout(function () { el.textContent = text; }, 50);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function done(button) {
    button.classList.add("va-copy-link--done");
    announce(button.getAttribute("data-copied") || "✓");
    window.clearTimeout(button._vaTimer);
    button._vaTimer = window.setTimeout(function () {
      button.classList.remove("va-copy-link--done");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.va-copy-link");
    if (!button) return;
    var href = button.getAttribute("data-href");
    if (!href) return;
    event.preventDefault();
    copy(href).then(function (ok) {
      if (ok) done(button);
      else window.prompt(button.getAttribute("aria-label") || "", href);
    });
  });
})();
