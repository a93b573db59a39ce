/* Print (issue 15): give every link out of the page its absolute target, which print.css writes after the link.
 * In-page anchors (#…) are left alone. Runs when the browser is about to print (every browser fires
 * "beforeprint", also for Ctrl+P), not on load: marking hundreds of links restyles them, on every page view. */
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
  window.addEventListener("beforeprint", mark);
})();
