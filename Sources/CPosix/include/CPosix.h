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
/// 1 when the file system holding `fd` keeps files in memory (tmpfs, ramfs), 0 when not, -1 on error.
int s3clone_is_in_memory(int fd);

/// fgetxattr(fd, name, value, size): the attribute's length, or -1 with errno set (ENODATA when
/// missing, ENOTSUP without user attributes).
ssize_t s3clone_get_attribute(int fd, const char *name, void *value, size_t size);

/// fsetxattr(fd, name, value, size, 0).
int s3clone_set_attribute(int fd, const char *name, const void *value, size_t size);

/// syncfs(fd): writes every dirty page and inode of the file system holding fd to stable
/// storage; -1/ENOSYS where unsupported.
int s3clone_syncfs(int fd);

/// copy_file_range(infd, &inoffset, outfd, &outoffset, length, 0): an in-kernel copy between two
/// files; returns the count copied, 0 at the end of the input, or -1 with errno set.
ssize_t s3clone_copy_file_range(int infd, off_t inoffset, int outfd, off_t outoffset, size_t length);

/// Readiness a descriptor is watched for, and reported with (epoll's bits, named here because
/// Swift cannot see through glibc's enum macros).
enum {
    S3CLONE_READABLE = 0x001,
    S3CLONE_WRITABLE = 0x004,
    S3CLONE_FAILED = 0x008 | 0x010,
};

/// epoll_create1(EPOLL_CLOEXEC).
int s3clone_epoll_create(void);

/// Watches `fd` for `events` (S3CLONE_READABLE | S3CLONE_WRITABLE), adding it or changing what it is
/// watched for; `events` 0 stops watching it. 0 or -1 with errno set.
int s3clone_epoll_watch(int epfd, int fd, unsigned events, int watched_before);

/// epoll_wait into two plain arrays (struct epoll_event is packed on x86-64): the ready
/// descriptors and their S3CLONE_* bits. Returns the count, 0 on timeout, -1 with errno set.
int s3clone_epoll_wait(int epfd, int *fds, unsigned *events, int capacity, int timeout_ms);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int s3clone_eventfd(void);

/// Adds one to an eventfd (wakes whoever waits on it); safe from any thread.
void s3clone_eventfd_signal(int fd);

/// Reads an eventfd back to zero.
void s3clone_eventfd_drain(int fd);

/// Names the calling thread (as `ps -L` and debuggers show it); at most 15 bytes are kept.
void s3clone_name_this_thread(const char *name);

/// Starts `/bin/sh -c command` with exactly `envp` (NULL-terminated), standard input from
/// /dev/null, standard output and standard error into two new pipes. Stores the pipes' read ends
/// (close-on-exec) in `stdout_fd` and `stderr_fd`. Returns the child's pid, or -1 with errno set.
int s3clone_spawn_shell(const char *command, char *const envp[], int *stdout_fd, int *stderr_fd);

/// waitpid() for `pid`, retried on EINTR. Returns the exit status (0-255), 128 + the signal number
/// when a signal ended it, or -1 with errno set.
int s3clone_wait_child(int pid);

/// Makes the allocator map every block of at least `bytes` on its own and unmap it when freed
/// (glibc's mallopt(M_MMAP_THRESHOLD)), instead of raising that threshold as blocks are freed,
/// which leaves large freed arrays as fragments in its per-thread arenas. Returns 1 on success.
int s3clone_fix_mmap_threshold(int bytes);

/// Caps the allocator's arenas at `count` (glibc's mallopt(M_ARENA_MAX)); returns 1 on success.
int s3clone_limit_arenas(int count);

/// Gives the free memory of every allocator arena back to the system (glibc's malloc_trim(0):
/// the top of each heap, and whole free pages inside them). Returns 1 when some was released.
int s3clone_release_free_memory(void);

/// The process's resident memory in bytes (the second field of /proc/self/statm, in pages), or
/// -1 when it cannot be read.
long long s3clone_resident_bytes(void);

#endif
