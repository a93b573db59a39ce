// Site search with Pagefind (index written by hooks/search_index.py), imported only when the reader opens search
// (overrides/partials/va-search.html). Pagefind picks this page's language index from <html lang> and loads it
// in chunks for the words typed. Every `input` event searches: typing, paste, IME composition, voice input.
const config = JSON.parse(document.getElementById("__config").textContent);
const base = new URL(config.base.replace(/\/?$/, "/"), document.baseURI);   // the site root, also under a sub-path
const t = config.translations;
let pagefind, dialog, input, status, list, seq = 0;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", base).href);
    await pagefind.options({ baseUrl: base.pathname, excerptLength: 22 });
    await pagefind.init();
  }
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
    title.textContent = r.meta.title || r.url;
    excerpt.innerHTML = r.excerpt;  // Pagefind escapes the page text and adds only <mark>
    a.append(title, excerpt);
    li.append(a);
    return li;
  }));
}

function build(button) {
  dialog = document.createElement("dialog");
  dialog.className = "va-search md-typeset";
  dialog.setAttribute("aria-label", button.getAttribute("aria-label"));
  dialog.innerHTML = '<form method="dialog" role="search"><input type="search" autocomplete="off" spellcheck="false">'
    + '<button type="submit" class="va-search__close"></button></form><p class="va-search__status" role="status"></p>'
    + '<ol class="va-search__results"></ol>';
  input = dialog.querySelector("input");
  input.placeholder = button.dataset.placeholder;
  input.setAttribute("aria-label", button.getAttribute("aria-label"));
  const close = dialog.querySelector(".va-search__close");
  close.textContent = "×";
  close.setAttribute("aria-label", button.dataset.close);
  status = dialog.querySelector(".va-search__status");
  list = dialog.querySelector(".va-search__results");
  status.textContent = t["search.result.placeholder"];
  input.addEventListener("input", run);
  input.addEventListener("keydown", e => {  // Enter opens the first result
    const first = list.querySelector("a");
    if (e.key === "Enter" && first) { e.preventDefault(); first.click(); }
  });
  dialog.addEventListener("click", e => { if (e.target === dialog) dialog.close(); });  // a click outside the box
  dialog.addEventListener("close", () => button.focus());
  document.body.append(dialog);
}

export function open(button) {
  if (!dialog) build(button);
  if (!dialog.open) dialog.showModal();
  input.focus();
  input.select();
  engine();  // start loading the index while the reader types
  if (input.value) run();
}
