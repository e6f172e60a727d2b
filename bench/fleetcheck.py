"""Checks a fleet's clone of a listserver.py bucket: the folders RUN/shard-K of N processes.

Every key of the generated bucket must be a file in exactly one folder, the folder of its share
(the README's FNV-1a + fmix64 rule), holding exactly the key's UTF-8 bytes (listserver.py
--bodies serves each object's key as its body); no other file may exist. Prints one line:
`ok: ...` or `FAILED: ...`, and exits 1 on failure.

Usage: python3 fleetcheck.py RUN --keys N [--folders N] [--subfolders N] [--shape SHAPE]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from listserver import make_keys  # noqa: E402


def shard_of(key, n):
    h = 0xcbf29ce484222325
    for b in key.encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) % 2**64
    h ^= h >> 33
    h = (h * 0xc4ceb9fe1a85ec53) % 2**64
    h ^= h >> 33
    return h % n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("run")
    parser.add_argument("--keys", type=int, required=True)
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--subfolders", type=int, default=10)
    parser.add_argument("--shape", default="nested")
    args = parser.parse_args()
    keys = set(make_keys(args.keys, args.folders, args.subfolders, args.shape))
    shards = sorted(int(name.split("-")[1]) for name in os.listdir(args.run) if name.startswith("shard-"))
    count = len(shards)
    seen, twice, wrong_bytes, wrong_share, extra = set(), 0, 0, 0, 0
    for shard in shards:
        root = os.path.join(args.run, f"shard-{shard}")
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                key = os.path.relpath(path, root)
                if key not in keys:
                    extra += 1
                    continue
                if key in seen:
                    twice += 1
                seen.add(key)
                with open(path, "rb") as fh:
                    if fh.read() != key.encode():
                        wrong_bytes += 1
                if shard_of(key, count) != shard:
                    wrong_share += 1
    missing = len(keys - seen)
    if missing or twice or wrong_bytes or wrong_share or extra or count == 0:
        print(f"FAILED: {missing} missing, {twice} twice, {wrong_bytes} with wrong bytes, "
              f"{wrong_share} in the wrong share, {extra} not in the bucket ({count} folders)")
        sys.exit(1)
    print(f"ok: {len(keys)} keys, each once, in its share, byte for byte")


if __name__ == "__main__":
    main()
