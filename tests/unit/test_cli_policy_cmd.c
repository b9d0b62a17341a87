// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm policy verify|format through fwadm_run(), without rampart.ko:
 * what goes to standard output and error, and the exit statuses (0
 * correct, 1 errors or an unreadable file, 2 usage).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fwadm.h"
#include "policy_cmd_support.h"
#include "policy_test_support.h"

/*
 * The transport of every run: rampart.ko is not loaded. Only verify asks
 * for it, and only for a policy without errors.
 */
static int connections;

static void *not_loaded(void *priv, struct fwadm_err *err)
{
	(void)priv;
	connections++;
	fwadm_err_set(err, FWADM_E_NOT_LOADED, ENOENT, NULL);
	return NULL;
}

static const struct fwadm_transport no_module = { .open = not_loaded };

static int reset(void **state)
{
	(void)state;
	connections = 0;
	return 0;
}

#define LOCAL_ONLY \
	"fwadm: policy verify: rampart is not loaded: only the local checks ran\n"

/* Run "fwadm policy ARGS..." without the module. */
static struct outcome run_without_module(const char *input,
					 const char *const *args)
{
	return run_policy(&no_module, input, args);
}

static void test_verify_example(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY), want[PATH_MAX + 64];
	const char *args[] = { "verify", path, NULL };

	(void)state;
	snprintf(want, sizeof(want), "%s: 9 rules, 15 objects, 10 services: OK\n",
		 path);
	/* Without the module the local checks decide, and it is said. */
	assert_outcome(run_without_module(NULL, args), FWADM_EXIT_OK, want, LOCAL_ONLY);
	assert_int_equal(connections, 1);
	free(path);
}

/* --local (-n) does not look for the module at all. */
static void test_verify_local(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY), want[PATH_MAX + 64];
	const char *longer[] = { "verify", "--local", path, NULL };
	const char *shorter[] = { "verify", path, "-n", NULL };

	(void)state;
	snprintf(want, sizeof(want), "%s: 9 rules, 15 objects, 10 services: OK\n",
		 path);
	assert_outcome(run_without_module(NULL, longer), FWADM_EXIT_OK, want, "");
	assert_outcome(run_without_module(NULL, shorter), FWADM_EXIT_OK, want, "");
	assert_int_equal(connections, 0);
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
	assert_outcome(run_without_module(NULL, args), FWADM_EXIT_FAIL, "", want);
	/* A policy with errors goes nowhere. */
	assert_int_equal(connections, 0);
	unlink(path);
	free(path);
}

static void test_verify_stdin(void **state)
{
	const char *args[] = { "verify", "-", NULL };

	(void)state;
	assert_outcome(run_without_module("host a 192.0.2.1;\n"
				  "rule accept from a to any service any;\n",
				  args),
		       FWADM_EXIT_OK,
		       "<stdin>: 1 rule, 1 object, 0 services: OK\n", LOCAL_ONLY);
	assert_outcome(run_without_module("host a 192.0.2.1\n", args), FWADM_EXIT_FAIL,
		       "",
		       "<stdin>:1:17: error: expected `;', found end of file\n"
		       " host a 192.0.2.1\n"
		       "                 ^\n"
		       "<stdin>: 1 error\n");
	assert_outcome(run_without_module("", args), FWADM_EXIT_OK,
		       "<stdin>: 0 rules, 0 objects, 0 services: OK\n", LOCAL_ONLY);
}

static void test_format(void **state)
{
	const char *args[] = { "format", "-", NULL };

	(void)state;
	assert_outcome(run_without_module("rule   drop from any to any service any ;"
				  " # last\nhost a 2001:DB8::0:1;\n", args),
		       FWADM_EXIT_OK,
		       "host a 2001:db8::1;\n"
		       "\n"
		       "rule drop from any to any service any;\n", "");
	/* A policy with errors is not printed. */
	assert_outcome(run_without_module("host a;\n", args), FWADM_EXIT_FAIL, "",
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
	struct outcome first = run_without_module(NULL, args), second;

	(void)state;
	assert_int_equal(first.status, FWADM_EXIT_OK);
	assert_string_equal(first.err, "");
	second = run_without_module(first.out, again);
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
	assert_outcome(run_without_module(NULL, missing), FWADM_EXIT_FAIL, "",
		       "fwadm: policy: cannot read `/nonexistent/mail.policy': No such file or directory\n");
	assert_outcome(run_without_module(NULL, directory), FWADM_EXIT_FAIL, "",
		       "fwadm: policy: cannot read `/': Is a directory\n");
}

static void test_usage_errors(void **state)
{
	static const struct {
		const char *args[5];
		const char *err;
	} cases[] = {
		{ { NULL },
		  "fwadm: policy: no subcommand given (see fwadm help policy)\n" },
		{ { "check", "x", NULL },
		  "fwadm: policy: unknown subcommand `check' (see fwadm help policy)\n" },
		{ { "verify", NULL },
		  "fwadm: policy: no file given (see fwadm help policy)\n" },
		{ { "install", "--keep-connections", NULL },
		  "fwadm: policy: no file given (see fwadm help policy)\n" },
		{ { "verify", "a", "b", NULL },
		  "fwadm: policy: unexpected argument `b' (see fwadm help policy)\n" },
		{ { "show", "a", NULL },
		  "fwadm: policy: unexpected argument `a' (see fwadm help policy)\n" },
		{ { "uninstall", "a", NULL },
		  "fwadm: policy: unexpected argument `a' (see fwadm help policy)\n" },
		{ { "format", "--print", "a", NULL },
		  "fwadm: policy: unknown option `--print' (see fwadm help policy)\n" },
		{ { "format", "-n", "a", NULL },
		  "fwadm: policy: format does not take option `--local' (see fwadm help policy)\n" },
		{ { "install", "--local", "a", NULL },
		  "fwadm: policy: install does not take option `--local' (see fwadm help policy)\n" },
		{ { "verify", "--keep-connections", "a", NULL },
		  "fwadm: policy: verify does not take option `--keep-connections' (see fwadm help policy)\n" },
		{ { "show", "--keep-connections", NULL },
		  "fwadm: policy: show does not take option `--keep-connections' (see fwadm help policy)\n" },
		{ { "install", "--stats", "a", NULL },
		  "fwadm: policy: install does not take option `--stats' (see fwadm help policy)\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_outcome(run_without_module(NULL, cases[i].args), FWADM_EXIT_USAGE,
			       "", cases[i].err);
	assert_int_equal(connections, 0);
}

static void test_help(void **state)
{
	const char *args[] = { "verify", "--help", NULL };
	struct outcome o = run_without_module(NULL, args);

	(void)state;
	assert_int_equal(o.status, FWADM_EXIT_OK);
	assert_non_null(strstr(o.out, "Usage: fwadm policy {verify [-n] FILE | "
				      "install [--keep-connections] FILE |\n"));
	assert_non_null(strstr(o.out, "  show           print the installed policy"));
	assert_non_null(strstr(o.out, "docs/policy.md"));
	assert_string_equal(o.err, "");
	free(o.out);
	free(o.err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_verify_example, reset),
		cmocka_unit_test_setup(test_verify_local, reset),
		cmocka_unit_test_setup(test_verify_errors, reset),
		cmocka_unit_test(test_verify_stdin),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_example_is_stable),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test_setup(test_usage_errors, reset),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests_name("fwadm policy command", tests, NULL,
					   NULL);
}
