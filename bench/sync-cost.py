#!/usr/bin/env python3
"""What putting copies on stable storage costs: one syncfs at the end vs a fdatasync per file.

    bench/sync-cost.py DIRECTORY [ROUNDS]

Writes files the way s3clone does (a temporary name, then a rename into one of 100 folders) on
the file system of DIRECTORY, flushing in one of three ways: not at all, one syncfs(2) at the end,
or fdatasync(2) on each file and fsync(2) on each folder. Prints the seconds spent writing and in
all, per case and round. The machine's earlier write-back is flushed (sync) before each case.
"""
import ctypes
import os
import shutil
import sys
import time

libc = ctypes.CDLL("libc.so.6", use_errno=True)


def run(base, count, size, mode):
    folder = os.path.join(base, f"sync-cost-{mode}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    data = os.urandom(size)
    os.sync()
    start = time.monotonic()
    folders = min(count, 100)
    for index in range(folders):
        os.makedirs(os.path.join(folder, str(index)))
    for index in range(count):
        path = os.path.join(folder, str(index % folders), f"f{index}")
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        if mode == "fdatasync":
            os.fdatasync(fd)
        os.close(fd)
        os.rename(path + ".tmp", path)
    written = time.monotonic() - start
    if mode == "syncfs":
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        if libc.syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), "syncfs")
        os.close(fd)
    elif mode == "fdatasync":
        for index in range(folders):
            fd = os.open(os.path.join(folder, str(index)), os.O_RDONLY | os.O_DIRECTORY)
            os.fsync(fd)
            os.close(fd)
    total = time.monotonic() - start
    shutil.rmtree(folder)
    return written, total


def main():
    base = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for count, size in ((10_000, 4096), (20, 50 << 20)):
        for round_number in range(1, rounds + 1):
            for mode in ("none", "syncfs", "fdatasync"):
                written, total = run(base, count, size, mode)
                print(f"{count} files of {size} B, round {round_number}, {mode:9s}: writes {written:.2f} s, in all {total:.2f} s",
                      flush=True)


if __name__ == "__main__":
    main()
