#!/usr/bin/env python3
"""Seeds a bucket on a local S3-compatible server (moto) for s3clone's integration tests.

usage: s3_seed.py ENDPOINT BUCKET [--region R] [--dir DIR] [--keys-json FILE] [--public-read] [--multipart KEY SIZE PART_SIZE]
                  [--checksum ALGORITHM] [--multipart-checksum ALGORITHM] [--wrong-checksum KEY]

  --dir DIR          upload every file under DIR, keys = paths relative to DIR ('/'-separated)
  --keys-json FILE   upload the keys of a JSON list [{"key": ..., "hex": ...}] (any key, any bytes)
  --skip-rejected    keep going when the server refuses a key (listed on stderr)
  --public-read      uploaded objects get the public-read ACL (for anonymous access)
  --multipart ...    upload KEY as a multipart object of SIZE bytes in parts of PART_SIZE
                     (bytes: i % 251), so its ETag has the '-N' form
  --checksum ALG     store a full-object checksum with each single-part upload, computed here
                     (bit by bit, apart from s3clone's code): crc64nvme, crc32, crc32c, sha1,
                     sha256; or none (no checksum: only the MD5 ETag). Without it, boto3's
                     default (a CRC32 it computes).
  --multipart-checksum ALG  upload the --multipart objects with a composite checksum: each
                     part's ALG checksum (computed here) sent with the part, and the server keeps
                     the checksum of those (`<base64>-N`)
  --wrong-checksum KEY  store KEY's checksum (ALG's, CRC32 without one) with one bit flipped: an
                     object damaged at rest, whose every read fails its check
Creates the bucket first. Any credentials work with moto; these are fixed test values.
"""
import argparse
import base64
import hashlib
import zlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import boto3
from botocore.config import Config

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("bucket")
parser.add_argument("--region", default="us-east-1")
parser.add_argument("--dir")
parser.add_argument("--keys-json")
parser.add_argument("--multipart", nargs=3, action="append", default=[])
parser.add_argument("--public-read", action="store_true", help="give every uploaded object the public-read ACL")
parser.add_argument("--checksum", choices=["crc64nvme", "crc32", "crc32c", "sha1", "sha256", "none"])
parser.add_argument("--multipart-checksum", choices=["crc64nvme", "crc32", "crc32c", "sha1", "sha256"])
parser.add_argument("--wrong-checksum", action="append", default=[])
parser.add_argument("--skip-rejected", action="store_true", help="go on when the server refuses a key; list refused keys on stderr")
args = parser.parse_args()



def reflected_crc(data, polynomial, width):
    """A CRC with all-ones start and final xor, reflected (CRC-32, CRC-32C, CRC-64/NVME): a table
    of each byte's bit-by-bit result, then a byte at a time."""
    table = TABLES.get((polynomial, width))
    if table is None:
        table = []
        for index in range(256):
            crc = index
            for _ in range(8):
                crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
            table.append(crc)
        TABLES[(polynomial, width)] = table
    mask = (1 << width) - 1
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return (crc ^ mask).to_bytes(width // 8, "big")


TABLES = {}


def stored_checksum(algorithm, data):
    if algorithm == "crc64nvme":
        return reflected_crc(data, 0x9A6C9329AC4BC9B5, 64)
    if algorithm == "crc32":
        # zlib's (not s3clone's code either): bit by bit would take minutes for the 200 MiB
        # objects of the resume tests; zlib.crc32 is the same CRC-32 (crc32 of the 9 bytes
        # "123456789" is cbf43926 in both).
        return zlib.crc32(data).to_bytes(4, "big")
    if algorithm == "crc32c":
        return reflected_crc(data, 0x82F63B78, 32)
    return hashlib.new(algorithm, data).digest()


# With --checksum (or --wrong-checksum), boto3 computes none itself and each PutObject carries the
# one computed here, as an S3 client that uploads with a checksum sends it (moto keeps the header).
explicit = args.checksum is not None or bool(args.wrong_checksum)
s3 = boto3.client(
    "s3", endpoint_url=args.endpoint, region_name=args.region,
    aws_access_key_id="AKIDTESTSEED", aws_secret_access_key="test-secret-seed",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10},
                  **({"request_checksum_calculation": "when_required"} if explicit else {})),
)


def add_checksum(request, **_):
    algorithm = args.checksum if args.checksum not in (None, "none") else ("crc32" if args.wrong_checksum else None)
    if algorithm is None or request.body is None:
        return
    data = request.body if isinstance(request.body, bytes) else request.body.read()
    if not isinstance(request.body, bytes):
        request.body.seek(0)
    value = bytearray(stored_checksum(algorithm, data))
    key = request.url.split("/", 4)[4] if request.url.count("/") >= 4 else ""
    if unquote(key.split("?")[0]) in args.wrong_checksum:
        value[0] ^= 1
    request.headers["x-amz-checksum-" + algorithm] = base64.b64encode(bytes(value)).decode()
    request.headers["x-amz-sdk-checksum-algorithm"] = algorithm.upper()


if explicit:
    s3.meta.events.register("before-sign.s3.PutObject", add_checksum)
if args.region == "us-east-1":
    s3.create_bucket(Bucket=args.bucket)
else:
    s3.create_bucket(Bucket=args.bucket, CreateBucketConfiguration={"LocationConstraint": args.region})

uploads = []  # (key, bytes)
if args.dir:
    for folder, _, files in os.walk(args.dir):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                uploads.append((os.path.relpath(path, args.dir).replace(os.sep, "/"), f.read()))
if args.keys_json:
    with open(args.keys_json) as f:
        uploads += [(entry["key"], bytes.fromhex(entry.get("hex", ""))) for entry in json.load(f)]
with ThreadPoolExecutor(max_workers=16) as pool:
    extra = {"ACL": "public-read"} if args.public_read else {}

    def upload(item):
        try:
            s3.put_object(Bucket=args.bucket, Key=item[0], Body=item[1], **extra)
            return True
        except Exception as error:  # noqa: BLE001 - reported, and fatal unless asked to skip
            if not args.skip_rejected:
                raise
            print("refused: %r (%s)" % (item[0], type(error).__name__), file=sys.stderr)
            return False

    count = sum(pool.map(upload, uploads))
for key, size, part_size in args.multipart:
    size, part_size = int(size), int(part_size)
    data = bytes(i % 251 for i in range(size))
    algorithm = args.multipart_checksum
    name = "Checksum" + algorithm.upper() if algorithm else None
    upload = s3.create_multipart_upload(Bucket=args.bucket, Key=key,
                                        **({"ChecksumAlgorithm": algorithm.upper()} if algorithm else {}))
    parts = []
    for number, start in enumerate(range(0, size, part_size), start=1):
        body = data[start:start + part_size]
        checksum = {}
        if algorithm:
            value = bytearray(stored_checksum(algorithm, body))
            if number == 1 and key in args.wrong_checksum:
                value[0] ^= 1
            checksum = {name: base64.b64encode(bytes(value)).decode()}
        part = s3.upload_part(Bucket=args.bucket, Key=key, PartNumber=number, UploadId=upload["UploadId"],
                              Body=body, **checksum)
        parts.append({"PartNumber": number, "ETag": part["ETag"], **checksum})
    s3.complete_multipart_upload(Bucket=args.bucket, Key=key, UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": parts})
    count += 1
print(count)
