/* Tables wider than the screen scroll inside Material's wrapper (hooks/tables.py); a keyboard user must be able to
 * reach and scroll them too (axe: scrollable-region-focusable). A ResizeObserver reports each box after the
 * browser's own layout, so finding the ones that overflow reads no layout while the page loads. */
(function () {
  var label = document.body.dataset.vaTableLabel || "";  // data/ui.yml, set by hooks/a11y.py
  var boxes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target;
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  });
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) { boxes.observe(box); });
})();
