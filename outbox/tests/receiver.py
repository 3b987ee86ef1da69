"""A real HTTP receiver on loopback for the outbox tests: it records every POST it gets."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, *, status: int = 200, slow_key: str = "", slow_seconds: float = 0) -> None:
        self.status, self.slow_key, self.slow_seconds = status, slow_key, slow_seconds
        self.received: list[tuple[str, Any]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key", "")
                if key == outer.slow_key:
                    outer.slow_key = ""  # slow once: the worker is killed during this
                    threading.Event().wait(outer.slow_seconds)
                with outer.lock:
                    outer.received.append((key, body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self) -> list[str]:
        with self.lock:
            return [key for key, _ in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
