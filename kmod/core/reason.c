// SPDX-License-Identifier: GPL-2.0
/*
 * One human-readable text per drop reason. The kernel sends these in stats
 * replies and monitor records; fwadm prints what the kernel sends, so a text
 * changes in one place only.
 */
#include "reason.h"

static const char *const reason_text[__RAMPART_DROP_MAX] = {
	[RAMPART_DROP_NONE] = "not dropped",
	[RAMPART_DROP_IP_TRUNCATED] = "IP header truncated",
	[RAMPART_DROP_IP_VERSION] = "IP version does not match the hook's family",
	[RAMPART_DROP_IPV4_BAD_IHL] = "IPv4 header length (IHL) below 5 or beyond the packet",
	[RAMPART_DROP_IPV4_BAD_TOTAL_LEN] = "IPv4 total length shorter than its header or longer than the packet",
	[RAMPART_DROP_IPV4_BAD_OPTIONS] = "IPv4 option with a bad length",
	[RAMPART_DROP_IPV6_BAD_PAYLOAD_LEN] = "IPv6 payload length does not match the packet",
	[RAMPART_DROP_IPV6_BAD_EXT_HDR] = "IPv6 extension header truncated",
	[RAMPART_DROP_IPV6_TOO_MANY_EXT_HDRS] = "IPv6 extension header chain longer than 8",
	[RAMPART_DROP_TCP_TRUNCATED] = "TCP header truncated",
	[RAMPART_DROP_TCP_BAD_DOFF] = "TCP data offset below 5 or beyond the packet",
	[RAMPART_DROP_TCP_SYN_FIN] = "TCP flags SYN and FIN together",
	[RAMPART_DROP_TCP_SYN_RST] = "TCP flags SYN and RST together",
	[RAMPART_DROP_TCP_NO_FLAGS] = "TCP segment without any flag",
	[RAMPART_DROP_TCP_FIN_NO_ACK] = "TCP FIN without ACK",
	[RAMPART_DROP_TCP_PORT_ZERO] = "TCP port 0",
	[RAMPART_DROP_UDP_TRUNCATED] = "UDP header truncated",
	[RAMPART_DROP_UDP_BAD_LEN] = "UDP length shorter than its header or longer than the packet",
	[RAMPART_DROP_UDP_PORT_ZERO] = "UDP destination port 0",
	[RAMPART_DROP_ICMP_TRUNCATED] = "ICMP header truncated",
	[RAMPART_DROP_ICMPV6_TRUNCATED] = "ICMPv6 header truncated",
	[RAMPART_DROP_IPV4_FRAGMENT] = "IPv4 fragment left after reassembly",
	[RAMPART_DROP_IPV6_FRAGMENT] = "IPv6 fragment left after reassembly",
	[RAMPART_DROP_IPV4_BAD_ADDR] = "IPv4 source address is multicast or broadcast",
	[RAMPART_DROP_IPV6_BAD_ADDR] = "IPv6 source address is multicast",
	[RAMPART_DROP_TCP_OUT_OF_STATE] = "TCP packet out of state: first packet isn't SYN",
	[RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW] = "TCP sequence number above the receiver's window",
	[RAMPART_DROP_TCP_SEQ_BELOW_WINDOW] = "TCP sequence number below the receiver's window",
	[RAMPART_DROP_TCP_ACK_ABOVE_WINDOW] = "TCP acknowledgement of data never sent",
	[RAMPART_DROP_TCP_ACK_BELOW_WINDOW] = "TCP acknowledgement below the sender's window",
	[RAMPART_DROP_TCP_INVALID_TRANSITION] = "TCP flags invalid in the connection's state",
	[RAMPART_DROP_CONN_TABLE_FULL] = "connection table full",
	[RAMPART_DROP_NO_RULE] = "no rule accepts it (implicit final drop)",
	[RAMPART_DROP_RULE_DROP] = "dropped by rule",
	[RAMPART_DROP_RULE_REJECT] = "rejected by rule",
	[RAMPART_DROP_ICMP_ERROR_UNTRACKED] = "ICMP error about no tracked connection",
	[RAMPART_DROP_ICMP_OUT_OF_STATE] = "ICMP echo reply without a request",
	[RAMPART_DROP_CONN_NO_MEMORY] = "no memory for a new connection",
	[RAMPART_DROP_SMTP_VERB] = "SMTP command verb not allowed by policy",
	[RAMPART_DROP_SMTP_LINE] = "SMTP command line too long",
	[RAMPART_DROP_SMTP_REPLY_LINE] = "SMTP reply line too long",
	[RAMPART_DROP_SMTP_RCPTS] = "SMTP transaction with too many recipients",
	[RAMPART_DROP_SMTP_SIZE] = "SMTP message exceeds the size limit",
	[RAMPART_DROP_SMTP_STARTTLS] = "SMTP STARTTLS not allowed by policy",
	[RAMPART_DROP_SMTP_SENDER] = "SMTP sender not allowed by policy",
	[RAMPART_DROP_SMTP_RECIPIENT] = "SMTP recipient not allowed by policy",
	[RAMPART_DROP_SMTP_SMUGGLING] = "SMTP ambiguous end of data (smuggling)",
	[RAMPART_DROP_SMTP_SYNC] = "SMTP protocol synchronization error",
	[RAMPART_DROP_SMTP_GAP] = "TCP segment beyond a gap in an inspected SMTP stream",
	[RAMPART_DROP_SMTP_NO_MEMORY] = "no memory for SMTP inspection state",
	[RAMPART_DROP_SMTP_REFUSED] = "segment of an SMTP session refused by policy",
	[RAMPART_DROP_TCP_BAD_CHECKSUM] = "TCP checksum wrong",
	[RAMPART_DROP_SMTP_SYN_DATA] = "data on a SYN of an inspected SMTP session",
	[RAMPART_DROP_SMTP_REWRITE] =
		"TCP retransmission differs from the inspected SMTP bytes",
	[RAMPART_DROP_SMTP_UNCHECKABLE] =
		"TCP retransmission not comparable with the inspected SMTP segments",
	[RAMPART_DROP_SMTP_UNACKED] = "too many unacknowledged segments in an inspected SMTP stream",
	[RAMPART_DROP_SMTP_UNMASKABLE] =
		"SMTP greeting with more lines to mask than can be masked again (16)",
};

const char *rampart_drop_reason_text(unsigned int reason)
{
	if (reason < ARRAY_SIZE(reason_text) && reason_text[reason])
		return reason_text[reason];
	return "unknown drop reason";
}
