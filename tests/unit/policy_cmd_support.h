/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tests of the fwadm policy command share: run it through
 * fwadm_run() with a transport and standard input, check what it printed
 * and its exit status, write a policy to a temporary file. Include
 * <cmocka.h> first.
 */
#ifndef POLICY_CMD_SUPPORT_H
#define POLICY_CMD_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwadm.h"

/* The arguments after "fwadm policy", as run_policy() takes them. */
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

struct outcome {
	int status;
	char *out, *err;
};

/* Run "fwadm policy ARGS..." (args NULL-terminated), stdin from input. */
static inline struct outcome run_policy(const struct fwadm_transport *tp,
					const char *input,
					const char *const *args)
{
	struct fwadm_ctx ctx = { .tp = tp };
	struct outcome o = { 0 };
	char *argv[8] = { (char *)"fwadm", (char *)"policy" };
	size_t out_len, err_len;
	int argc = 2;

	while (*args && argc < 7)
		argv[argc++] = (char *)*args++;
	if (input) {
		ctx.in = fmemopen((void *)input, strlen(input), "r");
		assert_non_null(ctx.in);
	}
	ctx.out = open_memstream(&o.out, &out_len);
	ctx.err = open_memstream(&o.err, &err_len);
	assert_non_null(ctx.out);
	assert_non_null(ctx.err);
	o.status = fwadm_run(&ctx, argc, argv);
	fclose(ctx.out);
	fclose(ctx.err);
	if (ctx.in)
		fclose(ctx.in);
	return o;
}

/* The run printed exactly out and err, and exited with status. */
static inline void assert_outcome(struct outcome o, int status,
				  const char *out, const char *err)
{
	assert_string_equal(o.err, err);
	assert_string_equal(o.out, out);
	assert_int_equal(o.status, status);
	free(o.out);
	free(o.err);
}

/* A temporary file holding text; returns its name (unlink, free it). */
static inline char *temp_policy(const char *text)
{
	char *path = strdup("/tmp/fwadm-policy-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

#endif /* POLICY_CMD_SUPPORT_H */
