/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Rampart: the contract between rampart.ko and fwadm.
 *
 * Generic netlink family RAMPART_GENL_NAME, version RAMPART_GENL_VERSION.
 * Every command acts on the network namespace of the requesting socket; a
 * namespace never sees or touches another's state. Commands marked [admin]
 * need CAP_NET_ADMIN over that namespace (GENL_UNS_ADMIN_PERM).
 *
 * RAMPART_CMD_GET_VERSION                     (anyone)
 *   request:  no attributes
 *   reply:
 *     RAMPART_A_VERSION       NLA_NUL_STRING   module version, e.g. "0.1.0"
 *     RAMPART_A_ABI           NLA_U32          RAMPART_ABI_VERSION
 *
 * RAMPART_CMD_GET_CHAIN                       [admin]
 *   request:  no attributes
 *   reply:
 *     RAMPART_A_STARTED       NLA_U8           1 when hooks are registered here
 *     RAMPART_A_CHAIN         NLA_NESTED
 *       RAMPART_A_STAGE       NLA_NESTED       one per stage, in chain order
 *         RAMPART_STAGE_A_DIR       NLA_U8     enum rampart_dir
 *         RAMPART_STAGE_A_INDEX     NLA_U32    position number in its chain
 *         RAMPART_STAGE_A_PRIORITY  NLA_S32    netfilter hook priority
 *         RAMPART_STAGE_A_ID        NLA_U32    enum rampart_stage
 *         RAMPART_STAGE_A_NAME      NLA_NUL_STRING  short name, "fw"
 *         RAMPART_STAGE_A_DESC      NLA_NUL_STRING  long name, "fw inbound"
 *
 * RAMPART_CMD_GET_STATS                       [admin]
 *   request:  no attributes
 *   reply:
 *     RAMPART_A_STARTED       NLA_U8
 *     RAMPART_A_STAGE_STATS   NLA_NESTED
 *       RAMPART_A_STAGE       NLA_NESTED       one per stage
 *         RAMPART_STAGE_A_DIR       NLA_U8
 *         RAMPART_STAGE_A_INDEX     NLA_U32
 *         RAMPART_STAGE_A_NAME      NLA_NUL_STRING
 *         RAMPART_STAGE_A_PACKETS   NLA_U64    packets that entered the stage
 *         RAMPART_STAGE_A_BYTES     NLA_U64    their bytes (IP header onward)
 *         RAMPART_STAGE_A_DROPS     NLA_U64    packets the stage dropped
 *     RAMPART_A_DROP_STATS    NLA_NESTED
 *       RAMPART_A_DROP        NLA_NESTED       one per reason, every reason
 *         RAMPART_DROP_A_REASON     NLA_U32    enum rampart_drop_reason
 *         RAMPART_DROP_A_TEXT       NLA_NUL_STRING  rampart_drop_reason_text()
 *         RAMPART_DROP_A_COUNT      NLA_U64
 *
 * RAMPART_CMD_START                           [admin]
 *   request:  no attributes
 *   Registers the chain's hooks in this namespace and enables the kernel's
 *   IPv4/IPv6 defragmentation there. Fails with -EALREADY when started.
 *
 * RAMPART_CMD_STOP                            [admin]
 *   request:  no attributes
 *   Unregisters the hooks. Fails with -ENOENT when not started. Counters
 *   survive a stop; they are per namespace and live as long as it does.
 *
 * Every rejection carries an extended ack message.
 */
#ifndef _UAPI_LINUX_RAMPART_H
#define _UAPI_LINUX_RAMPART_H

#define RAMPART_GENL_NAME	"rampart"
#define RAMPART_GENL_VERSION	1
#define RAMPART_ABI_VERSION	1

enum rampart_cmd {
	RAMPART_CMD_UNSPEC,
	RAMPART_CMD_GET_VERSION,
	RAMPART_CMD_GET_CHAIN,
	RAMPART_CMD_GET_STATS,
	RAMPART_CMD_START,
	RAMPART_CMD_STOP,
	__RAMPART_CMD_MAX
};
#define RAMPART_CMD_MAX (__RAMPART_CMD_MAX - 1)

enum rampart_attr {
	RAMPART_A_UNSPEC,
	RAMPART_A_VERSION,
	RAMPART_A_ABI,
	RAMPART_A_STARTED,
	RAMPART_A_CHAIN,
	RAMPART_A_STAGE_STATS,
	RAMPART_A_DROP_STATS,
	RAMPART_A_STAGE,
	RAMPART_A_DROP,
	__RAMPART_A_MAX
};
#define RAMPART_A_MAX (__RAMPART_A_MAX - 1)

enum rampart_stage_attr {
	RAMPART_STAGE_A_UNSPEC,
	RAMPART_STAGE_A_DIR,
	RAMPART_STAGE_A_INDEX,
	RAMPART_STAGE_A_PRIORITY,
	RAMPART_STAGE_A_ID,
	RAMPART_STAGE_A_NAME,
	RAMPART_STAGE_A_DESC,
	RAMPART_STAGE_A_PACKETS,
	RAMPART_STAGE_A_BYTES,
	RAMPART_STAGE_A_DROPS,
	RAMPART_STAGE_A_PAD,
	__RAMPART_STAGE_A_MAX
};
#define RAMPART_STAGE_A_MAX (__RAMPART_STAGE_A_MAX - 1)

enum rampart_drop_attr {
	RAMPART_DROP_A_UNSPEC,
	RAMPART_DROP_A_REASON,
	RAMPART_DROP_A_TEXT,
	RAMPART_DROP_A_COUNT,
	RAMPART_DROP_A_PAD,
	__RAMPART_DROP_A_MAX
};
#define RAMPART_DROP_A_MAX (__RAMPART_DROP_A_MAX - 1)

/* Which chain a stage belongs to. */
enum rampart_dir {
	RAMPART_DIR_IN = 1,	/* NF_INET_PRE_ROUTING */
	RAMPART_DIR_OUT = 2,	/* NF_INET_POST_ROUTING */
};

/* What a stage does; its position number is its index in the chain. */
enum rampart_stage {
	RAMPART_STAGE_SANITY = 1,
	RAMPART_STAGE_FW = 2,
	RAMPART_STAGE_SMTP = 3,
	RAMPART_STAGE_END = 4,
};

/* State of a tracked connection, as `fwadm conn` shows it. */
enum rampart_conn_state {
	RAMPART_CONN_NONE = 0,
	RAMPART_CONN_SYN_SENT = 1,
	RAMPART_CONN_SYN_RECV = 2,
	RAMPART_CONN_ESTABLISHED = 3,
	RAMPART_CONN_FIN_WAIT = 4,	/* one side has sent FIN */
	RAMPART_CONN_CLOSING = 5,	/* both sides have sent FIN */
	RAMPART_CONN_TIME_WAIT = 6,	/* both FINs acknowledged */
	RAMPART_CONN_CLOSED = 7,	/* reset */
	RAMPART_CONN_UDP = 8,		/* UDP pseudo-connection */
	RAMPART_CONN_ICMP = 9,		/* ICMP/ICMPv6 echo pseudo-connection */
	__RAMPART_CONN_MAX
};

/* Why a connection left the table; remembered for late packets. */
enum rampart_removal {
	RAMPART_REMOVED_NONE = 0,
	RAMPART_REMOVED_IDLE_TIMEOUT = 1,	/* no packet for its timeout */
	RAMPART_REMOVED_RST = 2,		/* an accepted RST */
	RAMPART_REMOVED_CLOSED = 3,		/* FIN exchange done, end timeout */
	RAMPART_REMOVED_EVICTED = 4,		/* table full, not established */
	RAMPART_REMOVED_POLICY = 5,		/* policy reinstall no longer allows it */
	RAMPART_REMOVED_FLUSH = 6,		/* fwadm conn flush */
	__RAMPART_REMOVED_MAX
};

/*
 * Why a packet was dropped. The numbers are stable: a reason keeps its
 * number forever and new reasons are appended. The text of each reason is
 * given by the kernel in every stats reply (RAMPART_DROP_A_TEXT) and lives
 * in kmod/core/reason.c.
 */
enum rampart_drop_reason {
	RAMPART_DROP_NONE = 0,
	RAMPART_DROP_IP_TRUNCATED = 1,
	RAMPART_DROP_IP_VERSION = 2,
	RAMPART_DROP_IPV4_BAD_IHL = 3,
	RAMPART_DROP_IPV4_BAD_TOTAL_LEN = 4,
	RAMPART_DROP_IPV4_BAD_OPTIONS = 5,
	RAMPART_DROP_IPV6_BAD_PAYLOAD_LEN = 6,
	RAMPART_DROP_IPV6_BAD_EXT_HDR = 7,
	RAMPART_DROP_IPV6_TOO_MANY_EXT_HDRS = 8,
	RAMPART_DROP_TCP_TRUNCATED = 9,
	RAMPART_DROP_TCP_BAD_DOFF = 10,
	RAMPART_DROP_TCP_SYN_FIN = 11,
	RAMPART_DROP_TCP_SYN_RST = 12,
	RAMPART_DROP_TCP_NO_FLAGS = 13,
	RAMPART_DROP_TCP_FIN_NO_ACK = 14,
	RAMPART_DROP_TCP_PORT_ZERO = 15,
	RAMPART_DROP_UDP_TRUNCATED = 16,
	RAMPART_DROP_UDP_BAD_LEN = 17,
	RAMPART_DROP_UDP_PORT_ZERO = 18,
	RAMPART_DROP_ICMP_TRUNCATED = 19,
	RAMPART_DROP_ICMPV6_TRUNCATED = 20,
	RAMPART_DROP_IPV4_FRAGMENT = 21,
	RAMPART_DROP_IPV6_FRAGMENT = 22,
	RAMPART_DROP_IPV4_BAD_ADDR = 23,
	RAMPART_DROP_IPV6_BAD_ADDR = 24,
	/* connection tracking (kmod/core/track.c, kmod/conn.c) */
	RAMPART_DROP_TCP_OUT_OF_STATE = 25,	/* first packet isn't SYN */
	RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW = 26,	/* seq + len > peer's maxend */
	RAMPART_DROP_TCP_SEQ_BELOW_WINDOW = 27,	/* seq < end - peer's maxwin */
	RAMPART_DROP_TCP_ACK_ABOVE_WINDOW = 28,	/* ack > peer's end */
	RAMPART_DROP_TCP_ACK_BELOW_WINDOW = 29,	/* ack < peer's end - maxwin */
	RAMPART_DROP_TCP_INVALID_TRANSITION = 30, /* e.g. SYN-ACK from the client */
	RAMPART_DROP_CONN_TABLE_FULL = 31,
	__RAMPART_DROP_MAX
};
#define RAMPART_DROP_MAX (__RAMPART_DROP_MAX - 1)

#endif /* _UAPI_LINUX_RAMPART_H */
