/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packets for the sanity stage and the verdict each must get. Shared by the
 * userspace unit tests (tests/unit/test_core_sanity.c) and the KUnit suite
 * (kmod/tests/sanity_test.c), which also replays each one as a non-linear
 * skb split at every byte. Checksums are not checked by the stage and are 0.
 */
#ifndef RAMPART_SANITY_VECTORS_H
#define RAMPART_SANITY_VECTORS_H

#define SV_BE16(x) (((x) >> 8) & 0xff), ((x) & 0xff)

/* IPv4 header, IHL 5, DF, 10.0.1.2 -> 10.0.2.2 */
#define SV_IP4(tot, proto) 0x45, 0x00, SV_BE16(tot), 0x12, 0x34, 0x40, 0x00, \
	64, (proto), 0x00, 0x00, 10, 0, 1, 2, 10, 0, 2, 2
#define SV_IP4_FRAG(tot, proto, frag) 0x45, 0x00, SV_BE16(tot), 0x12, 0x34, \
	SV_BE16(frag), 64, (proto), 0x00, 0x00, 10, 0, 1, 2, 10, 0, 2, 2
#define SV_IP4_SRC(tot, proto, a, b, c, d) 0x45, 0x00, SV_BE16(tot), 0, 0, \
	0x40, 0x00, 64, (proto), 0x00, 0x00, a, b, c, d, 10, 0, 2, 2
/* IPv6 header, fd00:1::2 -> fd00:2::2 */
#define SV_FD(n) 0xfd, 0x00, 0x00, (n), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
#define SV_IP6(plen, next) 0x60, 0, 0, 0, SV_BE16(plen), (next), 64, \
	SV_FD(1), SV_FD(2)
/* TCP header without options: ports, seq 1, ack 0, data offset 5 */
#define SV_TCP_DOFF(sp, dp, doff, flags) SV_BE16(sp), SV_BE16(dp), 0, 0, 0, 1, \
	0, 0, 0, 0, ((doff) << 4), (flags), 0xff, 0xff, 0, 0, 0, 0
#define SV_TCP(sp, dp, flags) SV_TCP_DOFF(sp, dp, 5, flags)
#define SV_UDP(sp, dp, len) SV_BE16(sp), SV_BE16(dp), SV_BE16(len), 0, 0
#define SV_ICMP_ECHO 8, 0, 0, 0, 0, 1, 0, 1

#define SV_FIN 0x01
#define SV_SYN 0x02
#define SV_RST 0x04
#define SV_PSH 0x08
#define SV_ACK 0x10
#define SV_URG 0x20

struct sanity_vector {
	const char *name;
	unsigned char family;
	unsigned int expect;		/* enum rampart_drop_reason */
	unsigned char l4proto;		/* checked when expect is NONE */
	unsigned short dport;		/* checked when expect is NONE */
	unsigned int len;
	const unsigned char *pkt;
};

#define SV(n, fam, exp, proto, port, ...) {				\
	.name = n, .family = fam, .expect = exp, .l4proto = proto,	\
	.dport = port,							\
	.len = sizeof((const unsigned char[]){ __VA_ARGS__ }),		\
	.pkt = (const unsigned char[]){ __VA_ARGS__ },			\
}

static const struct sanity_vector sanity_vectors[] = {
	/* sound packets */
	SV("ipv4 tcp syn", 4, RAMPART_DROP_NONE, 6, 25,
	   SV_IP4(40, 6), SV_TCP(40000, 25, SV_SYN)),
	SV("ipv4 tcp fin-ack", 4, RAMPART_DROP_NONE, 6, 587,
	   SV_IP4(40, 6), SV_TCP(40000, 587, SV_FIN | SV_ACK)),
	SV("ipv4 tcp with payload and padding", 4, RAMPART_DROP_NONE, 6, 25,
	   SV_IP4(44, 6), SV_TCP(40000, 25, SV_ACK | SV_PSH), 'E', 'H', 'L',
	   'O', 0, 0),
	SV("ipv4 udp", 4, RAMPART_DROP_NONE, 17, 53,
	   SV_IP4(29, 17), SV_UDP(5353, 53, 9), 'x'),
	SV("ipv4 udp source port 0", 4, RAMPART_DROP_NONE, 17, 53,
	   SV_IP4(28, 17), SV_UDP(0, 53, 8)),
	SV("ipv4 icmp echo", 4, RAMPART_DROP_NONE, 1, 0,
	   SV_IP4(28, 1), SV_ICMP_ECHO),
	SV("ipv4 options nop nop eol", 4, RAMPART_DROP_NONE, 6, 25,
	   0x46, 0, SV_BE16(44), 0, 0, 0x40, 0, 64, 6, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, 1, 1, 0, 0, SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 router alert option", 4, RAMPART_DROP_NONE, 17, 9,
	   0x46, 0, SV_BE16(32), 0, 0, 0x40, 0, 64, 17, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, 0x94, 4, 0, 0, SV_UDP(9, 9, 8)),
	SV("ipv4 gre is not looked into", 4, RAMPART_DROP_NONE, 47, 0,
	   SV_IP4(24, 47), 0, 0, 0x08, 0),
	SV("ipv6 tcp syn", 6, RAMPART_DROP_NONE, 6, 25,
	   SV_IP6(20, 6), SV_TCP(40000, 25, SV_SYN)),
	SV("ipv6 udp", 6, RAMPART_DROP_NONE, 17, 53,
	   SV_IP6(8, 17), SV_UDP(5353, 53, 8)),
	SV("ipv6 icmpv6 echo", 6, RAMPART_DROP_NONE, 58, 0,
	   SV_IP6(8, 58), 128, 0, 0, 0, 0, 1, 0, 1),
	SV("ipv6 hop-by-hop then tcp", 6, RAMPART_DROP_NONE, 6, 25,
	   SV_IP6(28, 0), 6, 0, 1, 4, 0, 0, 0, 0, SV_TCP(40000, 25, SV_SYN)),
	SV("ipv6 atomic fragment", 6, RAMPART_DROP_NONE, 6, 25,
	   SV_IP6(28, 44), 6, 0, 0, 0, 0, 0, 0, 1, SV_TCP(40000, 25, SV_SYN)),
	SV("ipv6 esp is opaque", 6, RAMPART_DROP_NONE, 0, 0,
	   SV_IP6(8, 50), 0, 0, 0, 1, 0, 0, 0, 1),
	SV("ipv6 no next header", 6, RAMPART_DROP_NONE, 0, 0,
	   SV_IP6(0, 59)),

	/* IP layer */
	SV("ipv4 shorter than a header", 4, RAMPART_DROP_IP_TRUNCATED, 0, 0,
	   0x45, 0, 0, 19, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 1, 2, 10, 0, 2),
	SV("ipv6 packet on the ipv4 hook", 4, RAMPART_DROP_IP_VERSION, 0, 0,
	   SV_IP6(0, 59)),
	SV("ipv4 packet on the ipv6 hook", 6, RAMPART_DROP_IP_VERSION, 0, 0,
	   SV_IP4(40, 6), SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 ihl 3", 4, RAMPART_DROP_IPV4_BAD_IHL, 0, 0,
	   0x43, 0, SV_BE16(40), 0, 0, 0x40, 0, 64, 6, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 ihl 15 beyond the packet", 4, RAMPART_DROP_IPV4_BAD_IHL, 0, 0,
	   0x4f, 0, SV_BE16(24), 0, 0, 0x40, 0, 64, 6, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, 1, 1, 1, 1),
	SV("ipv4 total length below ihl", 4, RAMPART_DROP_IPV4_BAD_TOTAL_LEN, 0, 0,
	   SV_IP4(19, 6), SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 total length beyond packet", 4, RAMPART_DROP_IPV4_BAD_TOTAL_LEN, 0, 0,
	   SV_IP4(60, 6), SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 option length 0", 4, RAMPART_DROP_IPV4_BAD_OPTIONS, 0, 0,
	   0x46, 0, SV_BE16(44), 0, 0, 0x40, 0, 64, 6, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, 0x07, 0, 0, 0, SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 option past the header", 4, RAMPART_DROP_IPV4_BAD_OPTIONS, 0, 0,
	   0x46, 0, SV_BE16(44), 0, 0, 0x40, 0, 64, 6, 0, 0,
	   10, 0, 1, 2, 10, 0, 2, 2, 1, 0x44, 8, 5, SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 multicast source", 4, RAMPART_DROP_IPV4_BAD_ADDR, 0, 0,
	   SV_IP4_SRC(28, 17, 224, 0, 0, 1), SV_UDP(9, 9, 8)),
	SV("ipv4 broadcast source", 4, RAMPART_DROP_IPV4_BAD_ADDR, 0, 0,
	   SV_IP4_SRC(28, 17, 255, 255, 255, 255), SV_UDP(9, 9, 8)),
	SV("ipv4 first fragment", 4, RAMPART_DROP_IPV4_FRAGMENT, 0, 0,
	   SV_IP4_FRAG(40, 6, 0x2000), SV_TCP(1, 25, SV_SYN)),
	SV("ipv4 later fragment", 4, RAMPART_DROP_IPV4_FRAGMENT, 0, 0,
	   SV_IP4_FRAG(28, 17, 0x0010), 1, 2, 3, 4, 5, 6, 7, 8),
	SV("ipv6 shorter than a header", 6, RAMPART_DROP_IP_TRUNCATED, 0, 0,
	   0x60, 0, 0, 0, 0, 0, 59, 64, SV_FD(1)),
	SV("ipv6 payload length beyond packet", 6,
	   RAMPART_DROP_IPV6_BAD_PAYLOAD_LEN, 0, 0,
	   SV_IP6(500, 6), SV_TCP(1, 25, SV_SYN)),
	SV("ipv6 payload length 0 with tcp", 6,
	   RAMPART_DROP_IPV6_BAD_PAYLOAD_LEN, 0, 0,
	   SV_IP6(0, 6), SV_TCP(1, 25, SV_SYN)),
	SV("ipv6 multicast source", 6, RAMPART_DROP_IPV6_BAD_ADDR, 0, 0,
	   0x60, 0, 0, 0, 0, 8, 17, 64, 0xff, 2, 0, 0, 0, 0, 0, 0,
	   0, 0, 0, 0, 0, 0, 0, 1, SV_FD(2), SV_UDP(9, 9, 8)),
	SV("ipv6 extension header truncated", 6, RAMPART_DROP_IPV6_BAD_EXT_HDR,
	   0, 0, SV_IP6(4, 0), 6, 0, 1, 2),
	SV("ipv6 extension header past payload", 6,
	   RAMPART_DROP_IPV6_BAD_EXT_HDR, 0, 0,
	   SV_IP6(8, 60), 6, 1, 1, 4, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
	SV("ipv6 nine extension headers", 6,
	   RAMPART_DROP_IPV6_TOO_MANY_EXT_HDRS, 0, 0,
	   SV_IP6(80, 60), 60, 0, 1, 4, 0, 0, 0, 0, 60, 0, 1, 4, 0, 0, 0, 0,
	   60, 0, 1, 4, 0, 0, 0, 0, 60, 0, 1, 4, 0, 0, 0, 0,
	   60, 0, 1, 4, 0, 0, 0, 0, 60, 0, 1, 4, 0, 0, 0, 0,
	   60, 0, 1, 4, 0, 0, 0, 0, 60, 0, 1, 4, 0, 0, 0, 0,
	   59, 0, 1, 4, 0, 0, 0, 0, 59, 0, 1, 4, 0, 0, 0, 0),
	SV("ipv6 first fragment", 6, RAMPART_DROP_IPV6_FRAGMENT, 0, 0,
	   SV_IP6(28, 44), 6, 0, 0, 1, 0, 0, 0, 1, SV_TCP(1, 25, SV_SYN)),
	SV("ipv6 later fragment", 6, RAMPART_DROP_IPV6_FRAGMENT, 0, 0,
	   SV_IP6(16, 44), 6, 0, 0, 0x10, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8),

	/* TCP */
	SV("ipv4 tcp header truncated", 4, RAMPART_DROP_TCP_TRUNCATED, 0, 0,
	   SV_IP4(30, 6), SV_BE16(1), SV_BE16(25), 0, 0, 0, 1, 0, 0),
	SV("ipv6 tcp header truncated", 6, RAMPART_DROP_TCP_TRUNCATED, 0, 0,
	   SV_IP6(12, 6), SV_BE16(1), SV_BE16(25), 0, 0, 0, 1, 0, 0, 0, 0),
	SV("tcp data offset 4", 4, RAMPART_DROP_TCP_BAD_DOFF, 0, 0,
	   SV_IP4(40, 6), SV_TCP_DOFF(1, 25, 4, SV_SYN)),
	SV("tcp data offset beyond packet", 4, RAMPART_DROP_TCP_BAD_DOFF, 0, 0,
	   SV_IP4(40, 6), SV_TCP_DOFF(1, 25, 6, SV_SYN)),
	SV("tcp syn+fin", 4, RAMPART_DROP_TCP_SYN_FIN, 0, 0,
	   SV_IP4(40, 6), SV_TCP(1, 25, SV_SYN | SV_FIN)),
	SV("ipv6 tcp syn+fin", 6, RAMPART_DROP_TCP_SYN_FIN, 0, 0,
	   SV_IP6(20, 6), SV_TCP(1, 25, SV_SYN | SV_FIN | SV_ACK)),
	SV("tcp syn+rst", 4, RAMPART_DROP_TCP_SYN_RST, 0, 0,
	   SV_IP4(40, 6), SV_TCP(1, 25, SV_SYN | SV_RST)),
	SV("tcp null scan", 4, RAMPART_DROP_TCP_NO_FLAGS, 0, 0,
	   SV_IP4(40, 6), SV_TCP(1, 25, 0)),
	SV("tcp xmas scan", 4, RAMPART_DROP_TCP_FIN_NO_ACK, 0, 0,
	   SV_IP4(40, 6), SV_TCP(1, 25, SV_FIN | SV_PSH | SV_URG)),
	SV("tcp source port 0", 4, RAMPART_DROP_TCP_PORT_ZERO, 0, 0,
	   SV_IP4(40, 6), SV_TCP(0, 25, SV_SYN)),
	SV("tcp destination port 0", 6, RAMPART_DROP_TCP_PORT_ZERO, 0, 0,
	   SV_IP6(20, 6), SV_TCP(40000, 0, SV_SYN)),

	/* UDP and ICMP */
	SV("udp header truncated", 4, RAMPART_DROP_UDP_TRUNCATED, 0, 0,
	   SV_IP4(27, 17), SV_BE16(9), SV_BE16(9), 0, 7, 0),
	SV("udp length below header", 4, RAMPART_DROP_UDP_BAD_LEN, 0, 0,
	   SV_IP4(28, 17), SV_UDP(9, 9, 7)),
	SV("udp length beyond packet", 6, RAMPART_DROP_UDP_BAD_LEN, 0, 0,
	   SV_IP6(8, 17), SV_UDP(9, 9, 9)),
	SV("udp destination port 0", 4, RAMPART_DROP_UDP_PORT_ZERO, 0, 0,
	   SV_IP4(28, 17), SV_UDP(9, 0, 8)),
	SV("icmp truncated", 4, RAMPART_DROP_ICMP_TRUNCATED, 0, 0,
	   SV_IP4(24, 1), 8, 0, 0, 0),
	SV("icmpv6 truncated", 6, RAMPART_DROP_ICMPV6_TRUNCATED, 0, 0,
	   SV_IP6(4, 58), 128, 0, 0, 0),
};

#endif /* RAMPART_SANITY_VECTORS_H */
