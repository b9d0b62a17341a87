// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace throughput of the SMTP stream parser (kmod/core/smtp.c) on
 * message bodies, for `make bench`: a benchmark, it passes or fails
 * nothing. Prints bytes per second of one core's CPU time (the thread's
 * CPU clock, so other load on the machine counts less than in wall time)
 * for DATA bodies of mail-like text and of base64, for a BDAT chunk (its
 * bytes are counted, never scanned, so its figure is a per-segment cost) and
 * for command lines, fed in segments of one MSS (1448 bytes) and of one
 * GSO super-packet (64 KiB); the best of three runs.
 *
 *   cc -O2 -I kmod/core -I include/uapi tests/bench/smtp_parse_bench.c \
 *      kmod/core/smtp.c -o smtp_parse_bench
 *   smtp_parse_bench [MBYTES]        bytes per case and round (default 1024 MB)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtp.h"

#define BODY_LEN	(8u << 20)

static struct rampart_smtp_config cfg;
static struct rampart_smtp_state st;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void feed(unsigned int dir, const void *data, size_t len, size_t seg)
{
	const unsigned char *p = data;
	struct rampart_smtp_result res;
	size_t off = 0;

	while (off < len) {
		u32 n = len - off > seg ? seg : len - off;

		off += rampart_smtp_feed(&st, &cfg, dir, p + off, n, &res);
		if (res.check) {
			fprintf(stderr, "smtp_parse_bench: unexpected %s violation\n",
				rampart_smtp_check_name(res.check));
			exit(1);
		}
	}
}

static void say(unsigned int dir, const char *text)
{
	feed(dir, text, strlen(text), 1 << 16);
}

static void greet(void)
{
	rampart_smtp_init(&st);
	say(RAMPART_SMTP_SERVER, "220 mx.example.com ESMTP\r\n");
	say(RAMPART_SMTP_CLIENT, "EHLO client.example.org\r\n");
	say(RAMPART_SMTP_SERVER, "250-mx.example.com\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
}

static void transaction_start(void)
{
	say(RAMPART_SMTP_CLIENT, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\n");
	say(RAMPART_SMTP_SERVER, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
}

/* Text lines of 20 to 76 bytes with words, punctuation and a few
 * stuffed dots; or base64 lines of 76 bytes.
 */
static size_t make_body(unsigned char *b, size_t len, int base64)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char *const words[] = {
		"the", "message", "of", "Rampart", "inspects", "SMTP.", "Dear",
		"colleagues,", "see", "https://www.example.com/a/b.html", "and", "e.g.",
		"a", "reply", "to", "v1.2.3", "it's", "-", "fine", "today.",
	};
	unsigned int seed = 12345, col = 0, width = 76;
	size_t n = 0;

	while (n + 100 < len) {
		seed = seed * 1103515245 + 12345;
		if (base64) {
			b[n++] = b64[(seed >> 16) & 63];
			if (++col == 76) {
				b[n++] = '\r';
				b[n++] = '\n';
				col = 0;
			}
			continue;
		}
		if (col == 0 && (seed >> 16) % 50 == 0) {
			memcpy(b + n, "..", 2);		/* a stuffed line */
			n += 2;
			col += 2;
		}
		{
			const char *w = words[(seed >> 16) % 20];
			size_t wl = strlen(w);

			if (col + wl + 1 > width) {
				b[n++] = '\r';
				b[n++] = '\n';
				col = 0;
				width = 20 + (seed >> 8) % 57;
				continue;
			}
			if (col)
				b[n++] = ' ', col++;
			memcpy(b + n, w, wl);
			n += wl;
			col += wl;
		}
	}
	memcpy(b + n, "\r\n.\r\n", 5);
	return n + 5;
}

#define ROUNDS 3

static void report(const char *what, size_t seg, const double *rate)
{
	double best = 0;
	unsigned int r;

	for (r = 0; r < ROUNDS; r++)
		if (rate[r] > best)
			best = rate[r];
	printf("%-24s %6zu-byte segments  %6.2f GB/s\n", what, seg, best / 1e9);
}

/* Messages of body in DATA (bdat false) or in one BDAT LAST chunk. */
static void bench_message(const char *what, const unsigned char *body, size_t len,
			  bool bdat, size_t seg, double total)
{
	double rate[ROUNDS], bytes, t0;
	unsigned int r;
	char line[64];

	snprintf(line, sizeof(line), "BDAT %zu LAST\r\n", len);
	for (r = 0; r < ROUNDS; r++) {
		greet();
		bytes = 0;
		t0 = now();
		while (bytes < total) {
			transaction_start();
			if (bdat) {
				say(RAMPART_SMTP_CLIENT, line);
			} else {
				say(RAMPART_SMTP_CLIENT, "DATA\r\n");
				say(RAMPART_SMTP_SERVER, "354 go ahead\r\n");
			}
			feed(RAMPART_SMTP_CLIENT, body, len, seg);
			say(RAMPART_SMTP_SERVER, "250 2.0.0 Ok\r\n");
			bytes += len;
		}
		rate[r] = bytes / (now() - t0);
	}
	report(what, seg, rate);
}

/* Pipelined RCPT lines and their replies: the per-byte state machine. */
static void bench_commands(size_t seg, double total)
{
	static char cmds[64 * 40], replies[64 * 16];
	double rate[ROUNDS], bytes, t0;
	size_t c = 0, n = 0;
	unsigned int i, r;

	for (i = 0; i < 64; i++) {
		c += sprintf(cmds + c, "RCPT TO:<user%u@example.com>\r\n", i);
		n += sprintf(replies + n, "250 2.1.5 Ok\r\n");
	}
	for (r = 0; r < ROUNDS; r++) {
		greet();
		bytes = 0;
		t0 = now();
		while (bytes < total) {
			say(RAMPART_SMTP_CLIENT, "RSET\r\n");
			say(RAMPART_SMTP_SERVER, "250 2.0.0 Ok\r\n");
			feed(RAMPART_SMTP_CLIENT, cmds, c, seg);
			feed(RAMPART_SMTP_SERVER, replies, n, seg);
			bytes += c + n;
		}
		rate[r] = bytes / (now() - t0);
	}
	report("commands and replies", seg, rate);
}

int main(int argc, char **argv)
{
	static const size_t segs[] = { 1448, 65536 };
	double total = (argc > 1 ? atof(argv[1]) : 1024) * 1e6;
	unsigned char *text = malloc(BODY_LEN), *b64 = malloc(BODY_LEN);
	size_t text_len, b64_len, i;

	if (!text || !b64)
		return 1;
	rampart_smtp_config_default(&cfg);
	text_len = make_body(text, BODY_LEN, 0);
	b64_len = make_body(b64, BODY_LEN, 1);
	for (i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		bench_message("DATA body, text", text, text_len, false, segs[i], total);
		bench_message("DATA body, base64", b64, b64_len, false, segs[i], total);
		bench_message("BDAT chunk (counted)", b64, b64_len - 3, true, segs[i], total);
		bench_commands(segs[i], total / 16);
	}
	free(text);
	free(b64);
	return 0;
}
