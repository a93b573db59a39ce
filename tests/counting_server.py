"""Serve a folder on 127.0.0.1 in a process of its own and log every request it answers, for the browser tests:
``python tests/counting_server.py FOLDER LOG`` prints the port, then appends one JSON line per request to LOG:
[the request's ``x-va-visit`` header (the browser context that sent it) or null, the path, the bytes of the file
(uncompressed: the first-view budget counts those)]. Files are sent as a static host sends them
(scripts/static_host.py: text gzip-compressed).

A request with the ``x-va-network`` header ("LATENCY_MS BYTES_PER_S") is answered as over a slow mobile link, the
phone visits' network (tests/visits.py): its answer starts one round trip late, and the answers to one visit share
that throughput. The server shapes the network rather than Chromium's emulation (Network.emulateNetworkConditions),
under which a load now and then stalled for two minutes with its requests answered but never finished.

A process of its own: served from a thread of the test process, concurrent page loads were answered late (the
test process is busy driving the browsers), which stalled loads and moved text on pages that do not move."""

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from static_host import StaticHost  # noqa: E402

HEADER = "x-va-visit"
NETWORK_HEADER = "x-va-network"
CHUNK = 4096  # bytes sent at a time on a shaped link


class Link:
    """One visit's network: every answer waits one round trip, then its bytes queue for one shared throughput."""

    links: dict = {}  # (visit tag, header value) -> Link
    made = threading.Lock()

    def __init__(self, latency_ms: str, rate: str):
        self.latency, self.rate = float(latency_ms) / 1000, float(rate)
        self.free = 0.0  # when the link has sent everything queued so far
        self.lock = threading.Lock()

    @classmethod
    def of(cls, tag: str | None, spec: str) -> "Link":
        with cls.made:
            return cls.links.setdefault((tag, spec), cls(*spec.split()))

    def send(self, n: int) -> None:
        """Wait until ``n`` more bytes have crossed the link."""
        with self.lock:
            self.free = max(time.monotonic(), self.free) + n / self.rate
            done = self.free
        time.sleep(max(0.0, done - time.monotonic()))


class Paced:
    """The response stream of one request, written through its visit's Link."""

    def __init__(self, raw, link: Link):
        self.raw, self.link = raw, link

    def write(self, data) -> int:
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            self.link.send(len(view[start : start + CHUNK]))
            self.raw.write(view[start : start + CHUNK])
        return len(view)

    def __getattr__(self, name):  # flush, close, closed: those of the socket's stream
        return getattr(self.raw, name)


class Counting(StaticHost):
    log_path = ""
    lock = threading.Lock()

    def do_GET(self):
        """Log the request, then answer it: a browser never sees a response its log line does not precede."""
        path = self.file()
        size = path.stat().st_size if path.is_file() else 0
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps([self.headers.get(HEADER), self.path, size]) + "\n")
        spec = self.headers.get(NETWORK_HEADER)
        if spec and not isinstance(self.wfile, Paced):
            link = Link.of(self.headers.get(HEADER), spec)
            time.sleep(link.latency)
            self.wfile = Paced(self.wfile, link)
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
