#define _GNU_SOURCE
#include "CPosix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int s3clone_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
#if defined(__linux__) && defined(RENAME_NOREPLACE)
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
#else
    (void)olddirfd; (void)oldpath; (void)newdirfd; (void)newpath;
    errno = ENOSYS;
    return -1;
#endif
}

int s3clone_reserve_space(int fd, off_t offset, off_t length) {
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length);
#else
    (void)fd; (void)offset; (void)length;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

ssize_t s3clone_copy_file_range(int infd, off_t inoffset, int outfd, off_t outoffset, size_t length) {
#if defined(__linux__)
    loff_t in = inoffset, out = outoffset;
    return copy_file_range(infd, &in, outfd, &out, length, 0);
#else
    (void)infd; (void)inoffset; (void)outfd; (void)outoffset; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
