// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm policy verify|format through fwadm_run(): what goes to standard
 * output and error, and the exit statuses (0 correct, 1 errors or an
 * unreadable file, 2 usage). The kernel is never asked anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fwadm.h"
#include "policy_test_support.h"

/* The transport of every run: policy commands must not use it. */
static void *kernel_asked(void *priv, struct fwadm_err *err)
{
	(void)priv;
	fwadm_err_set(err, FWADM_E_SYSTEM, 0, "unexpected connection");
	fail_msg("fwadm policy connected to the kernel");
	return NULL;
}

static const struct fwadm_transport no_kernel = { .open = kernel_asked };

struct outcome {
	int status;
	char *out, *err;
};

/* Run "fwadm policy ARGS..." (args NULL-terminated), stdin from input. */
static struct outcome run_policy(const char *input, const char *const *args)
{
	struct fwadm_ctx ctx = { .tp = &no_kernel };
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

static void assert_outcome(struct outcome o, int status, const char *out,
			   const char *err)
{
	assert_string_equal(o.out, out);
	assert_string_equal(o.err, err);
	assert_int_equal(o.status, status);
	free(o.out);
	free(o.err);
}

/* A file holding text; its name goes to *path (free both). */
static char *temp_policy(const char *text)
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

static void test_verify_example(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY), want[PATH_MAX + 64];
	const char *args[] = { "verify", path, NULL };

	(void)state;
	snprintf(want, sizeof(want), "%s: 9 rules, 15 objects, 10 services: OK\n",
		 path);
	assert_outcome(run_policy(NULL, args), FWADM_EXIT_OK, want, "");
	free(path);
}

static void test_verify_errors(void **state)
{
	char *path = temp_policy("network dmz 198.51.100.0/24;\n"
				 "rule accept from dmz to any service smtps;\n"
				 "host mx 192.0.2.300;\n");
	const char *args[] = { "verify", path, NULL };
	char want[1024];

	(void)state;
	snprintf(want, sizeof(want),
		 "%s:2:37-41: error: unknown service `smtps'\n"
		 " rule accept from dmz to any service smtps;\n"
		 "                                     ^^^^^\n"
		 "%s:3:9-19: error: invalid address `192.0.2.300'\n"
		 " host mx 192.0.2.300;\n"
		 "         ^^^^^^^^^^^\n"
		 "%s: 2 errors\n", path, path, path);
	assert_outcome(run_policy(NULL, args), FWADM_EXIT_FAIL, "", want);
	unlink(path);
	free(path);
}

static void test_verify_stdin(void **state)
{
	const char *args[] = { "verify", "-", NULL };

	(void)state;
	assert_outcome(run_policy("host a 192.0.2.1;\n"
				  "rule accept from a to any service any;\n",
				  args),
		       FWADM_EXIT_OK,
		       "<stdin>: 1 rule, 1 object, 0 services: OK\n", "");
	assert_outcome(run_policy("host a 192.0.2.1\n", args), FWADM_EXIT_FAIL,
		       "",
		       "<stdin>:1:17: error: expected `;', found end of file\n"
		       " host a 192.0.2.1\n"
		       "                 ^\n"
		       "<stdin>: 1 error\n");
	assert_outcome(run_policy("", args), FWADM_EXIT_OK,
		       "<stdin>: 0 rules, 0 objects, 0 services: OK\n", "");
}

static void test_format(void **state)
{
	const char *args[] = { "format", "-", NULL };

	(void)state;
	assert_outcome(run_policy("rule   drop from any to any service any ;"
				  " # last\nhost a 2001:DB8::0:1;\n", args),
		       FWADM_EXIT_OK,
		       "host a 2001:db8::1;\n"
		       "\n"
		       "rule drop from any to any service any;\n", "");
	/* A policy with errors is not printed. */
	assert_outcome(run_policy("host a;\n", args), FWADM_EXIT_FAIL, "",
		       "<stdin>:1:7: error: expected an address, found `;'\n"
		       " host a;\n"
		       "       ^\n"
		       "<stdin>: 1 error\n");
}

/* format's output verifies, and formats to itself. */
static void test_format_example_is_stable(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY);
	const char *args[] = { "format", path, NULL };
	const char *again[] = { "format", "-", NULL };
	struct outcome first = run_policy(NULL, args), second;

	(void)state;
	assert_int_equal(first.status, FWADM_EXIT_OK);
	assert_string_equal(first.err, "");
	second = run_policy(first.out, again);
	assert_int_equal(second.status, FWADM_EXIT_OK);
	assert_string_equal(second.out, first.out);
	free(first.out);
	free(first.err);
	free(second.out);
	free(second.err);
	free(path);
}

static void test_unreadable_file(void **state)
{
	const char *missing[] = { "verify", "/nonexistent/mail.policy", NULL };
	const char *directory[] = { "format", "/", NULL };

	(void)state;
	assert_outcome(run_policy(NULL, missing), FWADM_EXIT_FAIL, "",
		       "fwadm: policy: cannot read `/nonexistent/mail.policy': No such file or directory\n");
	assert_outcome(run_policy(NULL, directory), FWADM_EXIT_FAIL, "",
		       "fwadm: policy: cannot read `/': Is a directory\n");
}

static void test_usage_errors(void **state)
{
	const char *none[] = { NULL };
	const char *unknown[] = { "check", "x", NULL };
	const char *no_file[] = { "verify", NULL };
	const char *extra[] = { "verify", "a", "b", NULL };
	const char *option[] = { "format", "--print", "a", NULL };

	(void)state;
	assert_outcome(run_policy(NULL, none), FWADM_EXIT_USAGE, "",
		       "fwadm: policy: no subcommand given (see fwadm help policy)\n");
	assert_outcome(run_policy(NULL, unknown), FWADM_EXIT_USAGE, "",
		       "fwadm: policy: unknown subcommand `check' (see fwadm help policy)\n");
	assert_outcome(run_policy(NULL, no_file), FWADM_EXIT_USAGE, "",
		       "fwadm: policy: no file given (see fwadm help policy)\n");
	assert_outcome(run_policy(NULL, extra), FWADM_EXIT_USAGE, "",
		       "fwadm: policy: unexpected argument `b' (see fwadm help policy)\n");
	assert_outcome(run_policy(NULL, option), FWADM_EXIT_USAGE, "",
		       "fwadm: policy: unknown option `--print' (see fwadm help policy)\n");
}

static void test_help(void **state)
{
	const char *args[] = { "verify", "--help", NULL };
	struct outcome o = run_policy(NULL, args);

	(void)state;
	assert_int_equal(o.status, FWADM_EXIT_OK);
	assert_non_null(strstr(o.out, "Usage: fwadm policy {verify|format} FILE\n"));
	assert_non_null(strstr(o.out, "docs/policy.md"));
	assert_string_equal(o.err, "");
	free(o.out);
	free(o.err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_example),
		cmocka_unit_test(test_verify_errors),
		cmocka_unit_test(test_verify_stdin),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_example_is_stable),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests_name("fwadm policy command", tests, NULL,
					   NULL);
}
