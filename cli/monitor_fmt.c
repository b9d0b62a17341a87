// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm monitor without I/O: the command line, the chain positions, the
 * pcap filter, the records as rampart.ko sends them, and what is written
 * of them: text lines like `fw monitor' prints, DLT_NFLOG packets that
 * Wireshark and tcpdump read (nfgenmsg, then TLVs whose length and type
 * are in host order and whose values are in network order, as the
 * kernel's nfnetlink_log sends them), and Check Point's FW-1 monitor
 * Ethernet pseudo-header (Wireshark: -o eth.interpret_as_fw1_monitor:TRUE).
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink_log.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <pcap/pcap.h>

#include <linux/rampart.h>

#include "monitor.h"

/* ---- the command line ---- */

struct mon_opt {
	char short_name;
	const char *long_name;
	bool has_value;
};

static const struct mon_opt mon_opts[] = {
	{ 'p', "positions", true },
	{ 'm', "mask", true },
	{ 'e', "expr", true },
	{ 'c', "count", true },
	{ 's', "snaplen", true },
	{ 'w', "write", true },
	{ 'b', "buffer", true },
	{ 0, "format", true },
	{ 0, "drops", false },
	{ 'h', "help", false },
};

static const struct mon_opt *find_opt(const char *a, const char **value)
{
	size_t i;

	*value = NULL;
	for (i = 0; i < sizeof(mon_opts) / sizeof(mon_opts[0]); i++) {
		const struct mon_opt *o = &mon_opts[i];
		size_t n = strlen(o->long_name);

		if (a[1] == '-') {
			if (strncmp(a + 2, o->long_name, n) != 0)
				continue;
			if (a[2 + n] == '\0')
				return o;
			if (a[2 + n] == '=' && o->has_value) {
				*value = a + 3 + n;
				return o;
			}
		} else if (o->short_name && a[1] == o->short_name) {
			if (a[2] == '\0')
				return o;
			if (o->has_value) {
				*value = a + 2;
				return o;
			}
		}
	}
	return NULL;
}

static int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Append word to the malloc'd filter text, a space between words. */
static int add_word(char **filter, const char *word)
{
	size_t old = *filter ? strlen(*filter) : 0, n = strlen(word);
	char *f = realloc(*filter, old + n + 2);

	if (!f)
		return -1;
	if (old)
		f[old++] = ' ';
	memcpy(f + old, word, n + 1);
	*filter = f;
	return 0;
}

static int set_value(struct fwadm_mon_opts *o, const struct mon_opt *opt,
		     const char *v, bool *had_expr, const char **what)
{
	switch (opt->short_name) {
	case 'p':
		o->positions = v;
		return 0;
	case 'm':
		o->letters = v;
		return 0;
	case 'e':
		*had_expr = true;
		free(o->filter);
		o->filter = strdup(v);
		if (!o->filter) {
			*what = "out of memory";
			return -1;
		}
		return 0;
	case 'c':
		*what = "bad count (1 to 4294967295)";
		return parse_u32(v, 1, UINT32_MAX, &o->count);
	case 's':
		*what = "bad snap length (1 to 65535)";
		return parse_u32(v, 1, RAMPART_MON_SNAPLEN_MAX, &o->snaplen);
	case 'b':
		*what = "bad buffer size (1024 to 2147483647 bytes)";
		return parse_u32(v, 1024, INT32_MAX, &o->buffer);
	case 'w':
		o->output = v;
		return 0;
	}
	/* --format */
	if (strcmp(v, "text") == 0)
		o->format = FWADM_MON_TEXT;
	else if (strcmp(v, "nflog") == 0)
		o->format = FWADM_MON_NFLOG;
	else if (strcmp(v, "fw1") == 0)
		o->format = FWADM_MON_FW1;
	else {
		*what = "unknown format (text, nflog, fw1)";
		return -1;
	}
	return 0;
}

int fwadm_mon_parse_args(int argc, char **argv, struct fwadm_mon_opts *o,
			 const char **what, const char **word)
{
	bool only_words = false, had_expr = false, had_words = false;
	int i;

	memset(o, 0, sizeof(*o));
	o->snaplen = FWADM_MON_SNAPLEN_DEFAULT;
	*what = NULL;
	*word = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		const struct mon_opt *opt;

		if (only_words || a[0] != '-' || !a[1]) {
			had_words = true;
			if (add_word(&o->filter, a) < 0) {
				*what = "out of memory";
				return -1;
			}
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_words = true;
			continue;
		}
		opt = find_opt(a, &v);
		*word = a;
		if (!opt) {
			*what = "unknown option";
			return -1;
		}
		if (!opt->has_value) {
			if (opt->short_name == 'h')
				o->help = true;
			else
				o->drops = true;
			continue;
		}
		if (!v) {
			if (i + 1 >= argc) {
				*what = "option needs a value";
				return -1;
			}
			v = argv[++i];
			*word = v;
		}
		if (set_value(o, opt, v, &had_expr, what) < 0)
			return -1;
	}
	*word = NULL;
	if (had_expr && had_words) {
		*what = "give the filter with -e or as words, not both";
		return -1;
	}
	return 0;
}

/* ---- chain positions ---- */

static int fw_index(const struct fwadm_chain *c, unsigned int dir)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)
		if (c->stages[i].dir == dir && c->stages[i].id == RAMPART_STAGE_FW)
			return (int)c->stages[i].index;
	return -1;
}

static bool has_stage(const struct fwadm_chain *c, unsigned int dir, unsigned int index)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)
		if (c->stages[i].dir == dir && c->stages[i].index == index)
			return true;
	return false;
}

char fwadm_mon_letter(const struct fwadm_chain *c, unsigned int dir,
		      unsigned int index)
{
	int fw = fw_index(c, dir);
	bool after = fw >= 0 && (int)index >= fw;

	if (dir == RAMPART_DIR_IN)
		return after ? 'I' : 'i';
	return after ? 'O' : 'o';
}

static uint32_t pos_bit(unsigned int dir, unsigned int index)
{
	return RAMPART_MON_POS(dir, index);
}

static int parse_position(const struct fwadm_chain *c, const char *tok, size_t len,
			  uint32_t *mask, char *msg, size_t size)
{
	unsigned int dir, index = 0;
	size_t i;

	if (len < 2 || len > 3)
		goto bad;
	if (tok[0] == 'i' || tok[0] == 'I')
		dir = RAMPART_DIR_IN;
	else if (tok[0] == 'o' || tok[0] == 'O')
		dir = RAMPART_DIR_OUT;
	else
		goto bad;
	for (i = 1; i < len; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			goto bad;
		index = index * 10 + (unsigned int)(tok[i] - '0');
	}
	if (!has_stage(c, dir, index) || index > 15) {
		snprintf(msg, size, "no position %u in the %s chain: `%.*s'", index,
			 dir == RAMPART_DIR_IN ? "in" : "out", (int)len, tok);
		return -1;
	}
	*mask |= pos_bit(dir, index);
	return 0;
bad:
	snprintf(msg, size, "bad position `%.*s' (i0, I1, o2, ... or all)", (int)len, tok);
	return -1;
}

int fwadm_mon_positions(const struct fwadm_chain *c, const char *spec,
			const char *letters, uint32_t *mask, char *msg,
			size_t size)
{
	uint32_t m = 0;
	size_t i;

	if (letters) {
		if (!letters[0] || strspn(letters, "iIoO") != strlen(letters)) {
			snprintf(msg, size, "bad letters `%s' for -m (any of i, I, o, O)",
				 letters);
			return -1;
		}
	}
	if (spec && strcmp(spec, "all") == 0) {
		for (i = 0; i < c->nstages; i++)
			if (c->stages[i].index < 16)
				m |= pos_bit(c->stages[i].dir, c->stages[i].index);
	} else if (spec) {
		const char *p = spec;

		while (1) {
			size_t n = strcspn(p, ",");

			if (parse_position(c, p, n, &m, msg, size) < 0)
				return -1;
			if (!p[n])
				break;
			p += n + 1;
		}
	} else {
		/* Like fw monitor: just before the fw stage and just after it. */
		unsigned int dirs[] = { RAMPART_DIR_IN, RAMPART_DIR_OUT }, d;

		for (d = 0; d < 2; d++) {
			int fw = fw_index(c, dirs[d]);

			if (fw < 0)
				continue;
			if (fw > 0 && has_stage(c, dirs[d], (unsigned int)fw - 1))
				m |= pos_bit(dirs[d], (unsigned int)fw - 1);
			m |= pos_bit(dirs[d], (unsigned int)fw);
		}
	}
	if (letters) {
		for (i = 0; i < c->nstages; i++) {
			const struct fwadm_stage *st = &c->stages[i];

			if (st->index < 16 &&
			    !strchr(letters, fwadm_mon_letter(c, st->dir, st->index)))
				m &= ~pos_bit(st->dir, st->index);
		}
	}
	if (!m) {
		snprintf(msg, size, "no chain position left to monitor");
		return -1;
	}
	*mask = m;
	return 0;
}

int fwadm_mon_compile(const char *expr, uint32_t snaplen,
		      struct bpf_program *prog, char *msg, size_t size)
{
	pcap_t *p = pcap_open_dead(DLT_RAW, (int)snaplen);
	int r = 0;

	if (!p) {
		snprintf(msg, size, "cannot set up libpcap");
		return -1;
	}
	if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(msg, size, "%s", pcap_geterr(p));
		r = -1;
	}
	pcap_close(p);
	return r;
}

/* ---- records ---- */

static const struct nla_policy rec_policy[RAMPART_REC_A_MAX + 1] = {
	[RAMPART_REC_A_TIME] = { .type = NLA_U64 },
	[RAMPART_REC_A_FAMILY] = { .type = NLA_U8 },
	[RAMPART_REC_A_HOOK] = { .type = NLA_U8 },
	[RAMPART_REC_A_DIR] = { .type = NLA_U8 },
	[RAMPART_REC_A_POSITION] = { .type = NLA_U8 },
	[RAMPART_REC_A_LETTER] = { .type = NLA_U8 },
	[RAMPART_REC_A_IFINDEX_IN] = { .type = NLA_U32 },
	[RAMPART_REC_A_IFINDEX_OUT] = { .type = NLA_U32 },
	[RAMPART_REC_A_IFNAME_IN] = { .type = NLA_STRING },
	[RAMPART_REC_A_IFNAME_OUT] = { .type = NLA_STRING },
	[RAMPART_REC_A_VERDICT] = { .type = NLA_U8 },
	[RAMPART_REC_A_REASON] = { .type = NLA_U32 },
	[RAMPART_REC_A_TEXT] = { .type = NLA_STRING },
	[RAMPART_REC_A_RULE] = { .type = NLA_U32 },
	[RAMPART_REC_A_CONN_ID] = { .type = NLA_U32 },
	[RAMPART_REC_A_LEN] = { .type = NLA_U32 },
};

int fwadm_mon_parse_record(struct nlmsghdr *nlh, struct fwadm_mon_record *r,
			   struct fwadm_err *err)
{
	struct nlattr *top[RAMPART_A_MAX + 1], *tb[RAMPART_REC_A_MAX + 1];
	static const int need[] = {
		RAMPART_REC_A_FAMILY, RAMPART_REC_A_DIR, RAMPART_REC_A_POSITION,
		RAMPART_REC_A_LETTER, RAMPART_REC_A_VERDICT, RAMPART_REC_A_LEN,
		RAMPART_REC_A_DATA,
	};
	size_t i;

	memset(r, 0, sizeof(*r));
	if (genlmsg_parse(nlh, 0, top, RAMPART_A_MAX, NULL) < 0 ||
	    !top[RAMPART_A_RECORD] ||
	    nla_parse_nested(tb, RAMPART_REC_A_MAX, top[RAMPART_A_RECORD],
			     (struct nla_policy *)rec_policy) < 0) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "malformed monitor record");
		return -1;
	}
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!tb[need[i]]) {
			fwadm_err_set(err, FWADM_E_REPLY, 0,
				      "monitor record without attribute %d", need[i]);
			return -1;
		}
	}
	if (top[RAMPART_A_MONITOR_ID] && nla_len(top[RAMPART_A_MONITOR_ID]) >= 4)
		r->session = nla_get_u32(top[RAMPART_A_MONITOR_ID]);
	if (tb[RAMPART_REC_A_TIME])
		r->time_ns = nla_get_u64(tb[RAMPART_REC_A_TIME]);
	r->family = nla_get_u8(tb[RAMPART_REC_A_FAMILY]);
	if (tb[RAMPART_REC_A_HOOK])
		r->hook = nla_get_u8(tb[RAMPART_REC_A_HOOK]);
	r->dir = nla_get_u8(tb[RAMPART_REC_A_DIR]);
	r->position = nla_get_u8(tb[RAMPART_REC_A_POSITION]);
	r->letter = nla_get_u8(tb[RAMPART_REC_A_LETTER]);
	r->verdict = nla_get_u8(tb[RAMPART_REC_A_VERDICT]);
	if ((r->family != 4 && r->family != 6) ||
	    (r->dir != RAMPART_DIR_IN && r->dir != RAMPART_DIR_OUT) ||
	    !strchr("iIoO", r->letter) || !r->letter) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "monitor record with family %u, chain %u, letter %u",
			      r->family, r->dir, r->letter);
		return -1;
	}
	if (tb[RAMPART_REC_A_IFINDEX_IN])
		r->ifindex_in = nla_get_u32(tb[RAMPART_REC_A_IFINDEX_IN]);
	if (tb[RAMPART_REC_A_IFINDEX_OUT])
		r->ifindex_out = nla_get_u32(tb[RAMPART_REC_A_IFINDEX_OUT]);
	fwadm_attr_copy_string(r->ifname_in, sizeof(r->ifname_in), tb[RAMPART_REC_A_IFNAME_IN]);
	fwadm_attr_copy_string(r->ifname_out, sizeof(r->ifname_out), tb[RAMPART_REC_A_IFNAME_OUT]);
	if (tb[RAMPART_REC_A_REASON])
		r->reason = nla_get_u32(tb[RAMPART_REC_A_REASON]);
	if (tb[RAMPART_REC_A_RULE])
		r->rule = nla_get_u32(tb[RAMPART_REC_A_RULE]);
	if (tb[RAMPART_REC_A_CONN_ID])
		r->conn_id = nla_get_u32(tb[RAMPART_REC_A_CONN_ID]);
	fwadm_attr_copy_string(r->text, sizeof(r->text), tb[RAMPART_REC_A_TEXT]);
	r->len = nla_get_u32(tb[RAMPART_REC_A_LEN]);
	r->caplen = (uint32_t)nla_len(tb[RAMPART_REC_A_DATA]);
	r->data = nla_data(tb[RAMPART_REC_A_DATA]);
	if (r->caplen > r->len) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "monitor record with %u bytes of a %u-byte packet",
			      r->caplen, r->len);
		return -1;
	}
	return 0;
}

const char *fwadm_mon_verdict_name(uint8_t verdict)
{
	switch (verdict) {
	case RAMPART_MON_ACCEPT:
		return "accept";
	case RAMPART_MON_DROP:
		return "drop";
	}
	return "other";
}

/* ---- text ---- */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void endpoint(char *buf, size_t size, int af, const uint8_t *addr,
		     int port)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, a, sizeof(a));
	if (port < 0)
		snprintf(buf, size, "%s", a);
	else if (af == AF_INET)
		snprintf(buf, size, "%s:%d", a, port);
	else
		snprintf(buf, size, "[%s]:%d", a, port);
}

static void tcp_flags(uint8_t f, char *out)
{
	static const struct { uint8_t bit; char c; } names[] = {
		{ 0x02, 'S' }, { 0x01, 'F' }, { 0x04, 'R' }, { 0x08, 'P' },
		{ 0x10, 'A' }, { 0x20, 'U' },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].bit)
			out[n++] = names[i].c;
	if (!n)
		out[n++] = '-';
	out[n] = '\0';
}

/* Skip IPv6 extension headers; *proto gets the upper layer protocol. */
static int ipv6_l4(const uint8_t *d, size_t caplen, uint8_t *proto)
{
	size_t off = 40;
	uint8_t nh = d[6];
	int n;

	for (n = 0; n < 8; n++) {
		if (nh != 0 && nh != 43 && nh != 60 && nh != 44)
			break;
		if (off + 8 > caplen)
			return -1;
		if (nh == 44) {
			nh = d[off];
			off += 8;
		} else {
			uint8_t next = d[off];

			off += ((size_t)d[off + 1] + 1) * 8;
			nh = next;
		}
	}
	*proto = nh;
	return (int)off;
}

/* "SRC -> DST (PROTO) ..." from the captured bytes. */
static void summary(const struct fwadm_mon_record *r, char *buf, size_t size)
{
	const uint8_t *d = r->data;
	char src[64], dst[64], fl[8];
	size_t caplen = r->caplen;
	int af, l4off, sport = -1, dport = -1;
	uint8_t proto = 0;

	if (r->family == 4) {
		if (caplen < 20 || (d[0] >> 4) != 4 || (d[0] & 15) < 5) {
			snprintf(buf, size, "(IPv4, %zu bytes captured)", caplen);
			return;
		}
		af = AF_INET;
		proto = d[9];
		l4off = (d[0] & 15) * 4;
		if (get16(d + 6) & 0x1fff)
			l4off = -1;	/* a later fragment: no L4 header */
	} else {
		if (caplen < 40 || (d[0] >> 4) != 6) {
			snprintf(buf, size, "(IPv6, %zu bytes captured)", caplen);
			return;
		}
		af = AF_INET6;
		l4off = ipv6_l4(d, caplen, &proto);
	}
	if (l4off >= 0 && (proto == 6 || proto == 17) && (size_t)l4off + 4 <= caplen) {
		sport = get16(d + l4off);
		dport = get16(d + l4off + 2);
	}
	endpoint(src, sizeof(src), af, d + (af == AF_INET ? 12 : 8), sport);
	endpoint(dst, sizeof(dst), af, d + (af == AF_INET ? 16 : 24), dport);
	if (proto == 6 && l4off >= 0 && (size_t)l4off + 14 <= caplen) {
		tcp_flags(d[l4off + 13], fl);
		snprintf(buf, size, "%s -> %s (TCP) %s seq=%u ack=%u", src, dst, fl,
			 get32(d + l4off + 4), get32(d + l4off + 8));
	} else if (proto == 17 && l4off >= 0 && (size_t)l4off + 8 <= caplen) {
		snprintf(buf, size, "%s -> %s (UDP) len=%u", src, dst,
			 get16(d + l4off + 4));
	} else if ((proto == 1 || proto == 58) && l4off >= 0 &&
		   (size_t)l4off + 2 <= caplen) {
		snprintf(buf, size, "%s -> %s (%s) type=%u code=%u", src, dst,
			 proto == 1 ? "ICMP" : "ICMPv6", d[l4off], d[l4off + 1]);
	} else if (proto == 6 || proto == 17) {
		snprintf(buf, size, "%s -> %s (%s)", src, dst, proto == 6 ? "TCP" : "UDP");
	} else {
		snprintf(buf, size, "%s -> %s (proto %u)", src, dst, proto);
	}
}

static const char *rec_ifname(const struct fwadm_mon_record *r)
{
	const char *n = r->dir == RAMPART_DIR_OUT ? r->ifname_out : r->ifname_in;

	return n[0] ? n : "-";
}

int fwadm_mon_text(const struct fwadm_mon_record *r, const char *desc,
		   char *buf, size_t size)
{
	char sum[200], rule[24] = "";

	summary(r, sum, sizeof(sum));
	if (r->verdict != RAMPART_MON_DROP)
		return snprintf(buf, size, "%s:%c%u (%s)[%u]: %s", rec_ifname(r),
				r->letter, r->position, desc, r->len, sum);
	if (r->rule)
		snprintf(rule, sizeof(rule), " rule %u", r->rule);
	return snprintf(buf, size, "%s:%c%u (%s)[%u]: %s drop%s: %s", rec_ifname(r),
			r->letter, r->position, desc, r->len, sum, rule,
			r->text[0] ? r->text : "no reason given");
}

int fwadm_mon_prefix(const struct fwadm_mon_record *r, const char *stage,
		     char *buf, size_t size)
{
	const char *v = fwadm_mon_verdict_name(r->verdict);

	if (r->verdict == RAMPART_MON_DROP && r->text[0])
		return snprintf(buf, size, "%c%u %s %s %s: %s", r->letter, r->position,
				rec_ifname(r), stage, v, r->text);
	return snprintf(buf, size, "%c%u %s %s %s", r->letter, r->position,
			rec_ifname(r), stage, v);
}

/* ---- DLT_NFLOG ---- */

#define TLV_HDR 4
#define TLV_MAX 65535
#define ALIGN4(n) (((n) + 3) & ~(size_t)3)

static size_t payload_cap(const struct fwadm_mon_record *r)
{
	size_t n = r->caplen;

	return n > TLV_MAX - TLV_HDR ? TLV_MAX - TLV_HDR : n;
}

size_t fwadm_mon_nflog_size(const struct fwadm_mon_record *r, const char *prefix)
{
	return 4 + ALIGN4(TLV_HDR + sizeof(struct nfulnl_msg_packet_hdr)) +
	       ALIGN4(TLV_HDR + sizeof(struct nfulnl_msg_packet_timestamp)) +
	       2 * ALIGN4(TLV_HDR + 4) + ALIGN4(TLV_HDR + strlen(prefix) + 1) +
	       ALIGN4(TLV_HDR + payload_cap(r));
}

/* One TLV at buf + off: length and type in host order, value, padding. */
static size_t put_tlv(uint8_t *buf, size_t off, uint16_t type, const void *v,
		      size_t len)
{
	uint16_t l = (uint16_t)(TLV_HDR + len);
	size_t end = off + ALIGN4(TLV_HDR + len);

	memcpy(buf + off, &l, 2);
	memcpy(buf + off + 2, &type, 2);
	memcpy(buf + off + TLV_HDR, v, len);
	memset(buf + off + TLV_HDR + len, 0, end - off - TLV_HDR - len);
	return end;
}

size_t fwadm_mon_nflog(const struct fwadm_mon_record *r, const char *prefix,
		       uint8_t *buf, size_t size)
{
	struct nfulnl_msg_packet_hdr ph;
	struct nfulnl_msg_packet_timestamp ts;
	uint16_t res_id = htons(r->position);
	size_t off = 4;
	uint32_t ifi;

	if (size < fwadm_mon_nflog_size(r, prefix))
		return 0;
	buf[0] = r->family == 4 ? AF_INET : AF_INET6;
	buf[1] = 0;	/* NFNETLINK_V0 */
	memcpy(buf + 2, &res_id, 2);

	memset(&ph, 0, sizeof(ph));
	ph.hw_protocol = htons(r->family == 4 ? 0x0800 : 0x86dd);
	ph.hook = r->hook;
	off = put_tlv(buf, off, NFULA_PACKET_HDR, &ph, sizeof(ph));
	ts.sec = htobe64(r->time_ns / 1000000000u);
	ts.usec = htobe64(r->time_ns % 1000000000u / 1000u);
	off = put_tlv(buf, off, NFULA_TIMESTAMP, &ts, sizeof(ts));
	if (r->ifindex_in) {
		ifi = htonl(r->ifindex_in);
		off = put_tlv(buf, off, NFULA_IFINDEX_INDEV, &ifi, 4);
	}
	if (r->ifindex_out) {
		ifi = htonl(r->ifindex_out);
		off = put_tlv(buf, off, NFULA_IFINDEX_OUTDEV, &ifi, 4);
	}
	off = put_tlv(buf, off, NFULA_PREFIX, prefix, strlen(prefix) + 1);
	return put_tlv(buf, off, NFULA_PAYLOAD, r->data, payload_cap(r));
}

/* ---- FW-1 monitor ---- */

size_t fwadm_mon_fw1(const struct fwadm_mon_record *r, uint8_t *buf, size_t size)
{
	const char *ifname = rec_ifname(r);
	size_t n = strlen(ifname);

	if (size < FWADM_MON_FW1_HDR + r->caplen)
		return 0;
	memset(buf, 0, FWADM_MON_FW1_HDR);
	buf[0] = r->letter;
	buf[1] = (uint8_t)(r->position < 10 ? '0' + r->position : '?');
	memcpy(buf + 2, ifname, n > 10 ? 10 : n);
	buf[12] = r->family == 4 ? 0x08 : 0x86;
	buf[13] = r->family == 4 ? 0x00 : 0xdd;
	memcpy(buf + FWADM_MON_FW1_HDR, r->data, r->caplen);
	return FWADM_MON_FW1_HDR + r->caplen;
}
