/*
 * delayproxy: a user-space TCP proxy that adds a fixed round-trip time.
 *
 * It listens on a local address, connects every accepted client to one
 * upstream host:port and forwards bytes both ways, each chunk of bytes held
 * for RTT/2 before it is written on. A new connection also waits one RTT
 * before its first bytes are read (the time TCP's handshake would take), so
 * a request on a fresh connection pays 2 RTT in all, one on a reused
 * connection 1 RTT. `-n` turns the handshake wait off.
 *
 * The delay is the same for every chunk, so deadlines come in the order the
 * chunks are read: one global FIFO (and one for handshakes) is enough, and
 * epoll_pwait2 sleeps until the head's deadline. Sockets are non-blocking
 * and edge-triggered, registered once. Each direction of a connection holds
 * at most WINDOW bytes (in the delay queue or waiting to be written); past
 * that it stops reading its source until the destination has taken a
 * quarter of them. EOF is forwarded as a delayed shutdown(SHUT_WR); a reset
 * or error on either side closes both, with a reset.
 *
 * `-b RATE` caps each direction of each connection at RATE bytes/s with a
 * token bucket. A direction starts with BURST tokens (10 ms of RATE, at least
 * 16 KiB and at most one read of 256 KiB) and gains RATE a second, up to
 * 2 BURST (so that a late wake-up loses nothing). Reads from the source take
 * at most the tokens there are. A direction out of tokens, or below BURST / 2
 * of them after a read that filled its buffer (more bytes are waiting), stops
 * reading and joins a FIFO of sleepers (every sleep is the same BURST / RATE,
 * so their order is their deadline's) that the event loop's timeout wakes, as
 * it does the delay FIFO: no polling, one wake-up and one read per BURST
 * bytes. The source's bytes back up in the kernel as behind a slow link.
 *
 * SIGTERM or SIGINT: prints a summary (connections, bytes, CPU seconds,
 * how late chunks were delivered, waits for tokens) on stderr and exits 0.
 *
 * Build: cc -O2 -o delayproxy delayproxy.c   (Linux 5.11+, glibc 2.35+)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define READ_MAX (256 * 1024) /* bytes read per call at most */
#define IOV_MAX_BATCH 64      /* chunks per writev */
#define MAX_EVENTS 256

enum { DATA, END, RESET }; /* chunk kinds: bytes, EOF from the source, error on the source */

struct pair;

struct chunk {
    struct chunk *next;       /* in the delay FIFO, then in its direction's ready list */
    struct dir *dir;
    int64_t deadline;         /* ns, CLOCK_MONOTONIC */
    uint32_t len, off;        /* off: bytes of it already written */
    int kind;
    unsigned char data[];
};

struct dir {                  /* one direction: bytes read from src are written to dst */
    struct pair *pair;
    int src, dst;
    int64_t held;             /* bytes read from src and not yet written to dst */
    struct chunk *ready, *ready_tail; /* past their deadline, waiting for dst */
    int paused;               /* src not read: held reached the window */
    int src_done;             /* EOF or error read from src */
    int dst_shut;             /* the END chunk was delivered: dst shut for writing */
    double tokens;            /* -b: bytes src may still be read for now */
    int64_t refilled_at;      /* ns: when tokens were last topped up */
    int rate_wait;            /* out of tokens: in the sleepers' FIFO until wake_at */
    int64_t wake_at;
    struct dir *next_rate;
};

struct pair {
    int cfd, ufd;             /* client, upstream */
    int can_read[2], can_write[2]; /* per fd (0: client, 1: upstream), edge-triggered state */
    int fin[2];               /* the fd reported EOF or an error: read it to the end */
    int connecting;           /* upstream connect in progress */
    int waiting;              /* client not read yet: handshake RTT not over */
    int dead;
    int refs;                 /* 1 while alive + chunks in the FIFO + handshake wait entry */
    int64_t open_at;          /* ns: when the handshake wait ends */
    struct pair *next_wait;
    struct dir up, down;      /* up: client -> upstream; down: upstream -> client */
};

static int epfd;
static int64_t delay_ns, rtt_ns, window = 4 << 20;
static int handshake = 1;
static double rate_per_ns;      /* -b: bytes per ns per connection and direction; 0: no cap */
static int64_t burst, burst_ns; /* tokens a sleeper waits for, and the time they take to come */
static struct dir *rate_head, *rate_tail;
static struct addrinfo *upstream;
static struct chunk *fifo, *fifo_tail;
static struct pair *wait_head, *wait_tail;
static struct pair **graveyard; /* pairs to free once no event or list refers to them */
static size_t n_graveyard, cap_graveyard;
static unsigned char scratch[READ_MAX];
static volatile sig_atomic_t stop;

/* summary */
static uint64_t n_accepted, n_open, n_open_peak, n_resets, n_chunks, n_delivered;
static uint64_t bytes_up, bytes_down, n_rate_waits;
static int64_t held_total, held_peak, late_max, late_sum;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void release(struct pair *p) {
    if (--p->refs > 0) return;
    if (n_graveyard == cap_graveyard) {
        cap_graveyard = cap_graveyard ? 2 * cap_graveyard : 256;
        graveyard = realloc(graveyard, cap_graveyard * sizeof *graveyard);
        if (!graveyard) die("realloc");
    }
    graveyard[n_graveyard++] = p; /* freed after the current batch of events */
}

static void drop_ready(struct dir *d) {
    struct chunk *c = d->ready;
    while (c) {
        struct chunk *n = c->next;
        held_total -= c->len - c->off;
        free(c);
        c = n;
    }
    d->ready = d->ready_tail = NULL;
}

/* Closes both sockets; with reset, so that the peers see an error and not a clean end. */
static void teardown(struct pair *p, int reset) {
    if (p->dead) return;
    p->dead = 1;
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(p->cfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        setsockopt(p->ufd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        n_resets++;
    }
    close(p->cfd);
    close(p->ufd);
    drop_ready(&p->up);
    drop_ready(&p->down);
    n_open--;
    release(p);
}

static void maybe_done(struct pair *p) {
    if (p->up.dst_shut && p->down.dst_shut) teardown(p, 0);
}

static void read_src(struct dir *d);

/* Writes d's ready chunks to d->dst while it takes them. */
static void flush(struct dir *d) {
    struct pair *p = d->pair;
    int di = d->dst == p->cfd ? 0 : 1;
    while (d->ready && p->can_write[di] && !p->dead) {
        struct chunk *c = d->ready;
        if (c->kind == END) {
            shutdown(d->dst, SHUT_WR);
            d->ready = c->next;
            if (!d->ready) d->ready_tail = NULL;
            free(c);
            d->dst_shut = 1;
            maybe_done(p);
            return;
        }
        if (c->kind == RESET) {
            teardown(p, 1);
            return;
        }
        struct iovec iov[IOV_MAX_BATCH];
        int n = 0;
        size_t want = 0;
        for (struct chunk *x = c; x && x->kind == DATA && n < IOV_MAX_BATCH; x = x->next, n++) {
            iov[n].iov_base = x->data + x->off;
            iov[n].iov_len = x->len - x->off;
            want += iov[n].iov_len;
        }
        ssize_t w = writev(d->dst, iov, n);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { p->can_write[di] = 0; break; }
            if (errno == EINTR) continue;
            teardown(p, 1);
            return;
        }
        if ((size_t)w < want) p->can_write[di] = 0;
        d->held -= w;
        held_total -= w;
        if (d == &p->up) bytes_up += w; else bytes_down += w;
        while (w > 0) {
            struct chunk *x = d->ready;
            size_t left = x->len - x->off;
            if ((size_t)w < left) { x->off += w; break; }
            w -= left;
            d->ready = x->next;
            free(x);
        }
        if (!d->ready) d->ready_tail = NULL;
    }
    if (d->paused && !p->dead && d->held <= window - window / 4) {
        d->paused = 0;
        read_src(d);
    }
}

static void enqueue(struct dir *d, int kind, const void *data, size_t len, int64_t now) {
    struct chunk *c = malloc(sizeof *c + len);
    if (!c) die("malloc");
    c->next = NULL;
    c->dir = d;
    c->deadline = now + delay_ns;
    c->len = len;
    c->off = 0;
    c->kind = kind;
    if (len) memcpy(c->data, data, len);
    if (fifo_tail) fifo_tail->next = c; else fifo = c;
    fifo_tail = c;
    d->pair->refs++;
    d->held += len;
    held_total += len;
    if (held_total > held_peak) held_peak = held_total;
    n_chunks++;
}

/* -b: the tokens d has at `now` (the bucket fills at rate_per_ns, up to 2 burst). */
static void refill(struct dir *d, int64_t now) {
    d->tokens += (double)(now - d->refilled_at) * rate_per_ns;
    if (d->tokens > 2 * burst) d->tokens = 2 * burst;
    d->refilled_at = now;
}

/* -b: d is out of tokens; it sleeps until it has burst of them again. */
static void rate_sleep(struct dir *d, int64_t now) {
    d->rate_wait = 1;
    d->wake_at = now + burst_ns;
    d->next_rate = NULL;
    if (rate_tail) rate_tail->next_rate = d; else rate_head = d;
    rate_tail = d;
    d->pair->refs++;
    n_rate_waits++;
}

/* Reads from d->src into the delay FIFO until it would block, ends, the window is full, or
   (-b) the tokens run out. */
static void read_src(struct dir *d) {
    struct pair *p = d->pair;
    int si = d->src == p->cfd ? 0 : 1;
    if (d->src_done || p->dead || d->rate_wait || (si == 0 && p->waiting)) return;
    int64_t now = now_ns();
    if (rate_per_ns > 0) refill(d, now);
    while (p->can_read[si]) {
        int64_t room = window - d->held;
        if (room <= 0) { d->paused = 1; return; }
        size_t want = room < READ_MAX ? (size_t)room : READ_MAX;
        if (rate_per_ns > 0) {
            if (d->tokens < 1) { rate_sleep(d, now); return; }
            if (want > d->tokens) want = (size_t)d->tokens;
        }
        ssize_t r = read(d->src, scratch, want);
        if (r > 0) {
            d->tokens -= r;
            enqueue(d, DATA, scratch, r, now);
            /* A short read drained the socket: new bytes bring a new edge. Not so for an EOF
               that came with the bytes: read on until read() says so. */
            if ((size_t)r < want && !p->fin[si]) p->can_read[si] = 0;
            /* -b: more is waiting and too few tokens are left for a full read: sleep now
               rather than read a sliver */
            else if (rate_per_ns > 0 && d->tokens < burst / 2) { rate_sleep(d, now); return; }
            continue;
        }
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { p->can_read[si] = 0; return; }
        if (r < 0 && errno == EINTR) continue;
        d->src_done = 1;
        p->can_read[si] = 0;
        enqueue(d, r == 0 ? END : RESET, NULL, 0, now);
        return;
    }
}

static void set_nodelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void watch(int fd, struct pair *p, int side) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
                             .data.u64 = (uint64_t)(uintptr_t)p | (uint64_t)side};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
}

/* Accepts up to 64 waiting clients (the listening socket is level-triggered: more come in the
   next round, after due chunks had their turn). */
static void accept_some(int lfd, int64_t now) {
    for (int k = 0; k < 64; k++) {
        int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) perror("accept4");
            return;
        }
        int ufd = socket(upstream->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (ufd < 0) { perror("socket"); close(cfd); continue; }
        set_nodelay(cfd);
        set_nodelay(ufd);
        struct pair *p = calloc(1, sizeof *p);
        if (!p) die("calloc");
        p->cfd = cfd;
        p->ufd = ufd;
        p->refs = 1;
        p->up = (struct dir){.pair = p, .src = cfd, .dst = ufd};
        p->down = (struct dir){.pair = p, .src = ufd, .dst = cfd};
        p->up.tokens = p->down.tokens = burst;
        p->up.refilled_at = p->down.refilled_at = now;
        n_accepted++;
        if (++n_open > n_open_peak) n_open_peak = n_open;
        if (connect(ufd, upstream->ai_addr, upstream->ai_addrlen) < 0 && errno != EINPROGRESS) {
            perror("connect");
            p->dead = 1;
            close(ufd);
            struct linger lg = {1, 0};
            setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            close(cfd);
            n_open--;
            release(p);
            continue;
        }
        p->connecting = 1;
        if (handshake && rtt_ns > 0) {
            p->waiting = 1;
            p->open_at = now + rtt_ns;
            p->refs++;
            if (wait_tail) wait_tail->next_wait = p; else wait_head = p;
            wait_tail = p;
        }
        watch(cfd, p, 0);
        watch(ufd, p, 1);
    }
}

static void on_event(struct pair *p, int side, uint32_t ev) {
    if (p->dead) return;
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) p->can_read[side] = 1;
    if (ev & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) p->fin[side] = 1;
    if (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) p->can_write[side] = 1;
    if (side == 1 && p->connecting && (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(p->ufd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) { teardown(p, 1); return; }
        p->connecting = 0;
    }
    if (side == 1 && p->connecting) return;
    /* side 0 is the client: readable feeds up, writable drains down; side 1 the reverse */
    struct dir *rd = side == 0 ? &p->up : &p->down;
    struct dir *wr = side == 0 ? &p->down : &p->up;
    if (p->can_write[side]) flush(wr);
    if (!p->dead && p->can_read[side]) read_src(rd);
}

/* Moves chunks whose deadline has passed to their direction's ready list, then writes. */
static void deliver_due(int64_t now) {
    struct dir *touched[MAX_EVENTS];
    int nt = 0;
    while (fifo && fifo->deadline <= now) {
        struct chunk *c = fifo;
        fifo = c->next;
        if (!fifo) fifo_tail = NULL;
        c->next = NULL;
        struct dir *d = c->dir;
        struct pair *p = d->pair;
        if (p->dead) {
            held_total -= c->len;
            free(c);
            release(p);
            continue;
        }
        n_delivered++;
        int64_t late = now - c->deadline;
        late_sum += late;
        if (late > late_max) late_max = late;
        if (d->ready_tail) d->ready_tail->next = c; else d->ready = c;
        d->ready_tail = c;
        release(p); /* still alive: refs stays >= 1 */
        int seen = 0;
        for (int i = 0; i < nt; i++) if (touched[i] == d) { seen = 1; break; }
        if (!seen) {
            if (nt == MAX_EVENTS) { flush(touched[--nt]); }
            touched[nt++] = d;
        }
    }
    for (int i = 0; i < nt; i++) if (!touched[i]->pair->dead) flush(touched[i]);
    while (wait_head && wait_head->open_at <= now) {
        struct pair *p = wait_head;
        wait_head = p->next_wait;
        if (!wait_head) wait_tail = NULL;
        p->waiting = 0;
        if (!p->dead) read_src(&p->up);
        release(p);
    }
    while (rate_head && rate_head->wake_at <= now) {
        struct dir *d = rate_head;
        rate_head = d->next_rate;
        if (!rate_head) rate_tail = NULL;
        d->rate_wait = 0;
        if (!d->pair->dead) read_src(d);
        release(d->pair);
    }
}

static void on_signal(int sig) {
    (void)sig;
    stop = 1;
}

static void usage(void) {
    fprintf(stderr,
            "usage: delayproxy -r RTT_MS [-l ADDR] [-p PORT] [-f PORT_FILE] [-w WINDOW_BYTES]"
            " [-b BYTES_PER_S] [-n] UPSTREAM_HOST:PORT\n"
            "  -r  round-trip time to add, in ms (decimals allowed); each direction waits half\n"
            "  -l  address to listen on (default 127.0.0.1)\n"
            "  -p  port to listen on (default 0: any free port)\n"
            "  -f  write the port listened on to this file\n"
            "  -w  bytes one direction of a connection may hold (default 4194304)\n"
            "  -b  bytes/s each direction of a connection may carry (default 0: no cap)\n"
            "  -n  no handshake wait (new connections are not held for one RTT)\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *laddr = "127.0.0.1", *lport = "0", *port_file = NULL;
    double rtt_ms = -1, rate = 0;
    int opt;
    while ((opt = getopt(argc, argv, "r:l:p:f:w:b:n")) != -1) {
        switch (opt) {
        case 'r': rtt_ms = atof(optarg); break;
        case 'l': laddr = optarg; break;
        case 'p': lport = optarg; break;
        case 'f': port_file = optarg; break;
        case 'w': window = atoll(optarg); break;
        case 'b': rate = atof(optarg); break;
        case 'n': handshake = 0; break;
        default: usage();
        }
    }
    if (rtt_ms < 0 || window < 1 || rate < 0 || optind != argc - 1) usage();
    rtt_ns = (int64_t)(rtt_ms * 1e6 + 0.5);
    delay_ns = rtt_ns / 2;
    if (rate > 0) {
        rate_per_ns = rate / 1e9;
        burst = (int64_t)(rate / 100); /* 10 ms of traffic, within [16 KiB, one read] */
        if (burst < 16384) burst = 16384;
        if (burst > READ_MAX) burst = READ_MAX;
        burst_ns = (int64_t)(burst / rate_per_ns + 0.5);
    }

    char *target = strdup(argv[optind]);
    char *colon = strrchr(target, ':');
    if (!colon) usage();
    *colon = 0;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
    int rc = getaddrinfo(target, colon + 1, &hints, &upstream);
    if (rc) { fprintf(stderr, "delayproxy: %s: %s\n", argv[optind], gai_strerror(rc)); return 1; }

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    /* chunks come and go by the thousand: keep freed memory instead of returning it each time */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    struct addrinfo lh = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *la;
    rc = getaddrinfo(laddr, lport, &lh, &la);
    if (rc) { fprintf(stderr, "delayproxy: %s: %s\n", laddr, gai_strerror(rc)); return 1; }
    int lfd = socket(la->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (lfd < 0) die("socket");
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, la->ai_addr, la->ai_addrlen) < 0) die("bind");
    if (listen(lfd, 4096) < 0) die("listen");
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(lfd, (struct sockaddr *)&ss, &sl);
    int port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                              : ((struct sockaddr_in *)&ss)->sin_port);
    if (port_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, port_file) < 0)
            die(port_file);
    }

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) die("epoll_create1");
    struct epoll_event lev = {.events = EPOLLIN, .data.u64 = 0};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll_ctl");

    struct epoll_event evs[MAX_EVENTS];
    while (!stop) {
        struct timespec ts, *tp = NULL;
        int64_t next = -1;
        if (fifo) next = fifo->deadline;
        if (wait_head && (next < 0 || wait_head->open_at < next)) next = wait_head->open_at;
        if (rate_head && (next < 0 || rate_head->wake_at < next)) next = rate_head->wake_at;
        if (next >= 0) {
            int64_t d = next - now_ns();
            if (d < 0) d = 0;
            ts.tv_sec = d / 1000000000;
            ts.tv_nsec = d % 1000000000;
            tp = &ts;
        }
        int n = epoll_pwait2(epfd, evs, MAX_EVENTS, tp, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_pwait2");
        }
        int64_t now = now_ns();
        for (int i = 0; i < n; i++) {
            uint64_t u = evs[i].data.u64;
            if (u == 0) { accept_some(lfd, now); continue; }
            on_event((struct pair *)(uintptr_t)(u & ~(uint64_t)1), (int)(u & 1), evs[i].events);
            /* a long batch (many streams read up to their window) must not hold back due chunks */
            if (fifo && (i & 7) == 7 && fifo->deadline <= now_ns()) deliver_due(now_ns());
        }
        deliver_due(now_ns());
        for (size_t i = 0; i < n_graveyard; i++) free(graveyard[i]);
        n_graveyard = 0;
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    char rate_text[112] = "";
    if (rate_per_ns > 0)
        snprintf(rate_text, sizeof rate_text, "capped at %.0f bytes/s per connection and direction (burst %lld), ",
                 rate_per_ns * 1e9, (long long)burst);
    fprintf(stderr,
            "delayproxy: rtt %.3f ms, %llu connections (peak %llu open, %llu reset), "
            "%llu bytes up, %llu bytes down, %llu chunks, peak held %.1f MiB, "
            "late by %.1f us mean / %.1f us max, %s%llu waits for tokens, CPU %.3f s user + %.3f s sys\n",
            rtt_ns / 1e6, (unsigned long long)n_accepted, (unsigned long long)n_open_peak,
            (unsigned long long)n_resets, (unsigned long long)bytes_up,
            (unsigned long long)bytes_down, (unsigned long long)n_chunks, held_peak / 1048576.0,
            n_delivered ? late_sum / 1e3 / n_delivered : 0.0, late_max / 1e3, rate_text,
            (unsigned long long)n_rate_waits, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
            ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    return 0;
}
