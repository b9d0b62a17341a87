// SPDX-License-Identifier: GPL-2.0
/* fwadm log: events read from the kernel's messages and printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "log.h"

#define OOS_TEXT "TCP packet out of state: first packet isn't SYN; tcp_flags: " \
	"FIN-ACK; connection removed 12 s ago: idle timeout 3600 s " \
	"(service submission, rule 1)"

struct ev_def {
	uint8_t type, family, proto;
	const char *src, *dst;
	uint16_t sport, dport;
	uint32_t rule, ifin, suppressed;
	const char *service, *text;
	bool no_type;
};

static void addr16(const char *text, uint8_t *out, uint8_t family)
{
	memset(out, 0, 16);
	assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, text, out), 1);
}

static struct nl_msg *build_event(const struct ev_def *d)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *n;
	uint8_t a[16];

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, RAMPART_CMD_EVENT, 1));
	n = nla_nest_start(m, RAMPART_A_EVENT);
	if (!d->no_type)
		nla_put_u8(m, RAMPART_EVENT_A_TYPE, d->type);
	nla_put_u64(m, RAMPART_EVENT_A_TIME, 1796104800123456789ULL);
	nla_put_u32(m, RAMPART_EVENT_A_RULE, d->rule);
	if (d->service)
		nla_put_string(m, RAMPART_EVENT_A_SERVICE, d->service);
	nla_put_u8(m, RAMPART_EVENT_A_FAMILY, d->family);
	nla_put_u8(m, RAMPART_EVENT_A_PROTO, d->proto);
	addr16(d->src, a, d->family);
	nla_put(m, RAMPART_EVENT_A_SRC, 16, a);
	addr16(d->dst, a, d->family);
	nla_put(m, RAMPART_EVENT_A_DST, 16, a);
	nla_put_u16(m, RAMPART_EVENT_A_SPORT, d->sport);
	nla_put_u16(m, RAMPART_EVENT_A_DPORT, d->dport);
	nla_put_u32(m, RAMPART_EVENT_A_IFINDEX_IN, d->ifin);
	nla_put_u32(m, RAMPART_EVENT_A_IFINDEX_OUT, 0);
	if (d->text)
		nla_put_string(m, RAMPART_EVENT_A_TEXT, d->text);
	if (d->suppressed)
		nla_put_u32(m, RAMPART_EVENT_A_SUPPRESSED, d->suppressed);
	nla_nest_end(m, n);
	return m;
}

static const char *fake_ifname(uint32_t ifindex, char *name)
{
	snprintf(name, 16, "veth%u", ifindex);
	return name;
}

static void format(const struct ev_def *d, char *line, size_t size)
{
	struct nl_msg *m = build_event(d);
	struct fwadm_event ev;
	struct fwadm_err err;

	fwadm_err_clear(&err);
	assert_int_equal(fwadm_parse_event(nlmsg_hdr(m), &ev, &err), 0);
	fwadm_format_event(&ev, line, size, fake_ifname);
	nlmsg_free(m);
}

static void test_out_of_state_drop(void **state)
{
	const struct ev_def d = {
		.type = RAMPART_EVENT_DROP, .family = 4, .proto = 6,
		.src = "192.0.2.10", .dst = "198.51.100.5", .sport = 45678,
		.dport = 587, .ifin = 1, .text = OOS_TEXT,
	};
	char line[1024];

	(void)state;
	format(&d, line, sizeof(line));
	assert_string_equal(line, "2026-12-01T06:00:00.123Z drop in veth1 tcp "
			    "192.0.2.10:45678 -> 198.51.100.5:587: " OOS_TEXT);
}

static void test_accept_ipv6_with_rule_and_service(void **state)
{
	const struct ev_def d = {
		.type = RAMPART_EVENT_ACCEPT, .family = 6, .proto = 6,
		.src = "2001:db8::10", .dst = "2001:db8:1::25", .sport = 40000,
		.dport = 25, .rule = 3, .service = "smtp", .suppressed = 7,
	};
	char line[1024];

	(void)state;
	format(&d, line, sizeof(line));
	assert_string_equal(line, "2026-12-01T06:00:00.123Z accept rule 3 service smtp "
			    "tcp [2001:db8::10]:40000 -> [2001:db8:1::25]:25 "
			    "(7 earlier events lost to the rate limit)");
}

static void test_icmp_has_no_ports(void **state)
{
	const struct ev_def d = {
		.type = RAMPART_EVENT_REJECT, .family = 4, .proto = 1,
		.src = "192.0.2.10", .dst = "198.51.100.5", .sport = 8,
		.rule = 2, .text = "rejected by rule",
	};
	char line[256];

	(void)state;
	format(&d, line, sizeof(line));
	assert_string_equal(line, "2026-12-01T06:00:00.123Z reject rule 2 icmp "
			    "192.0.2.10 -> 198.51.100.5: rejected by rule");
}

/* A short buffer still gets a terminated line. */
static void test_truncated_line(void **state)
{
	const struct ev_def d = {
		.type = RAMPART_EVENT_LATE_PASS, .family = 4, .proto = 6,
		.src = "192.0.2.10", .dst = "198.51.100.5", .sport = 1, .dport = 2,
		.text = OOS_TEXT,
	};
	char line[40];

	(void)state;
	format(&d, line, sizeof(line));
	assert_int_equal(strlen(line), sizeof(line) - 1);
	assert_memory_equal(line, "2026-12-01T06:00:00.123Z late-pass tcp", 38);
}

static void test_malformed_events_refused(void **state)
{
	struct ev_def d = {
		.type = RAMPART_EVENT_DROP, .family = 4, .proto = 6,
		.src = "192.0.2.10", .dst = "198.51.100.5", .no_type = true,
	};
	struct fwadm_event ev;
	struct fwadm_err err;
	struct nl_msg *m;

	(void)state;
	m = build_event(&d);
	assert_int_equal(fwadm_parse_event(nlmsg_hdr(m), &ev, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	nlmsg_free(m);

	d.no_type = false;
	d.family = 5;
	m = build_event(&(struct ev_def){ .type = 1, .family = 4, .proto = 6,
					   .src = "192.0.2.1", .dst = "192.0.2.2" });
	/* Rewrite the family attribute in place to an impossible value. */
	{
		struct nlattr *top = genlmsg_attrdata(nlmsg_data(nlmsg_hdr(m)), 0);
		struct nlattr *fam = nla_find(nla_data(top), nla_len(top),
					      RAMPART_EVENT_A_FAMILY);

		assert_non_null(fam);
		*(uint8_t *)nla_data(fam) = d.family;
	}
	assert_int_equal(fwadm_parse_event(nlmsg_hdr(m), &ev, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	nlmsg_free(m);
}

static char *json_of(const struct ev_def *d)
{
	struct nl_msg *m = build_event(d);
	struct fwadm_event ev;
	struct fwadm_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fwadm_err_clear(&err);
	assert_int_equal(fwadm_parse_event(nlmsg_hdr(m), &ev, &err), 0);
	fwadm_print_event_json(f, &ev, fake_ifname);
	fclose(f);
	nlmsg_free(m);
	return buf;
}

static void test_json(void **state)
{
	const struct ev_def drop = {
		.type = RAMPART_EVENT_DROP, .family = 4, .proto = 6,
		.src = "192.0.2.10", .dst = "198.51.100.5", .sport = 45678,
		.dport = 587, .ifin = 1, .text = "TCP packet \"out\" of state\\",
	};
	const struct ev_def accept = {
		.type = RAMPART_EVENT_ACCEPT, .family = 6, .proto = 58,
		.src = "2001:db8::10", .dst = "2001:db8:1::25", .sport = 128,
		.rule = 3, .service = "ping6", .suppressed = 7,
	};
	char *j;

	(void)state;
	j = json_of(&drop);
	assert_string_equal(j, "{\"time\": \"2026-12-01T06:00:00.123Z\", "
			    "\"time_ns\": 1796104800123456789, \"event\": \"drop\", "
			    "\"in\": \"veth1\", \"family\": 4, \"proto\": \"tcp\", "
			    "\"src\": \"192.0.2.10\", \"sport\": 45678, "
			    "\"dst\": \"198.51.100.5\", \"dport\": 587, "
			    "\"text\": \"TCP packet \\\"out\\\" of state\\\\\"}");
	free(j);
	j = json_of(&accept);
	assert_string_equal(j, "{\"time\": \"2026-12-01T06:00:00.123Z\", "
			    "\"time_ns\": 1796104800123456789, \"event\": \"accept\", "
			    "\"rule\": 3, \"service\": \"ping6\", \"family\": 6, "
			    "\"proto\": \"icmpv6\", \"src\": \"2001:db8::10\", "
			    "\"dst\": \"2001:db8:1::25\", \"suppressed\": 7}");
	free(j);
}

static void test_syslog_priority(void **state)
{
	struct fwadm_event ev = { .type = RAMPART_EVENT_DROP };

	(void)state;
	assert_int_equal(fwadm_event_priority(&ev), LOG_WARNING);
	ev.type = RAMPART_EVENT_REJECT;
	assert_int_equal(fwadm_event_priority(&ev), LOG_WARNING);
	ev.type = RAMPART_EVENT_ACCEPT;
	assert_int_equal(fwadm_event_priority(&ev), LOG_INFO);
	ev.type = RAMPART_EVENT_LATE_PASS;
	assert_int_equal(fwadm_event_priority(&ev), LOG_INFO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_state_drop),
		cmocka_unit_test(test_accept_ipv6_with_rule_and_service),
		cmocka_unit_test(test_icmp_has_no_ports),
		cmocka_unit_test(test_truncated_line),
		cmocka_unit_test(test_malformed_events_refused),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_syslog_priority),
	};

	return cmocka_run_group_tests_name("fwadm log", tests, NULL, NULL);
}
