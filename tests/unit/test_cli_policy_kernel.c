// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm policy install, verify, show and uninstall against a fake kernel
 * that keeps transactions the way rampart.ko does: the requests fwadm
 * sends (BEGIN, ADD..., COMMIT with its flags, ABORT after a failure),
 * what it prints, kernel errors placed in the file with carets, show
 * reading back what install sent and retrying interrupted dumps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "nl.h"
#include "policy_cmd_support.h"
#include "policy_nl.h"
#include "policy_test_support.h"

#define TICKET 0x7e57

/* A request as the kernel saw it. */
struct seen {
	uint8_t cmd;
	uint32_t ticket;	/* 0: none */
	bool has_flags;
	uint32_t flags;		/* RAMPART_A_POLICY_FLAGS */
};

struct fake_kernel {
	/* how it behaves */
	bool not_loaded;
	int begin_error;		/* errno BEGIN fails with */
	size_t refuse_add;		/* the ADD (1-based) the kernel refuses */
	size_t lose_add;		/* the ADD whose sending fails here */
	const char *add_extack;
	int commit_error;
	const char *commit_extack;
	size_t interrupted_dumps;	/* the first ones are marked DUMP_INTR */
	/* what it holds */
	struct nl_msg **pending, **installed;
	size_t n_pending, cap_pending, n_installed;
	bool open_transaction;
	/* what it was asked */
	struct seen *seen;
	size_t n_seen, cap_seen;
	size_t connections, adds, dumps;
};

static void drop_messages(struct nl_msg **msgs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		nlmsg_free(msgs[i]);
	free(msgs);
}

static void kernel_free(struct fake_kernel *k)
{
	drop_messages(k->pending, k->n_pending);
	drop_messages(k->installed, k->n_installed);
	free(k->seen);
}

static void *fake_open(void *priv, struct fwadm_err *err)
{
	struct fake_kernel *k = priv;

	k->connections++;
	if (k->not_loaded) {
		fwadm_err_set(err, FWADM_E_NOT_LOADED, ENOENT, NULL);
		return NULL;
	}
	return k;
}

static void fake_close(void *conn)
{
	struct fake_kernel *k = conn;

	/* The socket's close frees its transaction. */
	drop_messages(k->pending, k->n_pending);
	k->pending = NULL;
	k->n_pending = k->cap_pending = 0;
	k->open_transaction = false;
}

static int refuse(struct fwadm_err *err, int code, const char *extack)
{
	fwadm_err_set(err, FWADM_E_KERNEL, code, "%s", extack ? extack : "");
	return -1;
}

static int answer_begin(struct fake_kernel *k, fwadm_reply_fn fn, void *arg,
			struct fwadm_err *err)
{
	struct nl_msg *reply;
	int r;

	if (k->begin_error)
		return refuse(err, k->begin_error, NULL);
	assert_false(k->open_transaction);
	k->open_transaction = true;
	reply = fwadm_nl_message(RAMPART_CMD_POLICY_BEGIN, 0, 0);
	assert_non_null(reply);
	assert_int_equal(nla_put_u32(reply, RAMPART_A_POLICY_TICKET, TICKET), 0);
	r = fn(nlmsg_hdr(reply), arg, err);
	nlmsg_free(reply);
	return r;
}

static int answer_add(struct fake_kernel *k, struct nl_msg *req,
		      struct fwadm_err *err)
{
	k->adds++;
	if (k->adds == k->lose_add) {
		fwadm_err_set(err, FWADM_E_SYSTEM, 0,
			      "cannot send the request: Broken pipe");
		return -1;
	}
	if (k->adds == k->refuse_add)
		return refuse(err, EINVAL, k->add_extack);
	k->pending = policy_grow(k->pending, &k->cap_pending,
				 k->n_pending + 1, sizeof(*k->pending));
	k->pending[k->n_pending++] = nlmsg_convert(nlmsg_hdr(req));
	return 0;
}

static int answer_commit(struct fake_kernel *k, const struct seen *s,
			 struct fwadm_err *err)
{
	/* The transaction ends, whatever the outcome. */
	k->open_transaction = false;
	if (k->commit_error) {
		fake_close(k);
		return refuse(err, k->commit_error, k->commit_extack);
	}
	if (s->flags & RAMPART_POLICY_F_VERIFY_ONLY) {
		fake_close(k);
		return 0;
	}
	drop_messages(k->installed, k->n_installed);
	k->installed = k->pending;
	k->n_installed = k->n_pending;
	k->pending = NULL;
	k->n_pending = k->cap_pending = 0;
	return 0;
}

/* The installed items, sent back as the dump's messages. */
static int answer_dump(struct fake_kernel *k, fwadm_reply_fn fn, void *arg,
		       struct fwadm_err *err)
{
	size_t i;

	k->dumps++;
	if (!k->installed)
		return refuse(err, ENOENT, "no policy is installed");
	if (k->dumps <= k->interrupted_dumps) {
		/* Half old, half new: the reader must not see the rest. */
		if (fn(nlmsg_hdr(k->installed[0]), arg, err) < 0)
			return -1;
		fwadm_err_set(err, FWADM_E_DUMP_INTR, 0, NULL);
		return -1;
	}
	for (i = 0; i < k->n_installed; i++)
		if (fn(nlmsg_hdr(k->installed[i]), arg, err) < 0)
			return -1;
	return 0;
}

static int fake_request(void *conn, struct nl_msg *req, fwadm_reply_fn fn,
			void *arg, struct fwadm_err *err)
{
	struct fake_kernel *k = conn;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(req));
	struct nlattr *ticket, *flags;
	struct seen *s;

	fwadm_err_clear(err);
	k->seen = policy_grow(k->seen, &k->cap_seen, k->n_seen + 1,
			      sizeof(*k->seen));
	s = &k->seen[k->n_seen++];
	memset(s, 0, sizeof(*s));
	s->cmd = g->cmd;
	ticket = nla_find(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  RAMPART_A_POLICY_TICKET);
	flags = nla_find(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			 RAMPART_A_POLICY_FLAGS);
	s->ticket = ticket ? nla_get_u32(ticket) : 0;
	s->has_flags = flags != NULL;
	s->flags = flags ? nla_get_u32(flags) : 0;

	switch (g->cmd) {
	case RAMPART_CMD_POLICY_BEGIN:
		return answer_begin(k, fn, arg, err);
	case RAMPART_CMD_POLICY_ADD:
		assert_int_equal(s->ticket, TICKET);
		assert_true(k->open_transaction);
		return answer_add(k, req, err);
	case RAMPART_CMD_POLICY_COMMIT:
		assert_int_equal(s->ticket, TICKET);
		return answer_commit(k, s, err);
	case RAMPART_CMD_POLICY_ABORT:
		assert_int_equal(s->ticket, TICKET);
		fake_close(k);
		return 0;
	case RAMPART_CMD_POLICY_GET:
		assert_true(nlmsg_hdr(req)->nlmsg_flags & NLM_F_DUMP);
		return answer_dump(k, fn, arg, err);
	case RAMPART_CMD_POLICY_UNINSTALL:
		if (!k->installed)
			return refuse(err, ENOENT, "no policy is installed");
		drop_messages(k->installed, k->n_installed);
		k->installed = NULL;
		k->n_installed = 0;
		return 0;
	}
	fail_msg("unexpected request %u", g->cmd);
	return -1;
}

/* Run "fwadm policy ARGS..." against k, stdin from input. */
static struct outcome run(struct fake_kernel *k, const char *input,
			  const char *const *args)
{
	struct fwadm_transport tp = {
		.open = fake_open, .request = fake_request, .close = fake_close,
		.priv = k,
	};

	return run_policy(&tp, input, args);
}

/* The commands of the requests, "BEGIN ADD ADD COMMIT". */
static char *request_names(const struct fake_kernel *k)
{
	static const char *const names[] = {
		[RAMPART_CMD_POLICY_BEGIN] = "BEGIN",
		[RAMPART_CMD_POLICY_ADD] = "ADD",
		[RAMPART_CMD_POLICY_COMMIT] = "COMMIT",
		[RAMPART_CMD_POLICY_ABORT] = "ABORT",
		[RAMPART_CMD_POLICY_GET] = "GET",
		[RAMPART_CMD_POLICY_UNINSTALL] = "UNINSTALL",
	};
	static char buf[512];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < k->n_seen && used < sizeof(buf) - 16; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
					 i ? " " : "", names[k->seen[i].cmd]);
	return buf;
}

static void remove_policy(char *path)
{
	unlink(path);
	free(path);
}

static char *example_format(void)
{
	struct checked c = check_clean_file(EXAMPLE_POLICY);
	char *text = emit_text(c.p);

	checked_free(&c);
	return text;
}

static void test_install_and_show(void **state)
{
	struct fake_kernel k = { 0 };
	char *path = tree_path(EXAMPLE_POLICY), want[PATH_MAX + 64];
	char *canonical = example_format();
	struct outcome shown, again;
	struct checked a, b;

	(void)state;
	snprintf(want, sizeof(want), "%s: installed, 9 rules\n", path);
	assert_outcome(run(&k, NULL, ARGS("install", path)), 0, want, "");
	assert_string_equal(request_names(&k), "BEGIN ADD COMMIT");
	assert_int_equal(k.seen[0].ticket, 0);
	assert_int_equal(k.seen[2].ticket, TICKET);
	assert_false(k.seen[2].has_flags);	/* no flags: install */
	assert_int_equal(k.connections, 1);

	/* show prints what format prints, and it verifies and reads back. */
	shown = run(&k, NULL, ARGS("show"));
	assert_string_equal(shown.err, "");
	assert_int_equal(shown.status, 0);
	assert_string_equal(shown.out, canonical);
	a = check_clean(canonical);
	b = check_clean(shown.out);
	assert_true(policy_equal(a.p, b.p));
	checked_free(&a);
	checked_free(&b);
	assert_outcome(run(&k, shown.out, ARGS("verify", "-n", "-")), 0,
		       "<stdin>: 9 rules, 15 objects, 10 services: OK\n", "");
	again = run(&k, NULL, ARGS("show"));
	assert_string_equal(again.out, shown.out);
	free(again.out);
	free(again.err);
	free(shown.out);
	free(shown.err);
	free(canonical);
	free(path);
	kernel_free(&k);
}

static void test_install_keep_connections(void **state)
{
	struct fake_kernel k = { 0 };

	(void)state;
	assert_outcome(run(&k, "host a 192.0.2.1;\n"
			   "rule accept from a to any service any;\n",
			   ARGS("install", "--keep-connections", "-")),
		       0, "<stdin>: installed, 1 rule\n", "");
	assert_string_equal(request_names(&k), "BEGIN ADD COMMIT");
	assert_true(k.seen[2].has_flags);
	assert_int_equal(k.seen[2].flags, RAMPART_POLICY_F_KEEP_CONNECTIONS);
	kernel_free(&k);
}

/* verify with the module: the kernel checks everything, installs nothing. */
static void test_verify_in_kernel(void **state)
{
	struct fake_kernel k = { 0 };
	char *path = tree_path(EXAMPLE_POLICY), want[PATH_MAX + 64];

	(void)state;
	snprintf(want, sizeof(want), "%s: 9 rules, 15 objects, 10 services: OK\n",
		 path);
	assert_outcome(run(&k, NULL, ARGS("verify", path)), 0, want, "");
	assert_string_equal(request_names(&k), "BEGIN ADD COMMIT");
	assert_int_equal(k.seen[2].flags, RAMPART_POLICY_F_VERIFY_ONLY);
	assert_outcome(run(&k, NULL, ARGS("show")), 1, "",
		       "fwadm: no policy is installed\n");

	/* Without CAP_NET_ADMIN only the local checks run, and it is said. */
	k.begin_error = EPERM;
	assert_outcome(run(&k, NULL, ARGS("verify", path)), 0, want,
		       "fwadm: policy verify: rampart.ko's checks need CAP_NET_ADMIN: only the local checks ran\n");
	free(path);
	kernel_free(&k);
}

/* The file the kernel's places point into. */
static const char placed_policy[] =
	"host mx 192.0.2.25;\n"
	"host mx6 2001:db8::25;\n"
	"group mail { mx, mx6 }\n"
	"service smtp tcp 25;\n"
	"rule accept from any to mail service smtp;\n";

/* "line 5 col 25: ..." is printed against the file, with carets. */
static void test_kernel_error_placed(void **state)
{
	struct fake_kernel k = {
		.commit_error = EINVAL,
		.commit_extack = "line 5 col 25: rule 1: unknown object `mail'",
	};
	char *path = temp_policy(placed_policy), want[1024];

	(void)state;
	snprintf(want, sizeof(want),
		 "%s:5:25-28: error: rule 1: unknown object `mail'\n"
		 " rule accept from any to mail service smtp;\n"
		 "                         ^^^^\n"
		 "%s: 1 error\n", path, path);
	assert_outcome(run(&k, NULL, ARGS("install", path)), 1, "", want);
	/* COMMIT ended the transaction: nothing to abort. */
	assert_string_equal(request_names(&k), "BEGIN ADD COMMIT");
	/* verify reports the kernel's errors the same way. */
	assert_outcome(run(&k, NULL, ARGS("verify", path)), 1, "", want);

	/* A place with no token: one caret there. */
	k.commit_extack = "line 3 col 13: odd";
	snprintf(want, sizeof(want),
		 "%s:3:13: error: odd\n"
		 " group mail { mx, mx6 }\n"
		 "             ^\n"
		 "%s: 1 error\n", path, path);
	assert_outcome(run(&k, NULL, ARGS("install", path)), 1, "", want);
	remove_policy(path);
	kernel_free(&k);
}

static void test_kernel_error_unplaced(void **state)
{
	struct fake_kernel k = {
		.commit_error = EINVAL,
		.commit_extack = "cannot register netfilter hooks or enable defragmentation",
	};

	(void)state;
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 1, "",
		       "fwadm: policy install: cannot register netfilter hooks or enable defragmentation\n");
	/* Without an extack, the errno's text. */
	k.commit_extack = NULL;
	k.commit_error = ENOMEM;
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 1, "",
		       "fwadm: policy install: Cannot allocate memory\n");
	kernel_free(&k);
}

static void test_refused_begin(void **state)
{
	struct fake_kernel k = { .begin_error = EPERM };

	(void)state;
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 1, "",
		       "fwadm: permission denied: fwadm needs CAP_NET_ADMIN\n");
	k.begin_error = EBUSY;
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 1, "",
		       "fwadm: policy install: Device or resource busy\n");
	assert_string_equal(request_names(&k), "BEGIN BEGIN");
	k.not_loaded = true;
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 1, "",
		       "fwadm: rampart is not loaded (insmod rampart.ko)\n");
	assert_outcome(run(&k, NULL, ARGS("show")), 1, "",
		       "fwadm: rampart is not loaded (insmod rampart.ko)\n");
	assert_outcome(run(&k, NULL, ARGS("uninstall")), 1, "",
		       "fwadm: rampart is not loaded (insmod rampart.ko)\n");
	kernel_free(&k);
}

/* The kernel refuses the third ADD of a large policy: ABORT, no COMMIT. */
static void test_refused_add_aborts(void **state)
{
	char *text = generate_policy(10000), *path = temp_policy(text), want[1024];
	struct fake_kernel k = {
		.refuse_add = 3,
		.add_extack = "line 4000 col 1: rule 1598: invalid interface name `x'",
	};

	(void)state;
	snprintf(want, sizeof(want),
		 "%s:4000:1-4: error: rule 1598: invalid interface name `x'\n"
		 " rule accept from g197 to h597, v598 service s79;\n"
		 " ^^^^\n"
		 "%s: 1 error\n", path, path);
	assert_outcome(run(&k, NULL, ARGS("install", path)), 1, "", want);
	assert_string_equal(request_names(&k), "BEGIN ADD ADD ADD ABORT");
	assert_int_equal(k.seen[4].ticket, TICKET);
	assert_null(k.installed);
	remove_policy(path);
	free(text);
	kernel_free(&k);
}

/* A failure here, after BEGIN, aborts too. */
static void test_local_failure_aborts(void **state)
{
	char *text = generate_policy(10000);
	struct fake_kernel k = { .lose_add = 2 };

	(void)state;
	assert_outcome(run(&k, text, ARGS("install", "-")), 1, "",
		       "fwadm: policy install: cannot send the request: Broken pipe\n");
	assert_string_equal(request_names(&k), "BEGIN ADD ADD ABORT");
	free(text);
	kernel_free(&k);
}

/* An item too large for one message: placed in the file, aborted. */
static void test_item_too_large_aborts(void **state)
{
	char *text = NULL, *names, want[1024];
	size_t len, i;
	FILE *f = open_memstream(&text, &len);
	struct fake_kernel k = { 0 };

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 3000; i++)
		fprintf(f, "host m%04zu 10.1.%zu.%zu;\n", i, i / 250, i % 250 + 1);
	fputs("group big { m0000", f);
	for (i = 1; i < 3000; i++)
		fprintf(f, ", m%04zu", i);
	fputs(" }\n", f);
	fclose(f);
	snprintf(want, sizeof(want),
		 "<stdin>:3001:7-9: error: object `big' is too large to install: "
		 "it does not fit in one netlink message of %d bytes\n"
		 " group big { m0000, m0001,", POLICY_NL_MSG_MAX);
	{
		struct outcome o = run(&k, text, ARGS("install", "-"));

		assert_int_equal(o.status, 1);
		assert_string_equal(o.out, "");
		assert_memory_equal(o.err, want, strlen(want));
		assert_non_null(strstr(o.err, "\n       ^^^\n<stdin>: 1 error\n"));
		free(o.out);
		free(o.err);
	}
	/* The 3000 hosts went out in a few messages; no COMMIT followed. */
	names = request_names(&k);
	assert_memory_equal(names, "BEGIN ADD ADD", strlen("BEGIN ADD ADD"));
	assert_null(strstr(names, "COMMIT"));
	assert_string_equal(names + strlen(names) - strlen(" ADD ABORT"),
			    " ADD ABORT");
	free(text);
	kernel_free(&k);
}

/* A reinstall during show: the dump is read again, a few times at most. */
static void test_show_interrupted(void **state)
{
	struct fake_kernel k = { .interrupted_dumps = 2 };
	char *canonical = example_format(), *path = tree_path(EXAMPLE_POLICY);
	char want[PATH_MAX + 64];

	(void)state;
	snprintf(want, sizeof(want), "%s: installed, 9 rules\n", path);
	assert_outcome(run(&k, NULL, ARGS("install", path)), 0, want, "");
	k.n_seen = 0;
	assert_outcome(run(&k, NULL, ARGS("show")), 0, canonical, "");
	assert_string_equal(request_names(&k), "GET GET GET");

	k.interrupted_dumps = 100;
	k.dumps = 0;
	assert_outcome(run(&k, NULL, ARGS("show")), 1, "",
		       "fwadm: policy show: the policy changed during each of 5 reads; try again\n");
	assert_int_equal(k.dumps, 5);
	free(canonical);
	free(path);
	kernel_free(&k);
}

static void test_uninstall(void **state)
{
	struct fake_kernel k = { 0 };

	(void)state;
	assert_outcome(run(&k, NULL, ARGS("uninstall")), 1, "",
		       "fwadm: no policy is installed\n");
	assert_outcome(run(&k, placed_policy, ARGS("install", "-")), 0,
		       "<stdin>: installed, 1 rule\n", "");
	assert_outcome(run(&k, NULL, ARGS("uninstall")), 0,
		       "policy uninstalled, firewall stopped\n", "");
	assert_outcome(run(&k, NULL, ARGS("show")), 1, "",
		       "fwadm: no policy is installed\n");
	assert_outcome(run(&k, NULL, ARGS("uninstall")), 1, "",
		       "fwadm: no policy is installed\n");
	kernel_free(&k);
}

/* A policy with errors never reaches the kernel. */
static void test_errors_stay_local(void **state)
{
	struct fake_kernel k = { 0 };

	(void)state;
	assert_outcome(run(&k, "host a;\n", ARGS("install", "-")), 1, "",
		       "<stdin>:1:7: error: expected an address, found `;'\n"
		       " host a;\n"
		       "       ^\n"
		       "<stdin>: 1 error\n");
	assert_int_equal(k.connections, 0);
	kernel_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_and_show),
		cmocka_unit_test(test_install_keep_connections),
		cmocka_unit_test(test_verify_in_kernel),
		cmocka_unit_test(test_kernel_error_placed),
		cmocka_unit_test(test_kernel_error_unplaced),
		cmocka_unit_test(test_refused_begin),
		cmocka_unit_test(test_refused_add_aborts),
		cmocka_unit_test(test_local_failure_aborts),
		cmocka_unit_test(test_item_too_large_aborts),
		cmocka_unit_test(test_show_interrupted),
		cmocka_unit_test(test_uninstall),
		cmocka_unit_test(test_errors_stay_local),
	};

	return cmocka_run_group_tests_name("fwadm policy and the kernel", tests,
					   NULL, NULL);
}
