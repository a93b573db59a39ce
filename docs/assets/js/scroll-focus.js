/* Tables wider than the screen scroll inside Material's wrapper; a keyboard user must be able to reach and
 * scroll them too (axe: scrollable-region-focusable). Runs once the theme has wrapped the tables. */
(function () {
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", document.body.dataset.vaTableLabel || "");  // data/ui.yml, set by hooks/a11y.py
      }
    });
  }
  if (document.readyState === "complete") focusable();
  else window.addEventListener("load", focusable);
  window.addEventListener("resize", focusable);
})();
