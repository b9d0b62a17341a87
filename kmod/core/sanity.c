// SPDX-License-Identifier: GPL-2.0
/*
 * Stateless verifications: the checks the in and out chains make before any
 * state is looked at. Everything here is a pure function of packet bytes.
 */
#include "sanity.h"

#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_ICMPV6	58

#define V6_HOPOPTS	0
#define V6_ROUTING	43
#define V6_FRAGMENT	44
#define V6_ESP		50
#define V6_AH		51
#define V6_NONE		59
#define V6_DSTOPTS	60

const void *rampart_buf_get(const struct rampart_pkt_reader *r, unsigned int off,
			    unsigned int len, void *buf)
{
	(void)buf;
	if (off > r->len || len > r->len - off)
		return NULL;
	return (const u8 *)r->ctx + off;
}

static u16 get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static enum rampart_drop_reason check_ipv4_options(const u8 *opt, unsigned int len)
{
	unsigned int i = 0;

	while (i < len) {
		u8 type = opt[i];

		if (type == 0)		/* end of option list */
			break;
		if (type == 1) {	/* no operation */
			i++;
			continue;
		}
		if (len - i < 2 || opt[i + 1] < 2 || opt[i + 1] > len - i)
			return RAMPART_DROP_IPV4_BAD_OPTIONS;
		i += opt[i + 1];
	}
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason check_ipv4(const struct rampart_pkt_reader *r,
					   struct rampart_pkt_info *info)
{
	u8 buf[60];
	const u8 *iph;
	unsigned int ihl, tot_len;
	u16 frag;
	u32 saddr;
	enum rampart_drop_reason ret;

	iph = r->get(r, 0, 20, buf);
	if (!iph)
		return RAMPART_DROP_IP_TRUNCATED;
	if ((iph[0] >> 4) != 4)
		return RAMPART_DROP_IP_VERSION;
	ihl = (iph[0] & 0x0f) * 4u;
	if (ihl < 20 || ihl > r->len)
		return RAMPART_DROP_IPV4_BAD_IHL;
	tot_len = get_be16(iph + 2);
	if (tot_len == 0 && r->gso)
		tot_len = r->len;
	if (tot_len < ihl || tot_len > r->len)
		return RAMPART_DROP_IPV4_BAD_TOTAL_LEN;
	saddr = ((u32)iph[12] << 24) | ((u32)iph[13] << 16) |
		((u32)iph[14] << 8) | iph[15];
	if ((saddr & 0xf0000000u) == 0xe0000000u || saddr == 0xffffffffu)
		return RAMPART_DROP_IPV4_BAD_ADDR;
	if (ihl > 20) {
		iph = r->get(r, 0, ihl, buf);
		if (!iph)
			return RAMPART_DROP_IPV4_BAD_IHL;
		ret = check_ipv4_options(iph + 20, ihl - 20);
		if (ret)
			return ret;
	}
	frag = get_be16(iph + 6);
	info->l4proto = iph[9];
	info->l4off = (u16)ihl;
	info->l4len = (u16)(tot_len - ihl);
	/* nf_defrag_ipv4 runs first: a fragment here was never reassembled. */
	if (frag & 0x3fff)
		return RAMPART_DROP_IPV4_FRAGMENT;
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason check_ipv6(const struct rampart_pkt_reader *r,
					   struct rampart_pkt_info *info)
{
	u8 buf[40];
	const u8 *ip6h, *eh;
	unsigned int plen, off, ext_len, n;
	u8 next;

	ip6h = r->get(r, 0, 40, buf);
	if (!ip6h)
		return RAMPART_DROP_IP_TRUNCATED;
	if ((ip6h[0] >> 4) != 6)
		return RAMPART_DROP_IP_VERSION;
	if (ip6h[8] == 0xff)
		return RAMPART_DROP_IPV6_BAD_ADDR;
	plen = get_be16(ip6h + 4);
	next = ip6h[6];
	/* Zero with hop-by-hop options is a jumbogram (RFC 2675) or BIG TCP. */
	if (plen == 0 && (next == V6_HOPOPTS || r->gso))
		plen = r->len - 40;
	if (plen > r->len - 40 || (plen == 0 && next != V6_NONE))
		return RAMPART_DROP_IPV6_BAD_PAYLOAD_LEN;

	off = 40;
	for (n = 0;; n++) {
		if (next != V6_HOPOPTS && next != V6_ROUTING &&
		    next != V6_FRAGMENT && next != V6_DSTOPTS && next != V6_AH)
			break;
		if (n == RAMPART_IPV6_MAX_EXT_HDRS)
			return RAMPART_DROP_IPV6_TOO_MANY_EXT_HDRS;
		if (off + 8 > 40 + plen)
			return RAMPART_DROP_IPV6_BAD_EXT_HDR;
		eh = r->get(r, off, 8, buf);
		if (!eh)
			return RAMPART_DROP_IPV6_BAD_EXT_HDR;
		if (next == V6_FRAGMENT) {
			/* nf_defrag_ipv6 passes only atomic fragments on. */
			if (get_be16(eh + 2) & 0xfff9)
				return RAMPART_DROP_IPV6_FRAGMENT;
			ext_len = 8;
		} else if (next == V6_AH) {
			ext_len = (eh[1] + 2u) * 4u;
		} else {
			ext_len = (eh[1] + 1u) * 8u;
		}
		if (off + ext_len > 40 + plen)
			return RAMPART_DROP_IPV6_BAD_EXT_HDR;
		next = eh[0];
		off += ext_len;
	}
	info->l4proto = (next == V6_ESP || next == V6_NONE) ? 0 : next;
	info->l4off = (u16)off;
	info->l4len = (u16)(40 + plen - off);
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason check_tcp(const struct rampart_pkt_reader *r,
					  struct rampart_pkt_info *info)
{
	u8 buf[20];
	const u8 *th;
	unsigned int doff;
	u8 flags;

	if (info->l4len < 20)
		return RAMPART_DROP_TCP_TRUNCATED;
	th = r->get(r, info->l4off, 20, buf);
	if (!th)
		return RAMPART_DROP_TCP_TRUNCATED;
	doff = (th[12] >> 4) * 4u;
	if (doff < 20 || doff > info->l4len)
		return RAMPART_DROP_TCP_BAD_DOFF;
	info->sport = get_be16(th);
	info->dport = get_be16(th + 2);
	flags = th[13];
	info->tcp_flags = flags;
	if ((flags & (RAMPART_TCP_SYN | RAMPART_TCP_FIN)) ==
	    (RAMPART_TCP_SYN | RAMPART_TCP_FIN))
		return RAMPART_DROP_TCP_SYN_FIN;
	if ((flags & (RAMPART_TCP_SYN | RAMPART_TCP_RST)) ==
	    (RAMPART_TCP_SYN | RAMPART_TCP_RST))
		return RAMPART_DROP_TCP_SYN_RST;
	if (!(flags & 0x3f))
		return RAMPART_DROP_TCP_NO_FLAGS;
	if ((flags & (RAMPART_TCP_FIN | RAMPART_TCP_ACK)) == RAMPART_TCP_FIN)
		return RAMPART_DROP_TCP_FIN_NO_ACK;
	if (!info->sport || !info->dport)
		return RAMPART_DROP_TCP_PORT_ZERO;
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason check_udp(const struct rampart_pkt_reader *r,
					  struct rampart_pkt_info *info)
{
	u8 buf[8];
	const u8 *uh;
	unsigned int ulen;

	if (info->l4len < 8)
		return RAMPART_DROP_UDP_TRUNCATED;
	uh = r->get(r, info->l4off, 8, buf);
	if (!uh)
		return RAMPART_DROP_UDP_TRUNCATED;
	ulen = get_be16(uh + 4);
	/* A GSO packet carries the length of one segment or 0. */
	if (!r->gso && (ulen < 8 || ulen > info->l4len))
		return RAMPART_DROP_UDP_BAD_LEN;
	info->sport = get_be16(uh);
	info->dport = get_be16(uh + 2);
	/* RFC 768: source port 0 means "no reply port" and is legal. */
	if (!info->dport)
		return RAMPART_DROP_UDP_PORT_ZERO;
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason check_icmp(const struct rampart_pkt_reader *r,
					   struct rampart_pkt_info *info,
					   enum rampart_drop_reason truncated)
{
	u8 buf[8];
	const u8 *ih;

	/* Every ICMP and ICMPv6 message has at least 8 bytes (RFC 792, 4443). */
	if (info->l4len < 8)
		return truncated;
	ih = r->get(r, info->l4off, 8, buf);
	if (!ih)
		return truncated;
	info->sport = ih[0];
	info->dport = ih[1];
	return RAMPART_DROP_NONE;
}

enum rampart_drop_reason rampart_sanity_check(const struct rampart_pkt_reader *r,
					      u8 family,
					      struct rampart_pkt_info *info)
{
	enum rampart_drop_reason ret;

	memset(info, 0, sizeof(*info));
	info->family = family;
	ret = family == 4 ? check_ipv4(r, info) : check_ipv6(r, info);
	if (ret)
		return ret;

	switch (info->l4proto) {
	case PROTO_TCP:
		return check_tcp(r, info);
	case PROTO_UDP:
		return check_udp(r, info);
	case PROTO_ICMP:
		if (family == 4)
			return check_icmp(r, info, RAMPART_DROP_ICMP_TRUNCATED);
		break;
	case PROTO_ICMPV6:
		if (family == 6)
			return check_icmp(r, info, RAMPART_DROP_ICMPV6_TRUNCATED);
		break;
	}
	return RAMPART_DROP_NONE;
}
