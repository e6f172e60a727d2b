"""Writes a synthetic S3 Inventory report (CSV) of a bucket, for the inventory benchmark.

KEYS objects `dNNNNN/sNN/kNNNNNNNNN` (10,000 per folder of 10 subfolders, sizes 0 to 1 MiB,
single-part ETags) in FILES gzip CSV data files, each in key order, under OUT as S3 lays a report out:
OUT/inv/BUCKET/all/data/N.csv.gz and OUT/inv/BUCKET/all/2024-03-01T00-00Z/manifest.json.
Prints the manifest's path.

Usage: python3 inventorygen.py OUT [--keys N] [--files N] [--bucket NAME]
"""
import argparse
import gzip
import hashlib
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--bucket", default="bench")
    args = parser.parse_args()
    base = os.path.join(args.out, "inv", args.bucket, "all")
    os.makedirs(os.path.join(base, "data"), exist_ok=True)
    os.makedirs(os.path.join(base, "2024-03-01T00-00Z"), exist_ok=True)
    per_file = (args.keys + args.files - 1) // args.files
    files = []
    for number in range(args.files):
        first, last = number * per_file, min(args.keys, (number + 1) * per_file)
        key = f"inv/{args.bucket}/all/data/{number}.csv.gz"
        path = os.path.join(args.out, key)
        with gzip.open(path, "wt", compresslevel=1, newline="") as out:
            rows = []
            for index in range(first, last):
                etag = hashlib.md5(index.to_bytes(8, "little")).hexdigest()
                rows.append(f'"{args.bucket}","d{index // 10000:05d}/s{index // 1000 % 10:02d}/k{index:09d}","{(index * 7919) % 1048576}",'
                            f'"2024-03-01T12:34:56.000Z","{etag}","STANDARD"\n')
                if len(rows) == 10000:
                    out.write("".join(rows))
                    rows.clear()
            out.write("".join(rows))
        with open(path, "rb") as fh:
            data = fh.read()
        files.append({"key": key, "size": len(data), "MD5checksum": hashlib.md5(data).hexdigest()})
    manifest = {"sourceBucket": args.bucket, "destinationBucket": "arn:aws:s3:::reports", "version": "2016-11-30",
                "creationTimestamp": "1709251200000", "fileFormat": "CSV",
                "fileSchema": "Bucket, Key, Size, LastModifiedDate, ETag, StorageClass", "files": files}
    manifest_path = os.path.join(base, "2024-03-01T00-00Z", "manifest.json")
    with open(manifest_path, "w") as fh:
        json.dump(manifest, fh)
    print(manifest_path)


if __name__ == "__main__":
    main()
