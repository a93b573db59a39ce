/* Boxes that scroll sideways must be reachable by keyboard so they can be scrolled (axe:
 * scrollable-region-focusable): tables inside Material's wrapper (sitegen/markup.py), a landmark region named by
 * data/ui.yml's label (set by hooks/html.py), and code blocks, which theme.js gives their copy button. Only a box
 * that overflows gets a tab stop. A ResizeObserver reports each box after the browser's own layout, so finding the
 * ones that overflow reads no layout while the page loads. */
(function () {
  var label = document.body.dataset.vaTableLabel || "";
  var boxes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target, table = box.classList.contains("md-typeset__scrollwrap");
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        if (table) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label);
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  });
  document.querySelectorAll(".md-typeset__scrollwrap, .md-content pre:not(.mermaid) > code").forEach(function (box) {
    boxes.observe(box);
  });
})();
