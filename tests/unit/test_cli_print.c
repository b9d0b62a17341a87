// SPDX-License-Identifier: GPL-2.0
/*
 * Output of fwadm version, chain, stats and conn (text and JSON), printed
 * from structs to a memory FILE and compared with the exact expected text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <linux/rampart.h>

#include "print.h"

#define IN RAMPART_DIR_IN
#define OUT RAMPART_DIR_OUT
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Capture what fn prints. */
#define CAPTURE(buf, call)						\
	do {								\
		size_t len_;						\
		FILE *f = open_memstream(&(buf), &len_);		\
		assert_non_null(f);					\
		call;							\
		assert_int_equal(fclose(f), 0);				\
	} while (0)

static struct fwadm_stage chain_stages[] = {
	{ .dir = IN, .index = 0, .priority = -390, .id = 1,
	  .name = "sanity", .desc = "stateless verifications" },
	{ .dir = IN, .index = 1, .priority = 0, .id = 2,
	  .name = "fw", .desc = "fw inbound" },
	{ .dir = IN, .index = 2, .priority = 50, .id = 3,
	  .name = "smtp", .desc = "smtp inspection" },
	{ .dir = IN, .index = 3, .priority = 400, .id = 4,
	  .name = "end", .desc = "end of rampart chain" },
	{ .dir = OUT, .index = 0, .priority = -390, .id = 1,
	  .name = "sanity", .desc = "stateless verifications" },
	{ .dir = OUT, .index = 1, .priority = 0, .id = 2,
	  .name = "fw", .desc = "fw outbound" },
	{ .dir = OUT, .index = 2, .priority = 50, .id = 3,
	  .name = "smtp", .desc = "smtp inspection" },
	{ .dir = OUT, .index = 3, .priority = 400, .id = 4,
	  .name = "end", .desc = "end of rampart chain" },
};

static const char chain_text[] =
	"in chain (4):\n"
	" 0:  -390 sanity (stateless verifications)\n"
	" 1:     0 fw (fw inbound)\n"
	" 2:    50 smtp (smtp inspection)\n"
	" 3:   400 end (end of rampart chain)\n"
	"out chain (4):\n"
	" 0:  -390 sanity (stateless verifications)\n"
	" 1:     0 fw (fw outbound)\n"
	" 2:    50 smtp (smtp inspection)\n"
	" 3:   400 end (end of rampart chain)\n";

static void test_version(void **state)
{
	struct fwadm_version v = { .version = "0.1.0", .abi = 1 };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_version(f, &v));
	assert_string_equal(out, "rampart.ko 0.1.0 (abi 1)\n");
	free(out);
}

static void test_chain_started(void **state)
{
	struct fwadm_chain c = {
		.started = true,
		.nstages = N(chain_stages),
		.stages = chain_stages,
	};
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_chain(f, &c));
	assert_memory_equal(out, "firewall: started\n", 18);
	assert_string_equal(out + 18, chain_text);
	free(out);
}

static void test_chain_stopped(void **state)
{
	struct fwadm_chain c = {
		.started = false,
		.nstages = N(chain_stages),
		.stages = chain_stages,
	};
	const char *first =
		"firewall: stopped (hooks not registered; run fwadm start)\n";
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_chain(f, &c));
	assert_memory_equal(out, first, strlen(first));
	assert_string_equal(out + strlen(first), chain_text);
	free(out);
}

/* Grouped by direction and listed by index, whatever the reply order. */
static void test_chain_order_and_grouping(void **state)
{
	struct fwadm_stage st[] = {
		{ .dir = OUT, .index = 1, .priority = 7, .name = "b", .desc = "out b" },
		{ .dir = IN, .index = 12, .priority = -2147483647 - 1,
		  .name = "z", .desc = "in z" },
		{ .dir = OUT, .index = 0, .priority = 100000, .name = "a",
		  .desc = "out a" },
		{ .dir = IN, .index = 3, .priority = -1, .name = "y", .desc = "in y" },
	};
	struct fwadm_chain c = { .started = true, .nstages = N(st), .stages = st };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_chain(f, &c));
	assert_string_equal(out,
			    "firewall: started\n"
			    "in chain (2):\n"
			    " 3:    -1 y (in y)\n"
			    "12: -2147483648 z (in z)\n"
			    "out chain (2):\n"
			    " 0: 100000 a (out a)\n"
			    " 1:     7 b (out b)\n");
	free(out);
}

static void test_chain_empty(void **state)
{
	struct fwadm_chain c = { .started = true };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_chain(f, &c));
	assert_string_equal(out, "firewall: started\n"
				 "in chain (0):\n"
				 "out chain (0):\n");
	free(out);
}

static struct fwadm_stage stats_stages[] = {
	{ .dir = IN, .index = 0, .name = "sanity", .packets = 1200,
	  .bytes = 153600, .drops = 3 },
	{ .dir = IN, .index = 1, .name = "fw", .packets = 1197,
	  .bytes = 153216, .drops = 0 },
	{ .dir = IN, .index = 2, .name = "smtp", .packets = 0, .bytes = 0,
	  .drops = 0 },
	{ .dir = IN, .index = 3, .name = "end", .packets = 1197,
	  .bytes = 153216, .drops = 0 },
	{ .dir = OUT, .index = 0, .name = "sanity", .packets = 800,
	  .bytes = 64000, .drops = 1 },
	{ .dir = OUT, .index = 3, .name = "end", .packets = 799,
	  .bytes = 63920, .drops = 0 },
};

static struct fwadm_drop stats_drops[] = {
	{ .reason = 0, .text = "not dropped", .count = 0 },
	{ .reason = 11, .text = "TCP flags SYN and FIN together", .count = 2 },
	{ .reason = 1, .text = "IP header truncated", .count = 0 },
	{ .reason = 15, .text = "TCP port 0", .count = 2 },
};

static struct fwadm_stats stats = {
	.started = true,
	.nstages = N(stats_stages),
	.stages = stats_stages,
	.ndrops = N(stats_drops),
	.drops = stats_drops,
	.conns = {
		.entries = 17, .limit = 262144, .tombs = 4, .tombs_max = 16384,
		.inserts = 40, .removals = 23, .evictions = 2, .full_drops = 1,
		.gc_runs = 99, .late_passed = 3, .pickups = 5,
	},
};

static const char stats_conns[] =
	"connections:\n"
	"  entries              17/262144\n"
	"  remembered removals  4/16384\n"
	"  inserts              40\n"
	"  removals             23\n"
	"  evictions            2\n"
	"  table-full drops     1\n"
	"  GC runs              99\n"
	"  late packets passed  3\n"
	"  pickups              5\n";

/* The block of a stats struct whose table figures are all zero. */
#define CONNS_ZERO							\
	"connections:\n"						\
	"  entries              0/0\n"					\
	"  remembered removals  0/0\n"					\
	"  inserts              0\n"					\
	"  removals             0\n"					\
	"  evictions            0\n"					\
	"  table-full drops     0\n"					\
	"  GC runs              0\n"					\
	"  late packets passed  0\n"					\
	"  pickups              0\n"

#define CONNS_ZERO_JSON							\
	"  \"connections\": {\"entries\": 0, \"limit\": 0, \"remembered\": 0, "	\
	"\"remembered_max\": 0, \"inserts\": 0, \"removals\": 0, "		\
	"\"evictions\": 0, \"full_drops\": 0, \"gc_runs\": 0, "		\
	"\"late_passed\": 0, \"pickups\": 0},\n"

static const char stats_tables[] =
	"firewall: started\n"
	"in chain (4):\n"
	"  pos  stage   packets   bytes  drops\n"
	"    0  sanity     1200  153600      3\n"
	"    1  fw         1197  153216      0\n"
	"    2  smtp          0       0      0\n"
	"    3  end        1197  153216      0\n"
	"out chain (2):\n"
	"  pos  stage   packets   bytes  drops\n"
	"    0  sanity      800   64000      1\n"
	"    3  end         799   63920      0\n";

static void test_stats_text(void **state)
{
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats(f, &stats, false));
	assert_memory_equal(out, stats_tables, strlen(stats_tables));
	assert_memory_equal(out + strlen(stats_tables), stats_conns,
			    strlen(stats_conns));
	assert_string_equal(out + strlen(stats_tables) + strlen(stats_conns),
			    "drop reasons:\n"
			    "  reason  count  text\n"
			    "      11      2  TCP flags SYN and FIN together\n"
			    "      15      2  TCP port 0\n");
	free(out);
}

static void test_stats_text_all(void **state)
{
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats(f, &stats, true));
	assert_memory_equal(out, stats_tables, strlen(stats_tables));
	assert_string_equal(out + strlen(stats_tables) + strlen(stats_conns),
			    "drop reasons:\n"
			    "  reason  count  text\n"
			    "       0      0  not dropped\n"
			    "       1      0  IP header truncated\n"
			    "      11      2  TCP flags SYN and FIN together\n"
			    "      15      2  TCP port 0\n");
	free(out);
}

static void test_stats_no_drops(void **state)
{
	struct fwadm_drop d[] = {
		{ .reason = 0, .text = "not dropped", .count = 0 },
		{ .reason = 1, .text = "IP header truncated", .count = 0 },
	};
	struct fwadm_stage st[] = {
		{ .dir = IN, .index = 0, .name = "sanity" },
	};
	struct fwadm_stats s = {
		.started = false, .nstages = 1, .stages = st,
		.ndrops = N(d), .drops = d,
	};
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats(f, &s, false));
	assert_string_equal(out,
		"firewall: stopped (hooks not registered; run fwadm start)\n"
		"in chain (1):\n"
		"  pos  stage   packets  bytes  drops\n"
		"    0  sanity        0      0      0\n"
		"out chain (0):\n"
		CONNS_ZERO
		"drop reasons: none\n");
	free(out);
}

/* Columns widen to fit the largest number and the longest name. */
static void test_stats_wide_columns(void **state)
{
	struct fwadm_stage st[] = {
		{ .dir = IN, .index = 1000, .name = "a-long-stage-name",
		  .packets = UINT64_MAX, .bytes = 1, .drops = 123456 },
		{ .dir = OUT, .index = 0, .name = "x", .packets = 5,
		  .bytes = 10000000000ULL, .drops = 0 },
	};
	struct fwadm_drop d[] = {
		{ .reason = 4294967295u, .text = "future reason",
		  .count = 1234567 },
	};
	struct fwadm_stats s = {
		.started = true, .nstages = N(st), .stages = st,
		.ndrops = N(d), .drops = d,
	};
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats(f, &s, false));
	assert_string_equal(out,
		"firewall: started\n"
		"in chain (1):\n"
		"   pos  stage                           packets        bytes   drops\n"
		"  1000  a-long-stage-name  18446744073709551615            1  123456\n"
		"out chain (1):\n"
		"   pos  stage                           packets        bytes   drops\n"
		"     0  x                                     5  10000000000       0\n"
		CONNS_ZERO
		"drop reasons:\n"
		"      reason    count  text\n"
		"  4294967295  1234567  future reason\n");
	free(out);
}

static void test_stats_json(void **state)
{
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats_json(f, &stats, false));
	assert_string_equal(out,
"{\n"
"  \"started\": true,\n"
"  \"in\": [\n"
"    {\"position\": 0, \"name\": \"sanity\", \"packets\": 1200, \"bytes\": 153600, \"drops\": 3},\n"
"    {\"position\": 1, \"name\": \"fw\", \"packets\": 1197, \"bytes\": 153216, \"drops\": 0},\n"
"    {\"position\": 2, \"name\": \"smtp\", \"packets\": 0, \"bytes\": 0, \"drops\": 0},\n"
"    {\"position\": 3, \"name\": \"end\", \"packets\": 1197, \"bytes\": 153216, \"drops\": 0}\n"
"  ],\n"
"  \"out\": [\n"
"    {\"position\": 0, \"name\": \"sanity\", \"packets\": 800, \"bytes\": 64000, \"drops\": 1},\n"
"    {\"position\": 3, \"name\": \"end\", \"packets\": 799, \"bytes\": 63920, \"drops\": 0}\n"
"  ],\n"
"  \"connections\": {\"entries\": 17, \"limit\": 262144, \"remembered\": 4, \"remembered_max\": 16384, \"inserts\": 40, \"removals\": 23, \"evictions\": 2, \"full_drops\": 1, \"gc_runs\": 99, \"late_passed\": 3, \"pickups\": 5},\n"
"  \"drop_reasons\": [\n"
"    {\"reason\": 11, \"count\": 2, \"text\": \"TCP flags SYN and FIN together\"},\n"
"    {\"reason\": 15, \"count\": 2, \"text\": \"TCP port 0\"}\n"
"  ]\n"
"}\n");
	free(out);
}

static void test_stats_json_all(void **state)
{
	char *out;
	const char *dr;

	(void)state;
	CAPTURE(out, fwadm_print_stats_json(f, &stats, true));
	dr = strstr(out, "  \"drop_reasons\": [\n");
	assert_non_null(dr);
	assert_string_equal(dr,
"  \"drop_reasons\": [\n"
"    {\"reason\": 0, \"count\": 0, \"text\": \"not dropped\"},\n"
"    {\"reason\": 1, \"count\": 0, \"text\": \"IP header truncated\"},\n"
"    {\"reason\": 11, \"count\": 2, \"text\": \"TCP flags SYN and FIN together\"},\n"
"    {\"reason\": 15, \"count\": 2, \"text\": \"TCP port 0\"}\n"
"  ]\n"
"}\n");
	free(out);
}

static void test_stats_json_empty(void **state)
{
	struct fwadm_drop d[] = { { .reason = 0, .text = "not dropped" } };
	struct fwadm_stats s = { .started = false, .ndrops = 1, .drops = d };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats_json(f, &s, false));
	assert_string_equal(out,
			    "{\n"
			    "  \"started\": false,\n"
			    "  \"in\": [],\n"
			    "  \"out\": [],\n"
			    CONNS_ZERO_JSON
			    "  \"drop_reasons\": []\n"
			    "}\n");
	free(out);
}

static void test_json_string_escaping(void **state)
{
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_json_string(f,
		"q\"b\\s/ n\n t\t r\r \x01\x1f\x7f caf\xc3\xa9"));
	assert_string_equal(out,
		"\"q\\\"b\\\\s/ n\\n t\\t r\\r \\u0001\\u001f\\u007f caf\xc3\xa9\"");
	free(out);

	CAPTURE(out, fwadm_print_json_string(f, ""));
	assert_string_equal(out, "\"\"");
	free(out);
}

/* Kernel-provided names are escaped inside the JSON document too. */
static void test_stats_json_escapes_kernel_text(void **state)
{
	struct fwadm_stage st[] = {
		{ .dir = OUT, .index = 0, .name = "we\"ird", .packets = 1 },
	};
	struct fwadm_drop d[] = {
		{ .reason = 2, .text = "a \\ b", .count = 1 },
	};
	struct fwadm_stats s = {
		.started = true, .nstages = 1, .stages = st,
		.ndrops = 1, .drops = d,
	};
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_stats_json(f, &s, false));
	assert_string_equal(out,
"{\n"
"  \"started\": true,\n"
"  \"in\": [],\n"
"  \"out\": [\n"
"    {\"position\": 0, \"name\": \"we\\\"ird\", \"packets\": 1, \"bytes\": 0, \"drops\": 0}\n"
"  ],\n"
CONNS_ZERO_JSON
"  \"drop_reasons\": [\n"
"    {\"reason\": 2, \"count\": 1, \"text\": \"a \\\\ b\"}\n"
"  ]\n"
"}\n");
	free(out);
}

static void test_stats_conns_wide(void **state)
{
	struct fwadm_stats s = {
		.started = true,
		.conns = {
			.entries = 4294967295u, .limit = 4294967295u,
			.tombs = 1, .tombs_max = 2, .inserts = UINT64_MAX,
			.gc_runs = 12,
		},
	};
	char *out;
	const char *c;

	(void)state;
	CAPTURE(out, fwadm_print_stats(f, &s, false));
	c = strstr(out, "connections:\n");
	assert_non_null(c);
	assert_string_equal(c,
		"connections:\n"
		"  entries              4294967295/4294967295\n"
		"  remembered removals  1/2\n"
		"  inserts              18446744073709551615\n"
		"  removals             0\n"
		"  evictions            0\n"
		"  table-full drops     0\n"
		"  GC runs              12\n"
		"  late packets passed  0\n"
		"  pickups              0\n"
		"drop reasons: none\n");
	free(out);
}

/* ---- fwadm conn ---- */

#define V4(a, b, c, d) { a, b, c, d }
#define V6(...) { __VA_ARGS__ }

static struct fwadm_conn_entry conns[] = {
	{ .id = 7, .family = 4, .proto = 6, .src = V4(10, 0, 1, 2),
	  .dst = V4(10, 0, 2, 2), .sport = 45678, .dport = 587,
	  .state = RAMPART_CONN_ESTABLISHED, .rule = 1,
	  .service = "submission", .timeout = 7187, .age = 13,
	  .packets = { 12, 10 }, .bytes = { 1840, 2310 } },
	{ .id = 8, .family = 6, .proto = 6,
	  .src = V6(0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),
	  .dst = V6(0xfd, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),
	  .sport = 50000, .dport = 25, .state = RAMPART_CONN_SYN_SENT,
	  .rule = 12, .service = "smtp", .timeout = 25, .age = 0,
	  .packets = { 1, 0 }, .bytes = { 60, 0 } },
	{ .id = 1234, .family = 4, .proto = 1, .src = V4(10, 0, 1, 2),
	  .dst = V4(10, 0, 2, 2), .sport = 77, .dport = 77,
	  .state = RAMPART_CONN_ICMP, .timeout = 0, .age = 30,
	  .packets = { 1, 1 }, .bytes = { 84, 84 } },
	{ .id = 9, .family = 4, .proto = 47, .src = V4(192, 0, 2, 1),
	  .dst = V4(198, 51, 100, 255), .sport = 0, .dport = 0,
	  .state = 99, .rule = 4294967295u, .timeout = 4294967295u,
	  .packets = { UINT64_MAX, 0 }, .bytes = { UINT64_MAX, 0 } },
};

static const char conn_header[] =
	"ID  PROTO  SOURCE  DESTINATION  STATE  SERVICE  RULE  TIMEOUT"
	"  ORIG PKTS/BYTES  REPLY PKTS/BYTES\n";

static void test_conns_empty(void **state)
{
	struct fwadm_conns list = { 0 };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_conns(f, &list));
	assert_string_equal(out, conn_header);
	free(out);
	CAPTURE(out, fwadm_print_conns_json(f, &list));
	assert_string_equal(out, "{\n  \"connections\": []\n}\n");
	free(out);
}

/* In the order given; columns as wide as their longest field. */
static void test_conns_table(void **state)
{
	struct fwadm_conns list = { .n = 3, .cap = 3, .v = conns };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_conns(f, &list));
	assert_string_equal(out,
"  ID  PROTO  SOURCE             DESTINATION     STATE        SERVICE     RULE  TIMEOUT  ORIG PKTS/BYTES  REPLY PKTS/BYTES\n"
"   7  tcp    10.0.1.2:45678     10.0.2.2:587    ESTABLISHED  submission     1    7187s          12/1840           10/2310\n"
"   8  tcp    [fd00:1::2]:50000  [fd00:2::2]:25  SYN_SENT     smtp          12      25s             1/60               0/0\n"
"1234  icmp   10.0.1.2:77        10.0.2.2:77     ICMP         -              -       0s             1/84              1/84\n");
	free(out);
}

/* A protocol or state this fwadm has no name for is shown by number. */
static void test_conns_unknown_values(void **state)
{
	struct fwadm_conns list = { .n = 1, .cap = 1, .v = &conns[3] };
	char *out;

	(void)state;
	CAPTURE(out, fwadm_print_conns(f, &list));
	assert_string_equal(out,
"ID  PROTO  SOURCE       DESTINATION       STATE  SERVICE        RULE      TIMEOUT                            ORIG PKTS/BYTES  REPLY PKTS/BYTES\n"
" 9  47     192.0.2.1:0  198.51.100.255:0  99     -        4294967295  4294967295s  18446744073709551615/18446744073709551615               0/0\n");
	free(out);
	CAPTURE(out, fwadm_print_conns_json(f, &list));
	assert_string_equal(out,
"{\n"
"  \"connections\": [\n"
"    {\"id\": 9, \"family\": 4, \"proto\": \"47\", \"source\": \"192.0.2.1\", \"sport\": 0, \"destination\": \"198.51.100.255\", \"dport\": 0, \"state\": \"99\", \"service\": null, \"rule\": 4294967295, \"timeout\": 4294967295, \"age\": 0, \"packets_orig\": 18446744073709551615, \"bytes_orig\": 18446744073709551615, \"packets_reply\": 0, \"bytes_reply\": 0}\n"
"  ]\n"
"}\n");
	free(out);
}

static void test_conns_json(void **state)
{
	struct fwadm_conn_entry c[2];
	struct fwadm_conns list = { .n = 2, .cap = 2, .v = c };
	char *out;

	(void)state;
	c[0] = conns[0];
	c[1] = conns[1];
	c[1].service = "we\"ird";
	CAPTURE(out, fwadm_print_conns_json(f, &list));
	assert_string_equal(out,
"{\n"
"  \"connections\": [\n"
"    {\"id\": 7, \"family\": 4, \"proto\": \"tcp\", \"source\": \"10.0.1.2\", \"sport\": 45678, \"destination\": \"10.0.2.2\", \"dport\": 587, \"state\": \"ESTABLISHED\", \"service\": \"submission\", \"rule\": 1, \"timeout\": 7187, \"age\": 13, \"packets_orig\": 12, \"bytes_orig\": 1840, \"packets_reply\": 10, \"bytes_reply\": 2310},\n"
"    {\"id\": 8, \"family\": 6, \"proto\": \"tcp\", \"source\": \"fd00:1::2\", \"sport\": 50000, \"destination\": \"fd00:2::2\", \"dport\": 25, \"state\": \"SYN_SENT\", \"service\": \"we\\\"ird\", \"rule\": 12, \"timeout\": 25, \"age\": 0, \"packets_orig\": 1, \"bytes_orig\": 60, \"packets_reply\": 0, \"bytes_reply\": 0}\n"
"  ]\n"
"}\n");
	free(out);
}

static void test_conn_names(void **state)
{
	static const char *const states[] = {
		NULL, "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
		"CLOSING", "TIME_WAIT", "CLOSED", "UDP", "ICMP",
	};
	unsigned int i;

	(void)state;
	assert_int_equal(N(states), __RAMPART_CONN_MAX);
	for (i = 0; i < N(states); i++) {
		if (states[i])
			assert_string_equal(fwadm_conn_state_name(i), states[i]);
		else
			assert_null(fwadm_conn_state_name(i));
	}
	assert_null(fwadm_conn_state_name(__RAMPART_CONN_MAX));
	assert_null(fwadm_conn_state_name(255));
	assert_string_equal(fwadm_proto_name(6), "tcp");
	assert_string_equal(fwadm_proto_name(17), "udp");
	assert_string_equal(fwadm_proto_name(1), "icmp");
	assert_string_equal(fwadm_proto_name(58), "icmpv6");
	assert_null(fwadm_proto_name(0));
	assert_null(fwadm_proto_name(132));
}

static void test_dir_names(void **state)
{
	(void)state;
	assert_string_equal(fwadm_dir_name(RAMPART_DIR_IN), "in");
	assert_string_equal(fwadm_dir_name(RAMPART_DIR_OUT), "out");
	assert_string_equal(fwadm_dir_name(0), "?");
	assert_string_equal(fwadm_dir_name(3), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_chain_started),
		cmocka_unit_test(test_chain_stopped),
		cmocka_unit_test(test_chain_order_and_grouping),
		cmocka_unit_test(test_chain_empty),
		cmocka_unit_test(test_stats_text),
		cmocka_unit_test(test_stats_text_all),
		cmocka_unit_test(test_stats_no_drops),
		cmocka_unit_test(test_stats_wide_columns),
		cmocka_unit_test(test_stats_conns_wide),
		cmocka_unit_test(test_conns_empty),
		cmocka_unit_test(test_conns_table),
		cmocka_unit_test(test_conns_unknown_values),
		cmocka_unit_test(test_conns_json),
		cmocka_unit_test(test_conn_names),
		cmocka_unit_test(test_stats_json),
		cmocka_unit_test(test_stats_json_all),
		cmocka_unit_test(test_stats_json_empty),
		cmocka_unit_test(test_json_string_escaping),
		cmocka_unit_test(test_stats_json_escapes_kernel_text),
		cmocka_unit_test(test_dir_names),
	};

	return cmocka_run_group_tests_name("fwadm output", tests, NULL, NULL);
}
