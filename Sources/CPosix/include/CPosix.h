#ifndef S3CLONE_CPOSIX_H
#define S3CLONE_CPOSIX_H

#include <sys/types.h>

// Linux system calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does
// not see. Each returns 0 or -1 with errno set, like the call it wraps.

/// renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE); -1/ENOSYS where unsupported.
int s3clone_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length): reserve blocks without changing the size;
/// -1/EOPNOTSUPP where unsupported.
int s3clone_reserve_space(int fd, off_t offset, off_t length);

/// copy_file_range(infd, &inoffset, outfd, &outoffset, length, 0): an in-kernel copy between two
/// files; returns the count copied, 0 at the end of the input, or -1 with errno set.
ssize_t s3clone_copy_file_range(int infd, off_t inoffset, int outfd, off_t outoffset, size_t length);

#endif
