// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm monitor without the kernel: its command line, chain positions and
 * their letters, the pcap filter, records read from messages, text lines,
 * and the DLT_NFLOG and FW-1 packets, byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <pcap/pcap.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "monitor.h"

#define ARGV(...) ((char *[]){ "monitor", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "monitor", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, ...) parse(o, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static const char *last_what, *last_word;

static int parse(struct fwadm_mon_opts *o, int argc, char **argv)
{
	return fwadm_mon_parse_args(argc, argv, o, &last_what, &last_word);
}

static void args_defaults(void **state)
{
	struct fwadm_mon_opts o;
	char *argv[] = { "monitor", NULL };

	(void)state;
	assert_int_equal(parse(&o, 1, argv), 0);
	assert_null(o.positions);
	assert_null(o.letters);
	assert_null(o.filter);
	assert_null(o.output);
	assert_int_equal(o.count, 0);
	assert_int_equal(o.snaplen, 65535);
	assert_int_equal(o.buffer, 0);
	assert_false(o.drops);
	assert_int_equal(o.format, FWADM_MON_AUTO);
}

static void args_every_option(void **state)
{
	struct fwadm_mon_opts o;

	(void)state;
	assert_int_equal(PARSE(&o, "-p", "i0,I1,o2", "-m", "iO", "-e", "tcp port 25",
			       "-c", "5", "-s", "96", "-w", "out.pcap", "-b", "4096",
			       "--drops", "--format", "fw1"), 0);
	assert_string_equal(o.positions, "i0,I1,o2");
	assert_string_equal(o.letters, "iO");
	assert_string_equal(o.filter, "tcp port 25");
	assert_int_equal(o.count, 5);
	assert_int_equal(o.snaplen, 96);
	assert_string_equal(o.output, "out.pcap");
	assert_int_equal(o.buffer, 4096);
	assert_true(o.drops);
	assert_int_equal(o.format, FWADM_MON_FW1);
	free(o.filter);

	assert_int_equal(PARSE(&o, "-pall", "--format=nflog", "--count=3", "-w-"), 0);
	assert_string_equal(o.positions, "all");
	assert_int_equal(o.format, FWADM_MON_NFLOG);
	assert_int_equal(o.count, 3);
	assert_string_equal(o.output, "-");
	free(o.filter);

	assert_int_equal(PARSE(&o, "--format", "text", "-h"), 0);
	assert_int_equal(o.format, FWADM_MON_TEXT);
	assert_true(o.help);
	free(o.filter);
}

static void args_trailing_words_are_the_filter(void **state)
{
	struct fwadm_mon_opts o;

	(void)state;
	assert_int_equal(PARSE(&o, "-c", "1", "tcp", "and", "port", "587"), 0);
	assert_string_equal(o.filter, "tcp and port 587");
	free(o.filter);
	/* After --, words that look like options are filter words too. */
	assert_int_equal(PARSE(&o, "--", "-p", "x"), 0);
	assert_string_equal(o.filter, "-p x");
	free(o.filter);
}

static void args_refused(void **state)
{
	struct fwadm_mon_opts o;

	(void)state;
	assert_int_equal(PARSE(&o, "-x"), -1);
	assert_string_equal(last_what, "unknown option");
	assert_string_equal(last_word, "-x");
	free(o.filter);

	assert_int_equal(PARSE(&o, "-c"), -1);
	assert_string_equal(last_what, "option needs a value");
	free(o.filter);

	assert_int_equal(PARSE(&o, "-c", "0"), -1);
	assert_string_equal(last_word, "0");
	free(o.filter);
	assert_int_equal(PARSE(&o, "-c", "12x"), -1);
	free(o.filter);
	assert_int_equal(PARSE(&o, "-s", "65536"), -1);
	free(o.filter);
	assert_int_equal(PARSE(&o, "-s", "-1"), -1);
	free(o.filter);
	assert_int_equal(PARSE(&o, "-b", "100"), -1);
	free(o.filter);

	assert_int_equal(PARSE(&o, "--format", "pcapng"), -1);
	assert_string_equal(last_what, "unknown format (text, nflog, fw1)");
	assert_string_equal(last_word, "pcapng");
	free(o.filter);

	assert_int_equal(PARSE(&o, "--drops=yes"), -1);
	free(o.filter);

	assert_int_equal(PARSE(&o, "-e", "tcp", "udp"), -1);
	assert_string_equal(last_what, "give the filter with -e or as words, not both");
	free(o.filter);
}

/* The chain as rampart.ko has it: sanity, fw, smtp, end in both. */
static struct fwadm_stage stages[] = {
	{ .dir = RAMPART_DIR_IN, .index = 0, .id = RAMPART_STAGE_SANITY, .name = "sanity",
	  .desc = "stateless verifications" },
	{ .dir = RAMPART_DIR_IN, .index = 1, .id = RAMPART_STAGE_FW, .name = "fw",
	  .desc = "fw inbound" },
	{ .dir = RAMPART_DIR_IN, .index = 2, .id = RAMPART_STAGE_SMTP, .name = "smtp",
	  .desc = "smtp inspection inbound" },
	{ .dir = RAMPART_DIR_IN, .index = 3, .id = RAMPART_STAGE_END, .name = "end",
	  .desc = "end of inbound chain" },
	{ .dir = RAMPART_DIR_OUT, .index = 0, .id = RAMPART_STAGE_SANITY, .name = "sanity",
	  .desc = "stateless verifications" },
	{ .dir = RAMPART_DIR_OUT, .index = 1, .id = RAMPART_STAGE_FW, .name = "fw",
	  .desc = "fw outbound" },
	{ .dir = RAMPART_DIR_OUT, .index = 2, .id = RAMPART_STAGE_SMTP, .name = "smtp",
	  .desc = "smtp inspection outbound" },
	{ .dir = RAMPART_DIR_OUT, .index = 3, .id = RAMPART_STAGE_END, .name = "end",
	  .desc = "end of outbound chain" },
};
static const struct fwadm_chain chain = { .started = true, .nstages = 8, .stages = stages };

#define IN(i) RAMPART_MON_POS(RAMPART_DIR_IN, i)
#define OUT(i) RAMPART_MON_POS(RAMPART_DIR_OUT, i)

static void positions(void **state)
{
	uint32_t m = 0;
	char msg[128];

	(void)state;
	assert_int_equal(fwadm_mon_letter(&chain, RAMPART_DIR_IN, 0), 'i');
	assert_int_equal(fwadm_mon_letter(&chain, RAMPART_DIR_IN, 1), 'I');
	assert_int_equal(fwadm_mon_letter(&chain, RAMPART_DIR_IN, 3), 'I');
	assert_int_equal(fwadm_mon_letter(&chain, RAMPART_DIR_OUT, 0), 'o');
	assert_int_equal(fwadm_mon_letter(&chain, RAMPART_DIR_OUT, 2), 'O');

	/* Default: around the fw stage, like fw monitor's i, I, o, O. */
	assert_int_equal(fwadm_mon_positions(&chain, NULL, NULL, &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, IN(0) | IN(1) | OUT(0) | OUT(1));
	assert_int_equal(fwadm_mon_positions(&chain, "all", NULL, &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, 0x000f000f);
	assert_int_equal(fwadm_mon_positions(&chain, "i0,I1,o2", NULL, &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, IN(0) | IN(1) | OUT(2));
	/* The letter names the chain; its case is not checked. */
	assert_int_equal(fwadm_mon_positions(&chain, "I0,O3", NULL, &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, IN(0) | OUT(3));
	assert_int_equal(fwadm_mon_positions(&chain, "all", "iO", &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, IN(0) | OUT(1) | OUT(2) | OUT(3));
	assert_int_equal(fwadm_mon_positions(&chain, NULL, "I", &m, msg, sizeof(msg)), 0);
	assert_int_equal(m, IN(1));
}

static void positions_refused(void **state)
{
	uint32_t m = 7;
	char msg[128];

	(void)state;
	assert_int_equal(fwadm_mon_positions(&chain, "i4", NULL, &m, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "no position 4 in the in chain: `i4'");
	assert_int_equal(fwadm_mon_positions(&chain, "i0,,o1", NULL, &m, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "bad position `' (i0, I1, o2, ... or all)");
	assert_int_equal(fwadm_mon_positions(&chain, "x1", NULL, &m, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "bad position `x1' (i0, I1, o2, ... or all)");
	assert_int_equal(fwadm_mon_positions(&chain, "i", NULL, &m, msg, sizeof(msg)), -1);
	assert_int_equal(fwadm_mon_positions(&chain, NULL, "ix", &m, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "bad letters `ix' for -m (any of i, I, o, O)");
	assert_int_equal(fwadm_mon_positions(&chain, "i0", "I", &m, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "no chain position left to monitor");
	assert_int_equal(m, 7);
}

static void filter_compiles_for_raw_ip(void **state)
{
	struct bpf_program prog;
	char msg[PCAP_ERRBUF_SIZE];
	/* An IPv4 TCP SYN to port 587, from the IP header on. */
	uint8_t syn[40] = {
		0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 1, 2, 10, 0, 2, 2,
		0xb2, 0x6e, 0x02, 0x4b, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff,
	};
	struct pcap_pkthdr h = { .caplen = 40, .len = 40 };

	(void)state;
	assert_int_equal(fwadm_mon_compile("tcp dst port 587", 65535, &prog, msg,
					   sizeof(msg)), 0);
	assert_true(prog.bf_len > 0);
	assert_true(pcap_offline_filter(&prog, &h, syn) != 0);
	pcap_freecode(&prog);
	assert_int_equal(fwadm_mon_compile("udp", 65535, &prog, msg, sizeof(msg)), 0);
	assert_int_equal(pcap_offline_filter(&prog, &h, syn), 0);
	pcap_freecode(&prog);

	assert_int_equal(fwadm_mon_compile("tcp port", 65535, &prog, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "syntax error"));
}

/* ---- records ---- */

static const uint8_t syn4[40] = {
	0x45, 0, 0, 60, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 10, 198, 51, 100, 5,
	0xb2, 0x6e, 0x02, 0x4b, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0xa0, 0x02, 0xfa, 0xf0,
	0, 0, 0, 0,
};

static struct fwadm_mon_record syn_record(void)
{
	struct fwadm_mon_record r = {
		.session = 3,
		.time_ns = 1796104800123456789ULL,
		.family = 4,
		.hook = 0,
		.dir = RAMPART_DIR_IN,
		.position = 1,
		.letter = 'I',
		.verdict = RAMPART_MON_ACCEPT,
		.ifindex_in = 7,
		.ifname_in = "veth1",
		.len = 60,
		.caplen = sizeof(syn4),
		.data = syn4,
	};

	return r;
}

static void record_parse(void **state)
{
	struct nl_msg *m = nlmsg_alloc();
	struct fwadm_mon_record r;
	struct fwadm_err err = { 0 };
	struct nlattr *n;

	(void)state;
	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, RAMPART_CMD_MONITOR_RECORD, 1));
	nla_put_u32(m, RAMPART_A_MONITOR_ID, 3);
	n = nla_nest_start(m, RAMPART_A_RECORD);
	nla_put_u64(m, RAMPART_REC_A_TIME, 1796104800123456789ULL);
	nla_put_u8(m, RAMPART_REC_A_FAMILY, 4);
	nla_put_u8(m, RAMPART_REC_A_HOOK, 4);
	nla_put_u8(m, RAMPART_REC_A_DIR, RAMPART_DIR_OUT);
	nla_put_u8(m, RAMPART_REC_A_POSITION, 1);
	nla_put_u8(m, RAMPART_REC_A_LETTER, 'O');
	nla_put_u32(m, RAMPART_REC_A_IFINDEX_IN, 0);
	nla_put_u32(m, RAMPART_REC_A_IFINDEX_OUT, 9);
	nla_put_string(m, RAMPART_REC_A_IFNAME_OUT, "fw1");
	nla_put_u8(m, RAMPART_REC_A_VERDICT, RAMPART_MON_DROP);
	nla_put_u32(m, RAMPART_REC_A_REASON, RAMPART_DROP_RULE_DROP);
	nla_put_string(m, RAMPART_REC_A_TEXT, "dropped by rule");
	nla_put_u32(m, RAMPART_REC_A_RULE, 2);
	nla_put_u32(m, RAMPART_REC_A_LEN, 60);
	nla_put(m, RAMPART_REC_A_DATA, sizeof(syn4), syn4);
	nla_nest_end(m, n);

	assert_int_equal(fwadm_mon_parse_record(nlmsg_hdr(m), &r, &err), 0);
	assert_int_equal(r.session, 3);
	assert_true(r.time_ns == 1796104800123456789ULL);
	assert_int_equal(r.hook, 4);
	assert_int_equal(r.dir, RAMPART_DIR_OUT);
	assert_int_equal(r.letter, 'O');
	assert_int_equal(r.ifindex_out, 9);
	assert_string_equal(r.ifname_out, "fw1");
	assert_string_equal(r.ifname_in, "");
	assert_int_equal(r.verdict, RAMPART_MON_DROP);
	assert_int_equal(r.reason, RAMPART_DROP_RULE_DROP);
	assert_string_equal(r.text, "dropped by rule");
	assert_int_equal(r.rule, 2);
	assert_int_equal(r.len, 60);
	assert_int_equal(r.caplen, 40);
	assert_memory_equal(r.data, syn4, 40);
	nlmsg_free(m);
}

static void record_refused(void **state)
{
	struct nl_msg *m = nlmsg_alloc();
	struct fwadm_mon_record r;
	struct fwadm_err err = { 0 };
	struct nlattr *n;

	(void)state;
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, RAMPART_CMD_MONITOR_RECORD, 1));
	n = nla_nest_start(m, RAMPART_A_RECORD);
	nla_put_u8(m, RAMPART_REC_A_FAMILY, 4);
	nla_put_u8(m, RAMPART_REC_A_DIR, RAMPART_DIR_IN);
	nla_put_u8(m, RAMPART_REC_A_POSITION, 0);
	nla_put_u8(m, RAMPART_REC_A_LETTER, 'i');
	nla_put_u8(m, RAMPART_REC_A_VERDICT, RAMPART_MON_ACCEPT);
	nla_put_u32(m, RAMPART_REC_A_LEN, 20);
	/* More captured than the packet has. */
	nla_put(m, RAMPART_REC_A_DATA, sizeof(syn4), syn4);
	nla_nest_end(m, n);
	assert_int_equal(fwadm_mon_parse_record(nlmsg_hdr(m), &r, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	assert_string_equal(err.msg, "monitor record with 40 bytes of a 20-byte packet");
	nlmsg_free(m);
}

static void text_lines(void **state)
{
	struct fwadm_mon_record r = syn_record();
	char buf[512];
	static const uint8_t udp6[48] = {
		0x60, 0, 0, 0, 0, 8, 17, 64,
		0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		0xfd, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		0x13, 0x88, 0x1b, 0x58, 0, 8, 0, 0,
	};
	static const uint8_t echo4[28] = {
		0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 1, 2, 10, 0, 2, 2,
		8, 0, 0, 0, 0, 1, 0, 1,
	};

	(void)state;
	fwadm_mon_text(&r, "fw inbound", buf, sizeof(buf));
	assert_string_equal(buf, "veth1:I1 (fw inbound)[60]: 192.0.2.10:45678 -> "
			    "198.51.100.5:587 (TCP) S seq=1000 ack=0");

	r.verdict = RAMPART_MON_DROP;
	r.rule = 4;
	strcpy(r.text, "dropped by rule");
	fwadm_mon_text(&r, "fw inbound", buf, sizeof(buf));
	assert_string_equal(buf, "veth1:I1 (fw inbound)[60]: 192.0.2.10:45678 -> "
			    "198.51.100.5:587 (TCP) S seq=1000 ack=0 drop rule 4: dropped by rule");

	r = syn_record();
	r.family = 6;
	r.dir = RAMPART_DIR_OUT;
	r.letter = 'o';
	r.position = 0;
	strcpy(r.ifname_out, "fw1");
	r.data = udp6;
	r.caplen = r.len = sizeof(udp6);
	fwadm_mon_text(&r, "stateless verifications", buf, sizeof(buf));
	assert_string_equal(buf, "fw1:o0 (stateless verifications)[48]: [fd00:1::2]:5000 -> "
			    "[fd00:2::2]:7000 (UDP) len=8");

	r = syn_record();
	r.data = echo4;
	r.caplen = r.len = sizeof(echo4);
	r.ifname_in[0] = '\0';
	fwadm_mon_text(&r, "fw inbound", buf, sizeof(buf));
	assert_string_equal(buf, "-:I1 (fw inbound)[28]: 10.0.1.2 -> 10.0.2.2 (ICMP) type=8 code=0");

	/* What was not captured is not made up. */
	r.caplen = 10;
	fwadm_mon_text(&r, "fw inbound", buf, sizeof(buf));
	assert_string_equal(buf, "-:I1 (fw inbound)[28]: (IPv4, 10 bytes captured)");
}

static void nflog_prefix(void **state)
{
	struct fwadm_mon_record r = syn_record();
	char buf[256];

	(void)state;
	fwadm_mon_prefix(&r, "fw", buf, sizeof(buf));
	assert_string_equal(buf, "I1 veth1 fw accept");
	r.verdict = RAMPART_MON_DROP;
	strcpy(r.text, "TCP packet out of state: first packet isn't SYN");
	fwadm_mon_prefix(&r, "fw", buf, sizeof(buf));
	assert_string_equal(buf, "I1 veth1 fw drop: TCP packet out of state: first packet isn't SYN");
}

/* A TLV header as the writing host stores it: length, then type. */
#define TLV(len, type) \
	(uint8_t)((len) & 0xff), (uint8_t)((len) >> 8), (uint8_t)(type), 0

static void nflog_bytes(void **state)
{
	struct fwadm_mon_record r = syn_record();
	uint8_t buf[256];
	const uint8_t want_head[] = {
		2, 0, 0, 1,			/* AF_INET, v0, res_id 1 */
		TLV(8, 1), 0x08, 0x00, 0, 0,	/* PACKET_HDR: IPv4, hook 0 */
		TLV(20, 3),			/* TIMESTAMP, big-endian */
		0, 0, 0, 0, 0x6b, 0x0e, 0x62, 0x60,	/* 1796104800 s */
		0, 0, 0, 0, 0, 0x01, 0xe2, 0x40,	/* 123456 us */
		TLV(8, 4), 0, 0, 0, 7,		/* IFINDEX_INDEV 7 */
		TLV(23, 10), 'I', '1', ' ', 'v', 'e', 't', 'h', '1', ' ', 'f', 'w',
		' ', 'a', 'c', 'c', 'e', 'p', 't', 0, 0,	/* PREFIX, NUL, pad */
		TLV(44, 9),			/* PAYLOAD, last */
	};
	size_t n, need;

	(void)state;
	assert_int_equal(htons(1), 0x0100);	/* the expectation is little-endian */
	need = fwadm_mon_nflog_size(&r, "I1 veth1 fw accept");
	assert_int_equal(fwadm_mon_nflog(&r, "I1 veth1 fw accept", buf, need - 1), 0);
	n = fwadm_mon_nflog(&r, "I1 veth1 fw accept", buf, sizeof(buf));
	assert_int_equal(n, sizeof(want_head) + 40);
	assert_true(n <= need);
	assert_memory_equal(buf, want_head, sizeof(want_head));
	assert_memory_equal(buf + sizeof(want_head), syn4, 40);
}

static void nflog_payload_capped(void **state)
{
	struct fwadm_mon_record r = syn_record();
	static uint8_t big[65535];
	size_t need, n;
	uint8_t *buf;
	uint16_t len;

	(void)state;
	r.data = big;
	r.caplen = r.len = sizeof(big);
	r.ifindex_in = 0;
	need = fwadm_mon_nflog_size(&r, "x");
	buf = malloc(need);
	assert_non_null(buf);
	n = fwadm_mon_nflog(&r, "x", buf, need);
	/* header 4, PACKET_HDR 8, TIMESTAMP 20, PREFIX 8, PAYLOAD 65535 + 1 pad */
	assert_int_equal(n, 4 + 8 + 20 + 8 + 65536);
	memcpy(&len, buf + 40, 2);
	assert_int_equal(len, 65535);
	free(buf);
}

static void fw1_bytes(void **state)
{
	struct fwadm_mon_record r = syn_record();
	uint8_t buf[128];
	const uint8_t want[14] = {
		'I', '1', 'v', 'e', 't', 'h', '1', 0, 0, 0, 0, 0, 0x08, 0x00,
	};

	(void)state;
	assert_int_equal(fwadm_mon_fw1(&r, buf, 53), 0);
	assert_int_equal(fwadm_mon_fw1(&r, buf, sizeof(buf)), 54);
	assert_memory_equal(buf, want, 14);
	assert_memory_equal(buf + 14, syn4, 40);

	/* IPv6, out chain, a name longer than the field is cut at 10 bytes. */
	r.family = 6;
	r.dir = RAMPART_DIR_OUT;
	r.letter = 'o';
	r.position = 0;
	strcpy(r.ifname_out, "averylongif0");
	assert_int_equal(fwadm_mon_fw1(&r, buf, sizeof(buf)), 54);
	assert_memory_equal(buf, "o0averylongi\x86\xdd", 14);
}

/* Help and usage errors come before any netlink. */
static void command_line(void **state)
{
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *out = open_memstream(&obuf, &olen), *err = open_memstream(&ebuf, &elen);
	struct fwadm_ctx ctx = { .out = out, .err = err };
	char *help[] = { "fwadm", "monitor", "--help", NULL };
	char *bad[] = { "fwadm", "monitor", "-c", "0", NULL };

	(void)state;
	assert_int_equal(fwadm_run(&ctx, 3, help), FWADM_EXIT_OK);
	assert_int_equal(fwadm_run(&ctx, 4, bad), FWADM_EXIT_USAGE);
	fclose(out);
	fclose(err);
	assert_true(strncmp(obuf, "Usage: fwadm monitor [-p all|POSITIONS]", 39) == 0);
	assert_non_null(strstr(obuf, "eth.interpret_as_fw1_monitor:TRUE"));
	assert_string_equal(ebuf, "fwadm: monitor: bad count (1 to 4294967295) `0' "
			    "(see fwadm help monitor)\n");
	free(obuf);
	free(ebuf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(args_defaults),
		cmocka_unit_test(args_every_option),
		cmocka_unit_test(args_trailing_words_are_the_filter),
		cmocka_unit_test(args_refused),
		cmocka_unit_test(positions),
		cmocka_unit_test(positions_refused),
		cmocka_unit_test(filter_compiles_for_raw_ip),
		cmocka_unit_test(record_parse),
		cmocka_unit_test(record_refused),
		cmocka_unit_test(text_lines),
		cmocka_unit_test(nflog_prefix),
		cmocka_unit_test(nflog_bytes),
		cmocka_unit_test(nflog_payload_capped),
		cmocka_unit_test(fw1_bytes),
		cmocka_unit_test(command_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
