/* Copy buttons: the link of a claim card (issue 15) and the text of a code block. No framework.
 *
 * Claim cards (markup written by the claim-card renderer, labels in the page's language from data/ui.yml):
 *   <button type="button" class="va-copy-link" data-href="(the page's absolute URL)#claim-ID"
 *           data-copied="Link copied" aria-label="Copy link: …">…</button>
 * A <button> is reachable with Tab and pressed with Enter or Space, so the keyboard needs no extra code.
 * Success is announced through one polite aria-live region; the button shows a "done" state for a moment.
 * Clipboard API first (secure contexts); otherwise a hidden textarea and execCommand("copy"); if both fail,
 * a prompt shows the link, selected, for the reader to copy by hand.
 *
 * Code blocks: theme.js gives each one Material's button (<button class="md-code__button" data-md-type="copy"
 * data-clipboard-target="#__code_N > code">); the text copied is what the reader sees (innerText while
 * [data-md-copying] hides what Material's CSS marks as not to copy), and "Copied to clipboard" shows in Material's
 * dialog for two seconds and is announced, as Material's own bundle did.
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

  function codeText(button) {
    var code = document.querySelector(button.getAttribute("data-clipboard-target"));
    code.setAttribute("data-md-copying", "");
    var text = code.innerText;
    code.removeAttribute("data-md-copying");
    return text.replace(/\s+$/, "");
  }

  function copiedCode(button) {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var message = config.translations["clipboard.copied"];
    var dialog = document.querySelector(".md-dialog");
    if (dialog) {
      dialog.querySelector(".md-dialog__inner").textContent = message;
      dialog.classList.add("md-dialog--active");
      window.clearTimeout(dialog._vaTimer);
      dialog._vaTimer = window.setTimeout(function () { dialog.classList.remove("md-dialog--active"); }, 2000);
    }
    announce(message);
    button.focus();
  }

  document.addEventListener("click", function (event) {
    var code = event.target.closest && event.target.closest("button.md-code__button[data-md-type=copy]");
    if (code) {
      var text = codeText(code);
      copy(text).then(function (ok) {
        if (ok) copiedCode(code);
        else window.prompt(code.title, text);
      });
      return;
    }
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
