/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RAMPART_CORE_SANITY_H
#define RAMPART_CORE_SANITY_H

#include "compat.h"
#include <linux/rampart.h>

/*
 * Read access to a packet from its network header on. get() returns a
 * pointer to len bytes at off (possibly copied into buf, which holds at
 * least len bytes), or NULL when the packet is shorter than off + len.
 * In the kernel it is skb_header_pointer(); in userspace a bounds check.
 */
struct rampart_pkt_reader {
	const void *(*get)(const struct rampart_pkt_reader *r, unsigned int off,
			   unsigned int len, void *buf);
	const void *ctx;
	unsigned int len;	/* bytes from the network header to the end */
	bool gso;		/* a GSO super-packet: length fields may be 0 */
};

/* What the sanity stage learnt about a packet that passed. */
struct rampart_pkt_info {
	u8 family;		/* 4 or 6 */
	u8 l4proto;		/* IPPROTO_*; 0 when not reached (ESP, no next) */
	u8 tcp_flags;
	bool fragment;		/* not the first fragment: no L4 header */
	u16 l4off;		/* offset of the L4 header */
	u16 l4len;		/* bytes from the L4 header to the IP end */
	u16 sport, dport;	/* host order; ICMP: type, code */
};

#define RAMPART_TCP_FIN 0x01
#define RAMPART_TCP_SYN 0x02
#define RAMPART_TCP_RST 0x04
#define RAMPART_TCP_PSH 0x08
#define RAMPART_TCP_ACK 0x10
#define RAMPART_TCP_URG 0x20

/* The sanity stage's reasons are the UAPI's 1 through this one. */
#define RAMPART_SANITY_LAST_REASON RAMPART_DROP_IPV6_BAD_ADDR

/* At most this many IPv6 extension headers are walked before giving up. */
#define RAMPART_IPV6_MAX_EXT_HDRS 8

/*
 * Stateless verification of one packet of the given family (4 or 6).
 * Returns RAMPART_DROP_NONE and fills info when the packet is sound,
 * otherwise the reason to drop it. Work is bounded: at most 40 bytes of IPv4
 * options and RAMPART_IPV6_MAX_EXT_HDRS extension headers are looked at.
 */
enum rampart_drop_reason rampart_sanity_check(const struct rampart_pkt_reader *r,
					      u8 family,
					      struct rampart_pkt_info *info);

/* A reader over a flat buffer, for userspace and KUnit tests. */
const void *rampart_buf_get(const struct rampart_pkt_reader *r, unsigned int off,
			    unsigned int len, void *buf);

#endif /* RAMPART_CORE_SANITY_H */
