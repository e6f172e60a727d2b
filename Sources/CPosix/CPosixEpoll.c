#include "CPosix.h"

#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int s3clone_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int s3clone_epoll_watch(int epfd, int fd, unsigned events, int watched_before) {
    if (events == 0) {
        return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    }
    struct epoll_event event = { .events = events, .data = { .fd = fd } };
    int result = epoll_ctl(epfd, watched_before ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
    if (result < 0 && watched_before && errno == ENOENT) {
        result = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
    } else if (result < 0 && !watched_before && errno == EEXIST) {
        result = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event);
    }
    return result;
}

int s3clone_epoll_wait(int epfd, int *fds, unsigned *events, int capacity, int timeout_ms) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count;
    do {
        count = epoll_wait(epfd, ready, capacity, timeout_ms);
    } while (count < 0 && errno == EINTR);
    for (int index = 0; index < count; index++) {
        fds[index] = ready[index].data.fd;
        events[index] = ready[index].events;
    }
    return count;
}

int s3clone_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

void s3clone_eventfd_signal(int fd) {
    uint64_t one = 1;
    ssize_t written;
    do {
        written = write(fd, &one, sizeof one);
    } while (written < 0 && errno == EINTR);
}

void s3clone_eventfd_drain(int fd) {
    uint64_t count;
    while (read(fd, &count, sizeof count) > 0) {}
}
