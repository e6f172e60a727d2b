#!/usr/bin/env python3
"""A loopback HTTP/1.1 server for the HTTP client's tests (keep-alive, threads).

Prints its port on the first line of stdout, then serves until killed. Routes:
  GET|HEAD /bytes/N       N deterministic bytes (byte i = i % 251)
  GET /status/CODE        that status with a small XML error body
  ANY /echo/...           JSON: method, raw path, headers, body (as text)
  GET /slow/SECONDS       sleeps, then answers 200 "late"
  GET /stall              sends headers and 10 bytes of a 1,000-byte body, then stalls
  GET /stats              JSON: connections accepted so far, requests served, and the most
                          requests (other than /stats) handled at once
  GET /s3/loop/?...        a ListObjectsV2 page whose continuation token never changes
  GET /s3/notoken/?...     a ListObjectsV2 page truncated without a continuation token
  GET /s3/moved/?...       301 PermanentRedirect naming region eu-west-1 unless the request is signed
                           for eu-west-1, then an empty ListObjectsV2 page
  GET /s3/expired/?...     400 ExpiredToken unless signed with the access key AKIDFRESH, then an
                           empty ListObjectsV2 page
  GET /s3/flaky/obj        1,000 bytes (byte i = i % 251); without a Range header the body breaks
                           off after 400 bytes; with `Range: bytes=a-b` it answers 206 with them
"""
import os
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "s3-responses")
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
stats = {"connections": 0, "requests": 0, "peak_in_flight": 0}
in_flight = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with lock:
            stats["connections"] += 1

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/octet-stream", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        with lock:
            stats["requests"] += 1
        if self.path == "/stats":
            return self.route()
        with lock:
            in_flight[0] += 1
            stats["peak_in_flight"] = max(stats["peak_in_flight"], in_flight[0])
        try:
            self.route()
        finally:
            with lock:
                in_flight[0] -= 1

    def route(self):
        path = self.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/bytes/"):
            count = int(path.split("/")[2])
            self.send(200, bytes(i % 251 for i in range(count)))
        elif path.startswith("/status/"):
            code = int(path.split("/")[2])
            self.send(code, b"<Error><Code>Test</Code><Message>status %d</Message></Error>" % code, "application/xml")
        elif path.startswith("/echo"):
            answer = {"method": self.command, "path": path, "headers": [[k, v] for k, v in self.headers.items()],
                      "body": body.decode("utf-8", "replace")}
            self.send(200, json.dumps(answer).encode(), "application/json")
        elif path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2]))
            self.send(200, b"late")
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            time.sleep(30)
        elif path.startswith("/s3/loop/") or path.startswith("/s3/notoken/"):
            name = "list-v2-token-loop.xml" if path.startswith("/s3/loop/") else "list-v2-truncated-without-token.xml"
            with open(os.path.join(FIXTURES, name), "rb") as f:
                self.send(200, f.read(), "application/xml")
        elif path.startswith("/s3/moved/"):
            if "/eu-west-1/s3/aws4_request" in (self.headers.get("Authorization") or ""):
                self.send(200, b'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>moved</Name>'
                          b'<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>', "application/xml")
            else:
                self.send(301, b"<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access "
                          b"must be addressed using the specified endpoint.</Message><Bucket>moved</Bucket>"
                          b"<Endpoint>moved.s3.eu-west-1.amazonaws.com</Endpoint></Error>", "application/xml",
                          extra=[("x-amz-bucket-region", "eu-west-1")])
        elif path.startswith("/s3/expired/"):
            if "Credential=AKIDFRESH/" in (self.headers.get("Authorization") or ""):
                self.send(200, b'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>expired</Name>'
                          b'<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>', "application/xml")
            else:
                self.send(400, b"<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>",
                          "application/xml")
        elif path.startswith("/s3/flaky/obj"):
            data = bytes(i % 251 for i in range(1000))
            wanted = self.headers.get("Range")
            if wanted:
                first, last = wanted.split("=")[1].split("-")
                chunk = data[int(first):int(last) + 1]
                self.send(206, chunk, extra=[("Content-Range", "bytes %s-%s/1000" % (first, last)), ("ETag", '"flaky"')])
            else:
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.send_header("ETag", '"flaky"')
                self.end_headers()
                self.wfile.write(data[:400])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
        elif path == "/stats":
            with lock:
                self.send(200, json.dumps(stats).encode(), "application/json")
        else:
            self.send(404, b"no such route")

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
