"""Serve a built site the way a static host does: text (HTML, CSS, JS, SVG, JSON, XML) gzip-compressed when the
browser accepts it — GitHub Pages, Netlify and Cloudflare Pages all compress — everything else as it is on disk.
Used by `make audit` (scripts/audit.py) and by the browser tests' server (tests/counting_server.py), so both
measure pages as readers receive them.

A request with the header ``X-Trickle: BYTES MS`` gets an HTML page uncompressed, BYTES at a time with MS
milliseconds between pieces: a slow network, made deterministic, under which a browser paints a page it has only
partly parsed (the browser tests' worst case for layout shift, tests/browser/visits.py)."""

from __future__ import annotations

import gzip
import http.server
import time
from pathlib import Path

COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt"}


class StaticHost(http.server.SimpleHTTPRequestHandler):
    compress = True  # False: every file as it is on disk

    def file(self) -> Path:
        """The file this request names (a folder's index.html for a folder)."""
        path = Path(self.translate_path(self.path))
        return path / "index.html" if path.is_dir() else path

    def do_GET(self):
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away mid-response (a page closed while loading): nothing to answer

    def _get(self):
        path = self.file()
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        redirect = path != Path(self.translate_path(self.path)) and not self.path.split("?", 1)[0].endswith("/")
        trickle = self.headers.get("X-Trickle")
        if trickle and not redirect and path.suffix == ".html" and path.is_file():
            return self._trickle(path.read_bytes(), *map(int, trickle.split()))
        if redirect or not (self.compress and accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().do_GET()  # a folder named without its final "/" is redirected there, as hosts do
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, body: bytes, size: int, ms: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), size):
            if start:
                time.sleep(ms / 1000)
            self.wfile.write(body[start : start + size])
            self.wfile.flush()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's 5 drops connections when several browsers load pages at once


def main(argv=None) -> None:
    """``python scripts/static_host.py FOLDER PORT``: serve FOLDER on 127.0.0.1:PORT (0: any free port, printed)."""
    import functools
    import sys

    folder, port = (argv or sys.argv[1:])[:2]
    httpd = Server(("127.0.0.1", int(port)), functools.partial(StaticHost, directory=folder))
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
