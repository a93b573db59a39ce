"""Serve a folder on 127.0.0.1 in a process of its own and log every request it answers, for the browser tests:
``python tests/counting_server.py FOLDER LOG`` prints the port, then appends one JSON line per request to LOG:
[the request's ``x-va-visit`` header (the browser context that sent it) or null, the path, the bytes of the file
sent (no compression)].

A process of its own: served from a thread of the test process, concurrent page loads were answered late (the
test process is busy driving the browsers), which stalled loads and moved text on pages that do not move."""

import functools
import http.server
import json
import os
import sys
import threading

HEADER = "x-va-visit"


class Counting(http.server.SimpleHTTPRequestHandler):
    log_path = ""
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        """Log the request, then answer it: a browser never sees a response its log line does not precede."""
        path = self.translate_path(self.path)
        path = os.path.join(path, "index.html") if os.path.isdir(path) else path
        size = os.path.getsize(path) if os.path.isfile(path) else 0
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
