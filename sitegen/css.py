"""Pruning a stylesheet to the rules a set of pages can use (sitegen/postbuild.py). No MkDocs."""

from __future__ import annotations

import re

FUNCTIONAL = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")
VAR = re.compile(r"var\(\s*(--[\w-]+)")


def used_names(html: str) -> set[str]:
    """Classes (".x") and ids ("#x") that occur in the page."""
    names = set()
    for cls in re.findall(r'\sclass="([^"]*)"', html):
        names |= {"." + c for c in cls.split()}
    names |= {"#" + i for i in re.findall(r'\sid="([^"]+)"', html)}
    return names


def selector_applies(selector: str, is_used) -> bool:
    """Whether every class and id the selector requires (outside :not/:is/:where/:has) passes ``is_used``."""
    plain = FUNCTIONAL.sub("", selector)
    needed = {"." + c for c in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", plain)}
    needed |= {"#" + i for i in re.findall(r"#(-?[_a-zA-Z][\w-]*)", plain)}
    return all(is_used(n) for n in needed)


def prune(css: str, is_used, outside_refs: set[str]) -> str:
    """The rules of ``css`` whose selectors can match, judged by class and id with ``is_used(".cls" | "#id")``,
    and of the custom properties only those read by a kept rule or named in ``outside_refs`` (transitively).
    Comments and @charset go; other at-rules stay; @media and @supports are pruned inside."""
    import tinycss2

    def walk(nodes):
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                selectors = [s.strip() for s in split_commas(tinycss2.serialize(node.prelude))]
                keep = [s for s in selectors if selector_applies(s, is_used)]
                if keep:
                    decls = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                    out.append(("rule", ",".join(keep), [d for d in decls if d.type == "declaration"]))
            elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content is not None:
                inner = walk(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))
                if inner:
                    out.append(("group", "@" + node.at_keyword + tinycss2.serialize(node.prelude), inner))
            elif node.type == "at-rule" and node.lower_at_keyword != "charset":
                out.append(("raw", tinycss2.serialize([node]), None))
        return out

    tree = walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))

    def decls_of(nodes):
        for kind, _, body in nodes:
            if kind == "rule":
                yield from body
            elif kind == "group":
                yield from decls_of(body)

    refs = set(outside_refs)
    for d in decls_of(tree):  # properties read by non-custom declarations, then what those custom ones read
        if not d.name.startswith("--"):
            refs |= set(re.findall(r"var\(\s*(--[\w-]+)", tinycss2.serialize(d.value)))
    todo = list(refs)
    while todo:
        name = todo.pop()
        for d in [x for x in decls_of(tree) if x.name == name]:
            for ref in re.findall(r"var\(\s*(--[\w-]+)", tinycss2.serialize(d.value)):
                if ref not in refs:
                    refs.add(ref)
                    todo.append(ref)

    def emit(nodes):
        parts = []
        for kind, head, body in nodes:
            if kind == "raw":
                parts.append(head)
            elif kind == "rule":
                decls = [
                    f"{d.name}:{tinycss2.serialize(d.value).strip()}{' !important' if d.important else ''}"
                    for d in body
                    if not d.name.startswith("--") or d.name in refs
                ]
                if decls:
                    parts.append(head + "{" + ";".join(decls) + "}")
            else:
                inner = emit(body)
                if inner:
                    parts.append(head.strip() + "{" + inner + "}")
        return "".join(parts)

    return emit(tree)


def split_commas(prelude: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in prelude:
        depth += ch in "([" and 1 or (ch in ")]" and -1 or 0)
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + [cur]
