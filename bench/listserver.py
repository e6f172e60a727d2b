"""A ListObjectsV2 (and v1) server over a generated key space, for listing benchmarks.

Keys (SHAPE nested, the default): `dNNNN/sNN/kNNNNNNN` in FOLDERS top-level folders of SUBFOLDERS
folders each, KEYS in all, plus a few top-level keys. SHAPE counter: a flat key space of
`kNNNNNNNN` (no `/`); SHAPE hex: flat, `HHHHHHHH-NNNNNNNN` (hashed, spread evenly). Sorted once,
then every request is a binary search and a slice.
SHAPE json: the keys of the JSON list in KEYS_JSON (any Unicode key). With --bodies, it also
serves the objects (GET and HEAD of BUCKET/KEY): each object's body is its key in UTF-8, listed
with that size and its true MD5 ETag, so a real clone of millions of objects needs no storage;
without it, a GET of any path is a listing. Supports prefix,
delimiter, start-after, continuation-token (v2), marker (v1), max-keys and encoding-type=url; no
authentication is checked. Prints its port on the first line of PORT_FILE (of standard output
when PORT_FILE is -). The tests list through it too (S3StoreLaneServerTests).

It writes `first-list T` and `first-get T` (seconds since the epoch, when the first listing
request and the first object request arrived) to --events, for the time to the first object;
a GET of /_events/reset makes the next ones first again.

Usage: python3 listserver.py PORT_FILE [--keys N] [--folders N] [--subfolders N]
                             [--shape nested|counter|hex|json] [--keys-json PATH]
                             [--bodies] [--events PATH]
"""
import argparse
import bisect
import hashlib
import http.server
import json
import socketserver
import sys
import threading
import time
import urllib.parse
from xml.sax.saxutils import escape


def make_keys(count, folders, subfolders, shape="nested", keys_json=None):
    if shape == "json":
        with open(keys_json, encoding="utf-8") as fh:
            return sorted(set(json.load(fh)))  # code point order is UTF-8 byte order
    if shape == "counter":
        return [f"k{index:08d}" for index in range(count)]
    if shape == "hex":
        return sorted(f"{(index * 2654435761) % (1 << 32):08x}-{index:08d}" for index in range(count))
    keys = [f"top-{i:03d}.txt" for i in range(5)]
    for index in range(count - len(keys)):
        folder = index % folders
        sub = (index // folders) % subfolders
        keys.append(f"d{folder:04d}/s{sub:02d}/k{index:07d}")
    keys.sort()
    return keys


def etag_of(key):
    return hashlib.md5(key.encode()).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and a small body go out in two writes; with Nagle's algorithm the body waits
    # for the ACK of the headers, which the peer delays (up to 40 ms): every small GET would
    # take a round trip and 40 ms more than it does from S3.
    disable_nagle_algorithm = True
    keys = []
    bodies = False
    events = None  # an open file, or None
    seen = set()
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def note(self, event):
        if self.events is None or event in self.seen:
            return
        with self.lock:
            if event not in self.seen:
                self.seen.add(event)
                self.events.write(f"{event} {time.time():.6f}\n")
                self.events.flush()

    def object_key(self):
        """The key a GET or HEAD names (bucket/KEY), or None for a bucket (a listing)."""
        path = urllib.parse.urlsplit(self.path).path
        bucket, _, key = path.lstrip("/").partition("/")
        return urllib.parse.unquote(key) if self.bodies and key else None

    def do_HEAD(self):
        key = self.object_key()
        if key is None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_object(key, head=True)

    def do_GET(self):
        if self.path == "/_events/reset":  # the next requests are "first" again
            with self.lock:
                self.seen.clear()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        key = self.object_key()
        if key is not None:
            self.note("first-get")
            self.send_object(key, head=False)
            return
        self.note("first-list")
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        bucket = url.path.strip("/").split("/")[0]
        body = self.listing(bucket, query).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_object(self, key, head):
        index = bisect.bisect_left(self.keys, key)
        if index == len(self.keys) or self.keys[index] != key:
            body = b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
            self.send_response(404)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        body = key.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{etag_of(key)}"')
        self.send_header("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def listing(self, bucket, query):
        keys = self.keys
        v2 = query.get("list-type") == "2"
        prefix = query.get("prefix", "")
        delimiter = query.get("delimiter", "")
        maximum = min(int(query.get("max-keys", "1000")), 1000)
        url = query.get("encoding-type") == "url"
        encode = (lambda text: urllib.parse.quote(text, safe="/")) if url else escape
        token = query.get("continuation-token")
        after = (urllib.parse.unquote(token) if token else query.get("start-after", "")) if v2 else query.get("marker", "")
        start = max(bisect.bisect_right(keys, after) if after else 0, bisect.bisect_left(keys, prefix))
        contents, prefixes, last, position = [], [], None, start
        while position < len(keys) and len(contents) + len(prefixes) < maximum:
            key = keys[position]
            if not key.startswith(prefix):
                break
            cut = key.find(delimiter, len(prefix)) if delimiter else -1
            if cut >= 0:
                common = key[:cut + len(delimiter)]
                prefixes.append(common)
                # A token or marker after a folder must skip the folder's keys too.
                last = common + "\U0010ffff"
                position = bisect.bisect_left(keys, common + "\U0010ffff")
            else:
                contents.append(key)
                last = key
                position += 1
        truncated = position < len(keys) and keys[position].startswith(prefix)
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
               f"<Name>{bucket}</Name><Prefix>{encode(prefix)}</Prefix><MaxKeys>{maximum}</MaxKeys>"]
        if delimiter:
            out.append(f"<Delimiter>{encode(delimiter)}</Delimiter>")
        if url:
            out.append("<EncodingType>url</EncodingType>")
        out.append(f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
        if v2:
            out.append(f"<KeyCount>{len(contents) + len(prefixes)}</KeyCount>")
            if truncated:
                out.append(f"<NextContinuationToken>{escape(urllib.parse.quote(last))}</NextContinuationToken>")
        elif truncated:
            out.append(f"<NextMarker>{escape(last)}</NextMarker>")
        for key in contents:
            etag, size = (etag_of(key), len(key.encode())) if self.bodies else ("d41d8cd98f00b204e9800998ecf8427e", len(key))
            out.append(f"<Contents><Key>{encode(key)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
                       f"<ETag>&quot;{etag}&quot;</ETag><Size>{size}</Size>"
                       "<StorageClass>STANDARD</StorageClass></Contents>")
        for common in prefixes:
            out.append(f"<CommonPrefixes><Prefix>{encode(common)}</Prefix></CommonPrefixes>")
        out.append("</ListBucketResult>")
        return "".join(out)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # a tool opening 100 connections at once must not wait on SYN retries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port_file")
    parser.add_argument("--keys", type=int, default=200_000)
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--subfolders", type=int, default=10)
    parser.add_argument("--shape", choices=["nested", "counter", "hex", "json"], default="nested")
    parser.add_argument("--keys-json")
    parser.add_argument("--bodies", action="store_true")
    parser.add_argument("--events")
    args = parser.parse_args()
    Handler.bodies = args.bodies
    Handler.events = open(args.events, "a") if args.events else None
    Handler.keys = make_keys(args.keys, args.folders, args.subfolders, args.shape, args.keys_json)
    server = Server(("127.0.0.1", 0), Handler)
    if args.port_file == "-":
        print(server.server_address[1], flush=True)
    else:
        with open(args.port_file, "w") as fh:
            fh.write(f"{server.server_address[1]}\n")
    sys.stderr.write(f"listserver: {len(Handler.keys)} keys on port {server.server_address[1]}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
