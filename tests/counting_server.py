"""Serve a folder on 127.0.0.1 in a process of its own and log every request it answers, for the browser tests:
``python tests/counting_server.py FOLDER LOG`` prints the port, then appends one JSON line per request to LOG:
[the request's ``x-va-visit`` header (the browser context that sent it) or null, the path, the bytes of the file
(uncompressed: the first-view budget counts those)]. Files are sent as a static host sends them
(scripts/static_host.py: text gzip-compressed).

A process of its own: served from a thread of the test process, concurrent page loads were answered late (the
test process is busy driving the browsers), which stalled loads and moved text on pages that do not move."""

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from static_host import StaticHost  # noqa: E402

HEADER = "x-va-visit"


class Counting(StaticHost):
    log_path = ""
    lock = threading.Lock()

    def do_GET(self):
        """Log the request, then answer it: a browser never sees a response its log line does not precede."""
        path = self.file()
        size = path.stat().st_size if path.is_file() else 0
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps([self.headers.get(HEADER), self.path, size]) + "\n")
        super().do_GET()


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's 5 drops connections when several browsers load pages at once


def main(folder: str, log: str) -> None:
    Counting.log_path = log
    open(log, "w").close()
    httpd = Server(("127.0.0.1", 0), functools.partial(Counting, directory=folder))
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])
