#define _GNU_SOURCE
#include <malloc.h>
#include "CPosix.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>
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

ssize_t s3clone_get_attribute(int fd, const char *name, void *value, size_t size) {
    return fgetxattr(fd, name, value, size);
}

int s3clone_set_attribute(int fd, const char *name, const void *value, size_t size) {
    return fsetxattr(fd, name, value, size, 0);
}

int s3clone_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    (void)fd;
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

int s3clone_is_in_memory(int fd) {
#if defined(__linux__)
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    /* TMPFS_MAGIC and RAMFS_MAGIC of <linux/magic.h> */
    return info.f_type == 0x01021994 || info.f_type == (long)0x858458f6 ? 1 : 0;
#else
    (void)fd;
    return 0;
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

void s3clone_name_this_thread(const char *name) {
#if defined(__linux__)
    char truncated[16];
    snprintf(truncated, sizeof truncated, "%s", name);
    (void)pthread_setname_np(pthread_self(), truncated);
#else
    (void)name;
#endif
}

int s3clone_spawn_shell(const char *command, char *const envp[], int *stdout_fd, int *stderr_fd) {
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0) return -1;
    if (pipe2(err, O_CLOEXEC) != 0) {
        int saved = errno;
        close(out[0]); close(out[1]);
        errno = saved;
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    char *const argv[] = {"sh", "-c", (char *)command, NULL};
    pid_t pid;
    int result = posix_spawn(&pid, "/bin/sh", &actions, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    if (result != 0) {
        close(out[0]);
        close(err[0]);
        errno = result;
        return -1;
    }
    *stdout_fd = out[0];
    *stderr_fd = err[0];
    return pid;
}

int s3clone_wait_child(int pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

int s3clone_fix_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

int s3clone_limit_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}

int s3clone_release_free_memory(void) {
    return malloc_trim(0);
}

long long s3clone_resident_bytes(void) {
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[128];
    ssize_t length = read(fd, text, sizeof text - 1);
    close(fd);
    if (length <= 0) return -1;
    text[length] = 0;
    long long total = 0, resident = 0;
    if (sscanf(text, "%lld %lld", &total, &resident) != 2) return -1;
    return resident * (long long)sysconf(_SC_PAGESIZE);
}
