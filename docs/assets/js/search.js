// Site search with Pagefind (index written by sitegen/search.py), imported only when the reader opens search
// (overrides/partials/va-search.html). Pagefind picks this page's language index from <html lang> and loads it
// in chunks for the words typed. Every `input` event searches: typing, paste, IME composition, voice input.
const config = JSON.parse(document.getElementById("__config").textContent);
const base = new URL(config.base.replace(/\/?$/, "/"), document.baseURI);   // the site root, also under a sub-path
const t = config.translations;
let pagefind, dialog, input, status, list, seq = 0;

function engine() {  // one Pagefind instance, started once however many searches ask for it meanwhile
  pagefind = pagefind || (async () => {
    const pf = await import(new URL("pagefind/pagefind.js", base).href);
    await pf.options({ baseUrl: base.pathname, excerptLength: 22 });
    await pf.init();
    return pf;
  })();
  return pagefind;
}

function count(n) {
  return n === 0 ? t["search.result.none"] : n === 1 ? t["search.result.one"] : t["search.result.other"].replace("#", n);
}

async function run() {
  const query = input.value.trim(), mine = ++seq;
  if (!query) {
    list.replaceChildren();
    status.textContent = t["search.result.placeholder"];
    return;
  }
  const found = await (await engine()).search(query);
  const results = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  if (mine !== seq) return;  // a later input has started its own search
  status.textContent = count(found.results.length);
  list.replaceChildren(...results.map(r => {
    const li = document.createElement("li"), a = document.createElement("a"), title = document.createElement("strong");
    const excerpt = document.createElement("span");
    a.href = r.url;
    title.textContent = (r.meta.title || r.url).replace(/\s*¶$/, "");
    excerpt.innerHTML = r.excerpt;  // Pagefind escapes the page text and adds only <mark>
    a.append(title, excerpt);
    li.append(a);
    return li;
  }));
}

let started = false;

// Called by the loader in overrides/partials/va-search.html each time search is opened (the dialog is open).
export function start(dlg, button) {
  if (!started) {
    started = true;
    dialog = dlg;
    input = dialog.querySelector("input");
    status = dialog.querySelector(".va-search__status");
    list = dialog.querySelector(".va-search__results");
    input.addEventListener("input", run);
    input.addEventListener("keydown", e => {  // Enter opens the first result
      const first = list.querySelector("a");
      if (e.key === "Enter" && first) { e.preventDefault(); first.click(); }
    });
    dialog.addEventListener("click", e => { if (e.target === dialog) dialog.close(); });  // a click outside the box
    dialog.addEventListener("close", () => button.focus());
  }
  engine();  // start loading the index while the reader types
  if (input.value) run();  // typed before this module arrived
}
