#!/usr/bin/env python3
"""An HTTP proxy on 127.0.0.1 that damages object bodies on purpose, for the integrity tests.

    fault_proxy.py UPSTREAM_PORT [--flip P] [--truncate P] [--reset P] [--stall P]
                   [--stall-seconds S] [--seed N] [--cap-bytes N] [--flip-first N]

Prints its port on the first line of stdout, then forwards every request to 127.0.0.1:UPSTREAM_PORT
(path-style S3, e.g. moto) until killed. Only successful GETs of an object (a path with a key, not
a bucket listing) are damaged, each independently with the given probabilities (seeded, so a run
is repeatable):

  flip       one byte of the body is inverted; the length stays right
  truncate   half the body is sent, then the connection closes
  reset      half the body is sent, then the connection is reset (RST)
  stall      half the body is sent, then nothing for S seconds (default 5), then a close

--cap-bytes N closes every object body after N bytes (a link that keeps breaking).
--flip-first N flips a byte in each of the first N object bodies, whatever the draws.

GET /__proxy/kill?pid=P&after=N: once N more object body bytes went out, the proxy itself sends
SIGKILL to process P (at the byte count, whatever the load of the process that asked).

GET /__proxy/stats answers JSON:
  body_bytes   object body bytes written to clients, over all responses
  faults       {"flip": n, "truncate": n, "reset": n, "stall": n}
  kills        processes killed by a /__proxy/kill plan
  responses    [[key, range or "", outcome, client port], ...] in the order the bodies started
               (the port tells the client's connections apart); outcome "ok",
               a fault, "cap", or "client-gone" (the client hung up first)
"""
import http.client
import json
import os
import signal
import random
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection", "proxy-authenticate", "proxy-authorization"}
CHUNK = 256 * 1024

settings = {"flip": 0.0, "truncate": 0.0, "reset": 0.0, "stall": 0.0, "stall_seconds": 5.0,
            "seed": 1, "cap_bytes": None, "flip_first": 0}
lock = threading.Lock()
stats = {"body_bytes": 0, "faults": {"flip": 0, "truncate": 0, "reset": 0, "stall": 0}, "responses": [], "kills": 0}
kill_plan = {"pid": None, "at": None}  # SIGKILL pid once body_bytes reaches at
chooser = random.Random(1)


def choose_fault():
    """One draw per damaged-able response: the fault to inject, or None."""
    with lock:
        if settings["flip_first"] > 0:
            settings["flip_first"] -= 1
            return "flip"
        draw = chooser.random()
    edge = 0.0
    for name in ("flip", "truncate", "reset", "stall"):
        edge += settings[name]
        if draw < edge:
            return name
    return None


def object_key(path):
    """The key of a path-style object path, or None for a bucket (listing) path."""
    parts = urlsplit(path).path.lstrip("/").split("/", 1)
    if len(parts) < 2 or parts[1] == "":
        return None
    return unquote(parts[1])


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream_port = 0

    def log_message(self, *args):
        pass

    def upstream(self):
        connection = getattr(self, "_upstream", None)
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=120)
            self._upstream = connection
        return connection

    def handle_any(self):
        if self.command == "GET" and self.path.startswith("/__proxy/kill?"):
            query = dict(part.split("=", 1) for part in urlsplit(self.path).query.split("&"))
            with lock:
                kill_plan["pid"] = int(query["pid"])
                kill_plan["at"] = stats["body_bytes"] + int(query["after"])
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.command == "GET" and self.path == "/__proxy/stats":
            with lock:
                body = json.dumps(stats).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        length = int(self.headers.get("Content-Length") or 0)
        request_body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        try:
            connection = self.upstream()
            connection.request(self.command, self.path, body=request_body, headers=headers)
            response = connection.getresponse()
        except (OSError, http.client.HTTPException):
            self._upstream = None
            self.send_error(502)
            return
        key = object_key(self.path)
        damageable = self.command == "GET" and key is not None and response.status in (200, 206)
        fault = choose_fault() if damageable else None
        size = response.getheader("Content-Length")
        body = None
        if size is None:
            body = response.read()
            size = len(body)
        size = int(size)
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        limit = size
        if fault in ("truncate", "reset", "stall"):
            limit = size // 2
        if damageable and settings["cap_bytes"] is not None:
            limit = min(limit, settings["cap_bytes"])
            if limit < size and fault is None:
                fault = "cap"
        record = None
        if damageable:
            # Recorded when the body starts, so a retry it provokes always comes after it.
            record = [key, self.headers.get("Range") or "", fault or "ok", self.client_address[1]]
            with lock:
                stats["responses"].append(record)
        flip_at = random.Random(settings["seed"] + size).randrange(size) if fault == "flip" and size > 0 else -1
        sent = 0
        try:
            while sent < limit:
                chunk = body[sent:sent + CHUNK] if body is not None else response.read(min(CHUNK, size - sent))
                if not chunk:
                    break
                chunk = chunk[:limit - sent]
                if sent <= flip_at < sent + len(chunk):
                    damaged = bytearray(chunk)
                    damaged[flip_at - sent] ^= 0xFF
                    chunk = bytes(damaged)
                self.wfile.write(chunk)
                sent += len(chunk)
                if damageable:
                    with lock:
                        stats["body_bytes"] += len(chunk)
                        if kill_plan["pid"] is not None and stats["body_bytes"] >= kill_plan["at"]:
                            try:
                                os.kill(kill_plan["pid"], signal.SIGKILL)
                                stats["kills"] += 1
                            except ProcessLookupError:
                                pass
                            kill_plan["pid"] = None
            self.wfile.flush()
        except OSError:
            fault = "client-gone"
        finally:
            if damageable:
                with lock:
                    if fault in stats["faults"]:  # delivered as planned
                        stats["faults"][fault] += 1
                    record[2] = fault or "ok"
        if limit < size or fault == "client-gone":
            # The upstream response is unfinished: drop that connection, and end the client's.
            connection.close()
            self._upstream = None
            if fault == "stall":
                time.sleep(settings["stall_seconds"])
            if fault == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = handle_any


def main():
    arguments = sys.argv[1:]
    Proxy.upstream_port = int(arguments.pop(0))
    while arguments:
        flag, value = arguments.pop(0), arguments.pop(0)
        name = flag.lstrip("-").replace("-", "_")
        if name not in settings:
            sys.exit(f"unknown option {flag}")
        settings[name] = int(value) if name in ("seed", "cap_bytes", "flip_first") else float(value)
    chooser.seed(settings["seed"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
