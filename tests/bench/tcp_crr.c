// SPDX-License-Identifier: GPL-2.0
/*
 * TCP connect/request/response/close rate, for `make bench`.
 *
 *   tcp_crr server ADDR PORT
 *   tcp_crr client ADDR PORT SECONDS     prints connections per second
 *
 * Each round trip opens a connection, sends one byte, reads one byte back
 * and closes, so every round costs a full handshake and teardown through
 * whatever sits between client and server.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int resolve(const char *addr, const char *port, struct addrinfo **res)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	int err = getaddrinfo(addr, port, &hints, res);

	if (err)
		fprintf(stderr, "tcp_crr: %s port %s: %s\n", addr, port, gai_strerror(err));
	return err ? -1 : 0;
}

static int serve(struct addrinfo *ai)
{
	int one = 1, fd = socket(ai->ai_family, SOCK_STREAM, 0);
	char c;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1024)) {
		perror("tcp_crr: listen");
		return 1;
	}
	for (;;) {
		int c_fd = accept(fd, NULL, NULL);

		if (c_fd < 0)
			continue;
		if (read(c_fd, &c, 1) == 1 && write(c_fd, &c, 1) != 1)
			perror("tcp_crr: write");
		close(c_fd);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int client(struct addrinfo *ai, double seconds)
{
	double start = now(), end = start + seconds;
	unsigned long done = 0, failed = 0;
	char c = 'x';

	while (now() < end) {
		int fd = socket(ai->ai_family, SOCK_STREAM, 0);
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		if (fd < 0) {
			perror("tcp_crr: socket");
			return 1;
		}
		/* Close with RST: no TIME_WAIT pile-up exhausting ports. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    write(fd, &c, 1) == 1 && read(fd, &c, 1) == 1)
			done++;
		else
			failed++;
		close(fd);
	}
	printf("%.1f\n", done / (now() - start));
	if (failed)
		fprintf(stderr, "tcp_crr: %lu connections failed\n", failed);
	return done ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct addrinfo *ai;

	if (argc == 4 && !strcmp(argv[1], "server")) {
		if (resolve(argv[2], argv[3], &ai))
			return 1;
		return serve(ai);
	}
	if (argc == 5 && !strcmp(argv[1], "client")) {
		if (resolve(argv[2], argv[3], &ai))
			return 1;
		return client(ai, atof(argv[4]));
	}
	fprintf(stderr, "usage: tcp_crr server ADDR PORT | client ADDR PORT SECONDS\n");
	return 2;
}
