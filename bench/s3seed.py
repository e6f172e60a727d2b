"""Seeds the datasets of s3bench.sh and writes what nginx needs to serve them as S3 buckets.

    python3 s3seed.py SEED DATA_DIR PAGES_DIR MAPS_FILE BUCKET:SPEC [BUCKET:SPEC ...]

SPEC is a list of COUNTxMIN-MAX (log-uniform sizes) or COUNTxSIZE terms joined by "+",
e.g. "10000x1024-262144" or "2000x1024-262144+2x209715200".

For every bucket it writes:
- the objects, DATA_DIR/BUCKET/KEY, random bytes from random.Random(f"{SEED}/{BUCKET}"),
  keys "dAA/dBB/fNNNNNN.bin", "dAA/fNNNNNN.bin" or "fNNNNNN.bin" (root, 20 level-1 and 400
  level-2 prefixes, one chosen uniformly per object), mtime 2024-01-01T00:00:00Z;
- the listing pages, PAGES_DIR/BUCKET/VER/ENC/PREFIX/DELIM/PAGE.xml: VER v1 (ListObjects) or
  v2 (ListObjectsV2), ENC url or raw (encoding-type=url or none), PREFIX "root" or the id of
  one of the 420 folder prefixes (whether it holds objects or not), DELIM flat (none) or slash
  ("/"), PAGE p1, then p2, p3, ... (v2 continuation tokens) or the id of the v1 marker (the
  last key or common prefix of the page before); 1,000 entries a page, in UTF-8 byte order.
MAPS_FILE gets the nginx maps: $uri -> the object's MD5 as its ETag ($s3_etag) and its
CRC64NVME ($s3_crc64nvme_of_uri), $s3_crc64nvme -> that CRC only for a request that asks for
checksums (x-amz-checksum-mode: ENABLED, any case) without a Range (S3 sends no full-object
checksum for a range), $arg_prefix and $arg_marker (with "/" as is or as %2F) -> their ids.
The CRC64NVME (S3's default full-object checksum) is the value of x-amz-checksum-crc64nvme:
base64 of its 8 bytes, big-endian. It comes from awscrt (pip install awscrt), checked first.
An object larger than CHUNK is made, hashed and written CHUNK bytes at a time (memory stays
bounded, whatever its size): the same bytes as in one piece (random.Random.randbytes draws
32-bit words in order, and CHUNK is a multiple of 4). A second thread hashes and writes each
piece while the next one is drawn (hashlib and file writes release the GIL).
Prints one line per bucket: name, objects, bytes, prefixes holding objects, fingerprint.
"""
import base64
import hashlib
import os
import queue
import random
import sys
import threading

try:
    from awscrt import checksums
except ImportError:
    sys.exit("s3seed.py: error: the Python package awscrt is missing (it computes CRC64NVME): "
             f"{sys.executable} -m pip install awscrt")

FANOUT = 20
CHUNK = 16 << 20  # bytes of an object made, hashed and written at a time (a multiple of 4)
MTIME = 1704067200  # 2024-01-01T00:00:00Z
PAGE = 1000
NS = "http://s3.amazonaws.com/doc/2006-03-01/"
OWNER = "<Owner><ID>s3bench</ID><DisplayName>s3bench</DisplayName></Owner>"

FOLDERS = [""]
for a in range(FANOUT):
    FOLDERS.append(f"d{a:02d}")
    FOLDERS.extend(f"d{a:02d}/d{b:02d}" for b in range(FANOUT))
PREFIXES = {"": "root"}
PREFIXES.update((f + "/", f"P{i}") for i, f in enumerate(FOLDERS[1:]))


def crc64nvme_b64(data):
    """x-amz-checksum-crc64nvme of `data`: base64 of the CRC's 8 bytes, big-endian."""
    return base64.b64encode(checksums.crc64nvme(data).to_bytes(8, "big")).decode()


def check_crc64nvme():
    """The NVMe CRC-64 (reflected polynomial 0x9a6c9329ac4bc9b5, init and final xor all ones):
    its check value, also when fed in two pieces (the `previous` argument)."""
    want = 0xae8b14860a799888
    got = checksums.crc64nvme(b"123456789")
    pieces = checksums.crc64nvme(b"6789", checksums.crc64nvme(b"12345"))
    if got != want or pieces != want or crc64nvme_b64(b"") != "AAAAAAAAAAA=":
        sys.exit(f"s3seed.py: error: awscrt's crc64nvme(b'123456789') is {got:#018x} ({pieces:#018x} in two "
                 f"pieces), expected {want:#018x}")


def write_object(path, size, rng, fingerprint):
    """Writes `size` bytes from `rng` to `path`, feeding them to `fingerprint` too; returns their
    MD5 (hex) and CRC64NVME (base64)."""
    md5, crc = hashlib.md5(), 0
    with open(path, "wb") as fh:
        if size <= CHUNK:
            data = rng.randbytes(size)
            fh.write(data)
            md5.update(data)
            fingerprint.update(data)
            crc = checksums.crc64nvme(data)
        else:
            pieces, failed = queue.Queue(maxsize=2), []  # at most 4 pieces alive: 64 MiB

            def consume():
                nonlocal crc
                try:
                    while (piece := pieces.get()) is not None:
                        fh.write(piece)
                        md5.update(piece)
                        fingerprint.update(piece)
                        crc = checksums.crc64nvme(piece, crc)
                except BaseException as e:  # noqa: BLE001 - re-raised in the main thread
                    failed.append(e)
                    while pieces.get() is not None:
                        pass
            worker = threading.Thread(target=consume)
            worker.start()
            try:
                for off in range(0, size, CHUNK):
                    pieces.put(rng.randbytes(min(CHUNK, size - off)))
            finally:
                pieces.put(None)
                worker.join()
            if failed:
                raise failed[0]
    return md5.hexdigest(), base64.b64encode(crc.to_bytes(8, "big")).decode()


def sizes(spec, rng):
    for term in spec.split("+"):
        count, size = term.split("x")
        lo, _, hi = size.partition("-")
        lo, hi = int(lo), int(hi or lo)
        for _ in range(int(count)):
            yield lo if lo == hi else min(hi, max(lo, round(lo * (hi / lo) ** rng.random())))


def seed(bucket, spec, seed_value, data_dir):
    """Writes the objects; returns [(key, size, md5, crc64nvme)] sorted by key, total bytes,
    folders used, and a fingerprint of keys, sizes and contents."""
    rng = random.Random(f"{seed_value}/{bucket}")
    root = os.path.join(data_dir, bucket)
    os.makedirs(root, exist_ok=True)
    objs, used, total = [], set(), 0
    h = hashlib.sha256()
    for i, size in enumerate(sizes(spec, rng)):
        folder = rng.choice(FOLDERS)
        key = f"{folder}/f{i:06d}.bin" if folder else f"f{i:06d}.bin"
        path = os.path.join(root, key)
        if folder not in used:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            used.add(folder)
        h.update(key.encode() + b"\0" + str(size).encode() + b"\0")
        md5, crc = write_object(path, size, rng, h)
        os.utime(path, (MTIME, MTIME))
        objs.append((key, size, md5, crc))
        total += size
    objs.sort(key=lambda o: o[0].encode())
    return objs, total, len(used), h.hexdigest()[:16]


def listing(objs, prefix, delimited):
    """The entries of one listing: ("k", key, size, md5) and ("p", common prefix), sorted."""
    out, seen = [], set()
    for key, size, md5, _crc in objs:
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix):]
        if delimited and "/" in rest:
            cp = prefix + rest.split("/", 1)[0] + "/"
            if cp not in seen:
                seen.add(cp)
                out.append(("p", cp))
        else:
            out.append(("k", key, size, md5))
    out.sort(key=lambda e: e[1].encode())
    return out


def page_xml(bucket, ver, enc, prefix, delimited, entries, n, last, marker, next_marker):
    def q(s):  # keys hold only [a-z0-9./]: URL encoding (with "/" kept) leaves them as they are
        return s
    x = [f'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="{NS}">',
         f"<Name>{bucket}</Name><Prefix>{q(prefix)}</Prefix>"]
    if ver == "v1":
        x.append(f"<Marker>{q(marker)}</Marker>")
        if delimited and not last:
            x.append(f"<NextMarker>{q(next_marker)}</NextMarker>")
    else:
        x.append(f"<KeyCount>{len(entries)}</KeyCount>")
    x.append(f"<MaxKeys>{PAGE}</MaxKeys>")
    if delimited:
        x.append("<Delimiter>/</Delimiter>")
    if enc == "url":
        x.append("<EncodingType>url</EncodingType>")
    x.append(f"<IsTruncated>{'false' if last else 'true'}</IsTruncated>")
    if ver == "v2":
        if n > 1:
            x.append(f"<ContinuationToken>p{n}</ContinuationToken>")
        if not last:
            x.append(f"<NextContinuationToken>p{n + 1}</NextContinuationToken>")
    for e in entries:
        if e[0] == "k":
            x.append(f"<Contents><Key>{q(e[1])}</Key>"
                     "<LastModified>2024-01-01T00:00:00.000Z</LastModified>"
                     f"<ETag>&quot;{e[3]}&quot;</ETag><Size>{e[2]}</Size>"
                     f"{OWNER if ver == 'v1' else ''}<StorageClass>STANDARD</StorageClass></Contents>")
    for e in entries:
        if e[0] == "p":
            x.append(f"<CommonPrefixes><Prefix>{q(e[1])}</Prefix></CommonPrefixes>")
    x.append("</ListBucketResult>\n")
    return "".join(x)


def write_pages(bucket, objs, pages_dir, markers):
    n_pages = 0
    for prefix, pid in PREFIXES.items():
        for delimited in (False, True):
            entries = listing(objs, prefix, delimited)
            chunks = [entries[i:i + PAGE] for i in range(0, len(entries), PAGE)] or [[]]
            for ver in ("v1", "v2"):
                for enc in ("url", "raw"):
                    d = os.path.join(pages_dir, bucket, ver, enc, pid, "slash" if delimited else "flat")
                    os.makedirs(d, exist_ok=True)
                    marker = ""
                    for n, chunk in enumerate(chunks, 1):
                        last = n == len(chunks)
                        nxt = chunk[-1][1] if chunk else ""
                        if ver == "v2":
                            name = f"p{n}"
                        else:
                            name = markers.setdefault(marker, f"k{len(markers)}") if marker else "p1"
                        with open(os.path.join(d, name + ".xml"), "w") as fh:
                            fh.write(page_xml(bucket, ver, enc, prefix, delimited, chunk, n, last,
                                              marker, nxt))
                        marker = nxt
                        n_pages += 1
    return n_pages


def nginx_map(var, name, pairs, default):
    lines = [f"map {var} {name} {{", f"    default {default};"]
    lines += [f'    "{k}" "{v}";' for k, v in pairs]
    return "\n".join(lines + ["}", ""])


def main():
    seed_value = sys.argv[1]
    data_dir, pages_dir, maps_file = sys.argv[2:5]
    check_crc64nvme()
    etags, crcs, markers = [], [], {}
    for arg in sys.argv[5:]:
        bucket, spec = arg.split(":", 1)
        objs, total, used, fingerprint = seed(bucket, spec, seed_value, data_dir)
        write_pages(bucket, objs, pages_dir, markers)
        etags += [(f"/{bucket}/{key}", f'\\"{md5}\\"') for key, _, md5, _ in objs]
        crcs += [(f"/{bucket}/{key}", crc) for key, _, _, crc in objs]
        print(bucket, len(objs), total, used, fingerprint)

    def both(s):  # a query argument as clients send it: "/" as is, or percent-encoded
        return {s, s.replace("/", "%2F")}
    with open(maps_file, "w") as fh:
        # The hash must hold every entry of the largest map (an ETag and a CRC per object, a
        # marker per page); the size is per map.
        entries = max(len(etags), len(crcs), 2 * len(markers))
        fh.write(f"map_hash_max_size {max(262144, 1 << (2 * entries - 1).bit_length())};\nmap_hash_bucket_size 128;\n")
        fh.write(nginx_map("$uri", "$s3_etag", etags, '""'))
        fh.write(nginx_map("$uri", "$s3_crc64nvme_of_uri", crcs, '""'))
        # S3 sends the stored checksum only to a request with x-amz-checksum-mode: ENABLED, and
        # not the full object's to a Range request. An empty value sets no header (headers-more).
        fh.write('map "$http_x_amz_checksum_mode/$http_range" $s3_crc64nvme {\n'
                 '    default "";\n    "~*^enabled/$" $s3_crc64nvme_of_uri;\n}\n')
        fh.write('map $s3_crc64nvme $s3_checksum_type {\n    default FULL_OBJECT;\n    "" "";\n}\n')
        fh.write(nginx_map("$arg_prefix", "$s3_prefix",
                           [(v, pid) for p, pid in PREFIXES.items() for v in both(p)], "bad"))
        fh.write(nginx_map("$arg_marker", "$s3_marker",
                           [("", "p1")] + [(v, mid) for m, mid in markers.items() for v in both(m)],
                           "bad"))


if __name__ == "__main__":
    main()
