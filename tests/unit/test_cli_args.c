// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm's command line: the command table, help output, usage errors and
 * their exit statuses. None of these may talk to the kernel; the transport
 * given to fwadm_run() counts calls and fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fwadm.h"

static int kernel_calls;

static void *no_kernel(void *priv, struct fwadm_err *err)
{
	(void)priv;
	kernel_calls++;
	fwadm_err_set(err, FWADM_E_SYSTEM, 0, "no kernel in this test");
	return NULL;
}

static const struct fwadm_transport no_kernel_tp = { .open = no_kernel };

struct result {
	int rc;
	char *out;
	char *err;
};

/* Run fwadm with the NULL-terminated arguments after "fwadm". */
static struct result run(const char *first, ...)
{
	struct result r = { 0 };
	char *argv[16];
	int argc = 0;
	size_t outlen, errlen;
	struct fwadm_ctx ctx = { .tp = &no_kernel_tp };
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"fwadm";
	va_start(ap, first);
	for (a = first; a; a = va_arg(ap, const char *)) {
		assert_true(argc < 15);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;

	ctx.out = open_memstream(&r.out, &outlen);
	ctx.err = open_memstream(&r.err, &errlen);
	assert_non_null(ctx.out);
	assert_non_null(ctx.err);
	r.rc = fwadm_run(&ctx, argc, argv);
	fclose(ctx.out);
	fclose(ctx.err);
	return r;
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

/* A usage error: exit status 2, nothing on stdout, exactly msg on stderr. */
static void assert_usage_error(struct result r, const char *msg)
{
	assert_int_equal(r.rc, FWADM_EXIT_USAGE);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, msg);
	assert_int_equal(kernel_calls, 0);
	result_free(&r);
}

static int reset(void **state)
{
	(void)state;
	kernel_calls = 0;
	return 0;
}

static void test_table_lookup(void **state)
{
	static const char *const expected[] = {
		"version", "chain", "stats", "conn", "start", "stop", "policy",
		"log", "monitor", "help",
	};
	size_t i, j;

	(void)state;
	assert_int_equal(fwadm_ncmds, sizeof(expected) / sizeof(expected[0]));
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		const struct fwadm_cmd *c = fwadm_find_cmd(expected[i]);

		assert_non_null(c);
		assert_string_equal(c->name, expected[i]);
		assert_non_null(c->run);
	}
	assert_null(fwadm_find_cmd("foo"));
	assert_null(fwadm_find_cmd(""));
	assert_null(fwadm_find_cmd("ver"));	/* no prefix matching */
	assert_null(fwadm_find_cmd("versions"));
	assert_null(fwadm_find_cmd("CHAIN"));
	for (i = 0; i < fwadm_ncmds; i++)
		for (j = i + 1; j < fwadm_ncmds; j++)
			assert_string_not_equal(fwadm_cmds[i].name,
						fwadm_cmds[j].name);
}

/* Every entry is complete: summary, a usage naming the command, help. */
static void test_table_entries_complete(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < fwadm_ncmds; i++) {
		const struct fwadm_cmd *c = &fwadm_cmds[i];
		char prefix[64];
		size_t hl;

		snprintf(prefix, sizeof(prefix), "fwadm %s", c->name);
		assert_true(strlen(c->summary) > 0);
		assert_null(strchr(c->summary, '\n'));
		assert_memory_equal(c->usage, prefix, strlen(prefix));
		hl = strlen(c->help);
		assert_true(hl > 0);
		assert_int_equal(c->help[hl - 1], '\n');
	}
}

static void test_no_command(void **state)
{
	(void)state;
	assert_usage_error(run(NULL),
			   "fwadm: no command given (see fwadm help)\n");
}

static void test_unknown_command(void **state)
{
	(void)state;
	assert_usage_error(run("foo", NULL),
			   "fwadm: unknown command `foo' (see fwadm help)\n");
	assert_usage_error(run("chains", NULL),
			   "fwadm: unknown command `chains' (see fwadm help)\n");
	assert_usage_error(run("", NULL),
			   "fwadm: unknown command `' (see fwadm help)\n");
	assert_usage_error(run("-", NULL),
			   "fwadm: unknown command `-' (see fwadm help)\n");
}

static void test_unknown_global_option(void **state)
{
	(void)state;
	assert_usage_error(run("--foo", NULL),
			   "fwadm: unknown option `--foo' (see fwadm help)\n");
	assert_usage_error(run("-x", "chain", NULL),
			   "fwadm: unknown option `-x' (see fwadm help)\n");
	assert_usage_error(run("--version", "chain", NULL),
			   "fwadm: unexpected argument `chain' (see fwadm help)\n");
}

static void test_unknown_command_option(void **state)
{
	(void)state;
	assert_usage_error(run("stats", "--bogus", NULL),
			   "fwadm: stats: unknown option `--bogus' (see fwadm help stats)\n");
	/* In a group of short options, the bad letter is named. */
	assert_usage_error(run("stats", "-ax", NULL),
			   "fwadm: stats: unknown option `-x' (see fwadm help stats)\n");
	/* Options belong to their command. */
	assert_usage_error(run("start", "--all", NULL),
			   "fwadm: start: unknown option `--all' (see fwadm help start)\n");
	assert_usage_error(run("chain", "-j", NULL),
			   "fwadm: chain: unknown option `-j' (see fwadm help chain)\n");
	assert_usage_error(run("version", "--json", NULL),
			   "fwadm: version: unknown option `--json' (see fwadm help version)\n");
	/* No --opt=value forms. */
	assert_usage_error(run("stats", "--all=1", NULL),
			   "fwadm: stats: unknown option `--all=1' (see fwadm help stats)\n");
}

static void test_unexpected_argument(void **state)
{
	(void)state;
	assert_usage_error(run("chain", "extra", NULL),
			   "fwadm: chain: unexpected argument `extra' (see fwadm help chain)\n");
	assert_usage_error(run("stop", "now", NULL),
			   "fwadm: stop: unexpected argument `now' (see fwadm help stop)\n");
	/* After --, words are arguments even when they look like options. */
	assert_usage_error(run("stats", "--", "--all", NULL),
			   "fwadm: stats: unexpected argument `--all' (see fwadm help stats)\n");
	assert_usage_error(run("help", "chain", "stats", NULL),
			   "fwadm: help: unexpected argument `stats' (see fwadm help help)\n");
	assert_usage_error(run("help", "nope", NULL),
			   "fwadm: unknown command `nope' (see fwadm help)\n");
}

static void test_option_forms_accepted(void **state)
{
	struct fwadm_opt opts[2];
	bool all = false, json = false, help = true;
	char *argv[] = { (char *)"stats", (char *)"-aj", (char *)"--", NULL };
	struct fwadm_ctx ctx = { .out = stdout, .err = stderr };
	char *args[1];
	size_t nargs = 99;

	(void)state;
	opts[0] = (struct fwadm_opt){ "all", 'a', &all };
	opts[1] = (struct fwadm_opt){ "json", 'j', &json };
	assert_int_equal(fwadm_parse_opts(&ctx, fwadm_find_cmd("stats"), 3,
					  argv, opts, 2, &help, args, 1, &nargs),
			 FWADM_EXIT_OK);
	assert_true(all);
	assert_true(json);
	assert_false(help);
	assert_int_equal(nargs, 0);

	all = json = false;
	argv[1] = (char *)"--json";
	argv[2] = (char *)"word";
	assert_int_equal(fwadm_parse_opts(&ctx, fwadm_find_cmd("stats"), 3,
					  argv, opts, 2, &help, args, 1, &nargs),
			 FWADM_EXIT_OK);
	assert_false(all);
	assert_true(json);
	assert_int_equal(nargs, 1);
	assert_string_equal(args[0], "word");
}

static char *cmd_help_text(const struct fwadm_cmd *c)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fwadm_print_cmd_help(f, c);
	fclose(f);
	return buf;
}

/* help CMD, CMD --help and CMD -h print the same text, from the table. */
static void test_help_for_each_command(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < fwadm_ncmds; i++) {
		const char *name = fwadm_cmds[i].name;
		char *want = cmd_help_text(&fwadm_cmds[i]);
		char usage[128];
		struct result a = run("help", name, NULL);
		struct result b = run(name, "--help", NULL);
		struct result c = run(name, "-h", NULL);
		struct result d = run("--help", name, NULL);

		snprintf(usage, sizeof(usage), "Usage: %s\n\n",
			 fwadm_cmds[i].usage);
		assert_memory_equal(want, usage, strlen(usage));
		assert_non_null(strstr(want, fwadm_cmds[i].help));
		assert_int_equal(a.rc, 0);
		assert_int_equal(b.rc, 0);
		assert_int_equal(c.rc, 0);
		assert_int_equal(d.rc, 0);
		assert_string_equal(a.out, want);
		assert_string_equal(b.out, want);
		assert_string_equal(c.out, want);
		assert_string_equal(d.out, want);
		assert_string_equal(a.err, "");
		assert_string_equal(b.err, "");
		assert_string_equal(c.err, "");
		assert_string_equal(d.err, "");
		result_free(&a);
		result_free(&b);
		result_free(&c);
		result_free(&d);
		free(want);
	}
	assert_int_equal(kernel_calls, 0);
}

/* --help wins over everything else on the line and asks no kernel. */
static void test_help_option_anywhere(void **state)
{
	struct result r = run("stats", "--json", "-h", NULL);
	char *want = cmd_help_text(fwadm_find_cmd("stats"));

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	assert_int_equal(kernel_calls, 0);
	result_free(&r);
	free(want);

	r = run("stats", "-ah", NULL);
	assert_int_equal(r.rc, 0);
	assert_memory_equal(r.out, "Usage: fwadm stats", 18);
	result_free(&r);
}

static void test_help_stats_text(void **state)
{
	struct result r = run("help", "stats", NULL);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out,
"Usage: fwadm stats [--all] [--json] [--reset]\n"
"\n"
"Show, for each stage of the in and out chains, its position, the packets\n"
"that entered it, their bytes (IP header onward) and the packets it\n"
"dropped; then the connection table's figures: entries and their limit,\n"
"remembered removals and their limit, inserts, removals, evictions,\n"
"table-full drops, GC runs, late packets passed and pickups; then each\n"
"drop reason that dropped packets: its number, its count and the kernel's\n"
"description. Counters belong to this network namespace and survive\n"
"fwadm stop. Needs CAP_NET_ADMIN.\n"
"\n"
"With --reset, the counts shown are those up to now, and every counter\n"
"(stages, drop reasons, the table's counters, the rules' hits of\n"
"fwadm policy show --stats) starts again from 0 in the same step, so\n"
"each packet is counted in exactly one period. The table's entries and\n"
"limits are not counters and stay.\n"
"\n"
"Options:\n"
"  -a, --all    also show drop reasons whose count is zero\n"
"  -j, --json   print one JSON object instead of tables\n"
"  -r, --reset  then start every counter again from 0\n"
"  -h, --help   show this help\n");
	result_free(&r);
}

static const char general_help[] =
"Usage: fwadm COMMAND [OPTIONS]\n"
"       fwadm help [COMMAND]\n"
"       fwadm --version\n"
"\n"
"Administer the Rampart firewall (rampart.ko) in the network\n"
"namespace fwadm runs in.\n"
"\n"
"Commands:\n"
"  version  show the versions of fwadm and rampart.ko\n"
"  chain    show the stages of the in and out chains\n"
"  stats    show per-stage counters and drop reasons\n"
"  conn     list or flush the connection table\n"
"  start    start the firewall in this network namespace\n"
"  stop     stop the firewall in this network namespace\n"
"  policy   check, install, show or remove the firewall policy\n"
"  log      follow the firewall's log events\n"
"  monitor  capture packets at the chain's positions\n"
"  help     show help for fwadm or for one command\n"
"\n"
"Options:\n"
"  -h, --help     show this help; fwadm COMMAND --help shows a\n"
"                 command's help\n"
"  -V, --version  print fwadm's version\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  the operation failed: rampart.ko is not loaded, the kernel\n"
"     refused, or an I/O error\n"
"  2  usage error: unknown command or option, or wrong arguments\n";

static void test_general_help(void **state)
{
	struct result a = run("help", NULL);
	struct result b = run("--help", NULL);
	struct result c = run("-h", NULL);
	size_t i;

	(void)state;
	assert_int_equal(a.rc, 0);
	assert_int_equal(b.rc, 0);
	assert_int_equal(c.rc, 0);
	assert_string_equal(a.out, general_help);
	assert_string_equal(b.out, general_help);
	assert_string_equal(c.out, general_help);
	assert_string_equal(a.err, "");
	/* The list comes from the table: every summary is in it. */
	for (i = 0; i < fwadm_ncmds; i++)
		assert_non_null(strstr(a.out, fwadm_cmds[i].summary));
	result_free(&a);
	result_free(&b);
	result_free(&c);
	assert_int_equal(kernel_calls, 0);
}

static void test_version_option(void **state)
{
	struct result a = run("--version", NULL);
	struct result b = run("-V", NULL);

	(void)state;
	assert_int_equal(a.rc, 0);
	assert_string_equal(a.out, "fwadm " FWADM_VERSION "\n");
	assert_string_equal(a.err, "");
	assert_int_equal(b.rc, 0);
	assert_string_equal(b.out, "fwadm " FWADM_VERSION "\n");
	assert_int_equal(kernel_calls, 0);
	result_free(&a);
	result_free(&b);
}

/* Output that cannot be written makes a successful command fail. */
static void test_write_error(void **state)
{
	struct fwadm_ctx ctx = { .tp = &no_kernel_tp };
	char *argv[] = { (char *)"fwadm", (char *)"help", NULL };
	char *err = NULL;
	size_t errlen;
	int rc;

	(void)state;
	ctx.out = fopen("/dev/full", "w");
	assert_non_null(ctx.out);
	ctx.err = open_memstream(&err, &errlen);
	assert_non_null(ctx.err);
	rc = fwadm_run(&ctx, 2, argv);
	fclose(ctx.out);
	fclose(ctx.err);
	assert_int_equal(rc, FWADM_EXIT_FAIL);
	assert_string_equal(err, "fwadm: write error: No space left on device\n");
	free(err);
}

/* A command that needs the kernel does ask it, and its failure is 1. */
static void test_kernel_failure_is_status_1(void **state)
{
	struct result r = run("chain", NULL);

	(void)state;
	assert_int_equal(kernel_calls, 1);
	assert_int_equal(r.rc, FWADM_EXIT_FAIL);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "fwadm: chain: no kernel in this test\n");
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table_lookup, reset),
		cmocka_unit_test_setup(test_table_entries_complete, reset),
		cmocka_unit_test_setup(test_no_command, reset),
		cmocka_unit_test_setup(test_unknown_command, reset),
		cmocka_unit_test_setup(test_unknown_global_option, reset),
		cmocka_unit_test_setup(test_unknown_command_option, reset),
		cmocka_unit_test_setup(test_unexpected_argument, reset),
		cmocka_unit_test_setup(test_option_forms_accepted, reset),
		cmocka_unit_test_setup(test_help_for_each_command, reset),
		cmocka_unit_test_setup(test_help_option_anywhere, reset),
		cmocka_unit_test_setup(test_help_stats_text, reset),
		cmocka_unit_test_setup(test_general_help, reset),
		cmocka_unit_test_setup(test_version_option, reset),
		cmocka_unit_test_setup(test_write_error, reset),
		cmocka_unit_test_setup(test_kernel_failure_is_status_1, reset),
	};

	return cmocka_run_group_tests_name("fwadm command line", tests, NULL,
					   NULL);
}
