"""What `mkdocs serve` watches with: inotify, told only about changes to files that matter.

MkDocs polls every watched file every half second; inotify reports a change as it happens. It also reports every
file a build merely opens and reads, and Python's own bytecode writes, which would start a rebuild after every
rebuild: only writes, creations, deletions and moves of files outside ``__pycache__`` reach MkDocs' handler.
"""

from __future__ import annotations

import watchdog.observers
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)

CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent]
CHANGES += [DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class _Changes(FileSystemEventHandler):
    def __init__(self, handler):
        self.handler = handler

    def dispatch(self, event) -> None:
        if "__pycache__" not in f"{event.src_path} {getattr(event, 'dest_path', '')}":
            self.handler.dispatch(event)


class Observer(watchdog.observers.Observer):
    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(_Changes(event_handler), path, recursive=recursive, event_filter=CHANGES)
