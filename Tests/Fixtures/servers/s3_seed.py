#!/usr/bin/env python3
"""Seeds a bucket on a local S3-compatible server (moto) for s3clone's integration tests.

usage: s3_seed.py ENDPOINT BUCKET [--region R] [--dir DIR] [--keys-json FILE] [--public-read] [--multipart KEY SIZE PART_SIZE]

  --dir DIR          upload every file under DIR, keys = paths relative to DIR ('/'-separated)
  --keys-json FILE   upload the keys of a JSON list [{"key": ..., "hex": ...}] (any key, any bytes)
  --skip-rejected    keep going when the server refuses a key (listed on stderr)
  --public-read      uploaded objects get the public-read ACL (for anonymous access)
  --multipart ...    upload KEY as a multipart object of SIZE bytes in parts of PART_SIZE
                     (bytes: i % 251), so its ETag has the '-N' form
Creates the bucket first. Any credentials work with moto; these are fixed test values.
"""
import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

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
parser.add_argument("--skip-rejected", action="store_true", help="go on when the server refuses a key; list refused keys on stderr")
args = parser.parse_args()

s3 = boto3.client(
    "s3", endpoint_url=args.endpoint, region_name=args.region,
    aws_access_key_id="AKIDTESTSEED", aws_secret_access_key="test-secret-seed",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10}),
)
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
    upload = s3.create_multipart_upload(Bucket=args.bucket, Key=key)
    parts = []
    for number, start in enumerate(range(0, size, part_size), start=1):
        part = s3.upload_part(Bucket=args.bucket, Key=key, PartNumber=number, UploadId=upload["UploadId"],
                              Body=data[start:start + part_size])
        parts.append({"PartNumber": number, "ETag": part["ETag"]})
    s3.complete_multipart_upload(Bucket=args.bucket, Key=key, UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": parts})
    count += 1
print(count)
