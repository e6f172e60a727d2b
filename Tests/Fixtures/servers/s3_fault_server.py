#!/usr/bin/env python3
"""A loopback S3 (path-style, unsigned checks) that fails on purpose, for the retry tests.

Prints its port on the first line of stdout, then serves until killed. A bucket's name says how
it behaves; every bucket holds `COUNT` objects `k0000`, `k0001`, ... of 100 bytes each (byte i of
object n is (n + i) % 251), listed in one ListObjectsV2 page (COUNT <= 1000):

  slowdown-COUNT            every GET of an object answers 503 SlowDown
  outage-COUNT              every GET of an object answers 500 InternalError
  retryafter-COUNT-SECONDS  the first GET of each object answers 503 SlowDown with
                            `Retry-After: SECONDS`; later ones succeed
  burst-COUNT-FIRST-LAST    object GETs number FIRST..LAST (1-based, in order of arrival) answer
                            503 SlowDown; every other GET succeeds after 40 ms

GET /stats?bucket=NAME answers JSON for that bucket:
  gets          object GETs received
  attempts      {key: [arrival time in seconds, ...]} (monotonic clock)
  in_flight     for each object GET in order of arrival, the object GETs in progress then (itself
                included)
"""
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
buckets = {}


def body_of(index):
    return bytes((index + i) % 251 for i in range(100))


def state_of(bucket):
    with lock:
        return buckets.setdefault(bucket, {"gets": 0, "attempts": {}, "in_flight": [], "running": 0})


def listing(bucket, count):
    parts = ['<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>',
             "<Name>%s</Name><Prefix></Prefix><KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys>" % (bucket, count),
             "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"]
    for index in range(count):
        etag = hashlib.md5(body_of(index)).hexdigest()
        parts.append("<Contents><Key>k%04d</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
                     "<ETag>&quot;%s&quot;</ETag><Size>100</Size><StorageClass>STANDARD</StorageClass></Contents>"
                     % (index, etag))
    parts.append("</ListBucketResult>")
    return "".join(parts).encode()


def error(code, message):
    return ("<Error><Code>%s</Code><Message>%s</Message></Error>" % (code, message)).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/xml", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        segments = [s for s in url.path.split("/") if s]
        if segments == ["stats"]:
            name = query.get("bucket", [""])[0]
            state = state_of(name)
            with lock:
                answer = {k: state[k] for k in ("gets", "attempts", "in_flight")}
            return self.send(200, json.dumps(answer).encode(), "application/json")
        if not segments:
            return self.send(404, error("NoSuchBucket", "no bucket"))
        bucket = segments[0]
        mode, _, rest = bucket.partition("-")
        numbers = [int(n) for n in rest.split("-") if n.isdigit()]
        if mode not in ("slowdown", "outage", "retryafter", "burst") or not numbers:
            return self.send(404, error("NoSuchBucket", "The specified bucket does not exist"))
        count = numbers[0]
        if len(segments) == 1:
            return self.send(200, listing(bucket, count))
        key = "/".join(segments[1:])
        if not key.startswith("k") or not key[1:].isdigit() or int(key[1:]) >= count:
            return self.send(404, error("NoSuchKey", "The specified key does not exist."))
        self.get_object(bucket, mode, numbers, key)

    def get_object(self, bucket, mode, numbers, key):
        state = state_of(bucket)
        with lock:
            state["gets"] += 1
            number = state["gets"]
            state["running"] += 1
            state["in_flight"].append(state["running"])
            earlier = state["attempts"].setdefault(key, [])
            earlier.append(time.monotonic())
            first_attempt = len(earlier) == 1
        try:
            if mode == "slowdown" or (mode == "burst" and numbers[1] <= number <= numbers[2]):
                return self.send(503, error("SlowDown", "Please reduce your request rate."))
            if mode == "outage":
                return self.send(500, error("InternalError", "We encountered an internal error. Please try again."))
            if mode == "retryafter" and first_attempt:
                return self.send(503, error("SlowDown", "Please reduce your request rate."),
                                 extra=[("Retry-After", str(numbers[1]))])
            if mode == "burst":
                time.sleep(0.04)
            data = body_of(int(key[1:]))
            self.send(200, data, "application/octet-stream",
                      extra=[("ETag", '"%s"' % hashlib.md5(data).hexdigest())])
        finally:
            with lock:
                state["running"] -= 1

    do_HEAD = do_GET


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
