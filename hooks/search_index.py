"""One search entry per location in the merged search index.

Notebook pages (labs) give several sections the same location (their headings get no anchor), and Material's
search worker fails on such duplicates: their text is merged into one entry.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority


def merge_duplicates(index: dict) -> bool:
    """Merge entries that share a location (in place); True if anything changed."""
    merged, order = {}, []
    for doc in index["docs"]:
        if doc["location"] in merged:
            merged[doc["location"]]["text"] += " " + doc["text"]
        else:
            merged[doc["location"]] = doc
            order.append(doc["location"])
    changed = len(order) != len(index["docs"])
    index["docs"] = [merged[loc] for loc in order]
    return changed


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged both languages into one search index
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if merge_duplicates(index):
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
