/* Print (issue 15): give every link out of the page its absolute target, which print.css writes after the link.
 * In-page anchors (#…) are left alone. Runs once on load and again before printing (cheap, idempotent). */
(function () {
  "use strict";
  function mark() {
    var here = location.href.split("#")[0];
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var raw = a.getAttribute("href");
      if (!raw || raw.charAt(0) === "#" || a.classList.contains("headerlink")) return;
      var abs = a.href;                           // resolved against the page: absolute
      if (abs.split("#")[0] === here) return;     // an anchor on this page, however written
      if (!/^https?:/.test(abs)) return;          // mailto:, javascript: …
      if (a.textContent.trim() === abs) return;   // the link text is already the address
      a.setAttribute("data-print-href", abs);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("beforeprint", mark);
})();
