/* Clips (sitegen/clips.py): every figure.va-clip plays its frames by setting --fx/--fy (the frame's column and row
   in a clip's block); each view of each clip is cropped from one image by clips.css, so the clips of a figure cannot
   drift apart. One timer per figure, running only while the figure is on screen and the reader has not paused it;
   with prefers-reduced-motion nothing starts by itself. The button (Play/Pause, in the page's language) works by
   keyboard. An explorer (figure.va-explorer) switches its image and metrics to the setting its radio buttons choose:
   every setting was computed when the site was built; its image loads when it is chosen. Loaded (deferred) only by
   pages with a clip. */
(() => {
  const still = matchMedia("(prefers-reduced-motion: reduce)");
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) e.target.vaClip.show(e.isIntersecting);
  });

  function clip(fig) {
    const frames = +fig.dataset.frames, wrap = +fig.dataset.wrap, ms = 1000 / +fig.dataset.fps;
    const button = fig.querySelector(".va-clip__play");
    const count = fig.querySelector(".va-clip__f");
    let f = 0, timer = 0, onScreen = false, playing = !still.matches;
    const draw = () => {
      fig.style.setProperty("--fx", f % wrap);
      fig.style.setProperty("--fy", Math.floor(f / wrap));
      count.textContent = f + 1;
    };
    const run = () => {
      clearInterval(timer);
      timer = playing && onScreen ? setInterval(() => { f = (f + 1) % frames; draw(); }, ms) : 0;
      fig.classList.toggle("va-clip--playing", playing);  // clips.css shows the button's Pause label, else Play
    };
    button.addEventListener("click", () => { playing = !playing; run(); });
    still.addEventListener("change", () => { if (still.matches) { playing = false; run(); } });
    fig.vaClip = { show(v) { onScreen = v; run(); } };
    button.disabled = false;
    run();
    seen.observe(fig);
  }

  function explorer(fig) {
    const data = JSON.parse(fig.querySelector(".va-explorer__data").textContent);
    const fields = data.axes.map(([axis]) => fig.querySelector(`fieldset[data-axis="${axis}"]`));
    const grid = fig.querySelector(".va-clip__grid"), now = fig.querySelector(".va-explorer__now");
    const cells = data.metrics.map((m) => fig.querySelector(`td[data-metric="${m}"]`));
    const radios = (i) => [...fields[i].querySelectorAll("input")];
    // Each axis depends on the ones before it: an option is offered when some setting has it with the choices
    // made above; choosing keeps the choices below where they still exist, else takes their first offered option.
    const fits = (s, choice, upto) => data.axes.slice(0, upto).every(([a]) => s.c[a] === choice[a]);
    function settle(choice) {
      data.axes.forEach(([axis, options], i) => {
        const offered = data.settings.filter((s) => fits(s, choice, i)).map((s) => s.c[axis]);
        const applies = offered.some((o) => o !== undefined);  // not for every setting (warped noise has no ρ)
        if (!offered.includes(choice[axis])) choice[axis] = options.find((o) => offered.includes(o));
        fields[i].disabled = !applies;
        if (!applies) return;  // its radio buttons keep the last choice, for when it applies again
        for (const r of radios(i)) {
          r.disabled = !offered.includes(r.value);
          r.checked = r.value === choice[axis];
        }
      });
      return data.settings.find((s) => data.axes.every(([a]) => s.c[a] === choice[a]));
    }
    function show() {
      const choice = {};
      data.axes.forEach(([axis], i) => { choice[axis] = (radios(i).find((r) => r.checked) || {}).value; });
      const s = settle(choice);
      const title = data.axes.filter(([a]) => s.c[a] !== undefined).map(([a]) => data.labels[`${a}=${s.c[a]}`]).join(" · ");
      const values = Object.fromEntries(data.metrics.map((m, j) => [m, s.v[j]]));
      for (const img of grid.querySelectorAll("img")) img.src = data.base + s.k + ".png";
      cells.forEach((td, j) => { td.textContent = s.v[j]; });
      grid.setAttribute("aria-label", data.alt + " " + data.describe.replace(/\{(\w+)\}/g, (_, k) => (k === "title" ? title : values[k])));
      now.textContent = title;
      fig.dataset.setting = s.k;
    }
    fig.addEventListener("change", show);
    show();  // the browser may have restored other choices than the page's default
  }

  for (const fig of document.querySelectorAll("figure.va-clip")) {
    clip(fig);
    if (fig.classList.contains("va-explorer")) explorer(fig);
  }
})();
