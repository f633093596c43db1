"""A test site's HTTP server. In a process of its own (`python site_server.py SITE_DIR RUN_PID`) it serves a
site that a test run's parallel workers share (conftest.shared_site): it prints its port, serves SITE_DIR at
127.0.0.1 on it, and stops once process RUN_PID (the run's pytest) has ended."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def start_serving(server: http.server.HTTPServer) -> None:
    """SERVER answers in a thread of its own. Its loop looks for a stop every 50 ms, not the standard
    library's 500: a test run stops dozens of servers, each waiting out that interval."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


def site_server(site_dir: str) -> http.server.ThreadingHTTPServer:
    """A server of SITE_DIR bound to a free port of 127.0.0.1, not yet serving."""
    return http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=site_dir)
    )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main(site_dir: str, run_pid: int) -> None:
    server = site_server(site_dir)
    print(server.server_address[1], flush=True)
    start_serving(server)
    while _running(run_pid):
        time.sleep(0.2)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
