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
 *   request:
 *     RAMPART_A_STATS_RESET   NLA_FLAG         optional: the reply has the
 *                                              counts up to now, and every
 *                                              counter (stages, drop reasons,
 *                                              the table's, rule hits)
 *                                              starts again from 0
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
 * RAMPART_CMD_POLICY_BEGIN                    [admin]
 *   request:  no attributes
 *   reply:
 *     RAMPART_A_POLICY_TICKET NLA_U32          names the transaction
 *   Opens the namespace's one policy transaction, owned by the requesting
 *   socket. Fails with -EBUSY while another is open. The transaction ends
 *   with COMMIT or ABORT, or is freed when its socket closes.
 *
 * RAMPART_CMD_POLICY_ADD                      [admin, owner only]
 *   request:
 *     RAMPART_A_POLICY_TICKET NLA_U32
 *     items, any number, in the order of the policy file:
 *     RAMPART_A_SETTINGS      NLA_NESTED       at most once per transaction
 *       RAMPART_SET_A_MAX_CONNECTIONS  NLA_U32 1..
 *       RAMPART_SET_A_LATE_GRACE       NLA_U8  0 off, 1 on
 *       RAMPART_SET_A_PROTO            NLA_NESTED  repeated, one per protocol
 *         RAMPART_SVC_A_PROTO          NLA_U8  IPPROTO_TCP/UDP/ICMP/ICMPV6
 *         RAMPART_SVC_A_TIMEOUT_START  NLA_U32 seconds, 1..
 *         RAMPART_SVC_A_TIMEOUT_IDLE   NLA_U32
 *         RAMPART_SVC_A_TIMEOUT_END    NLA_U32
 *         RAMPART_SVC_A_OUT_OF_STATE   NLA_U8  0 drop, 1 accept
 *         RAMPART_SVC_A_PICKUP         NLA_U8  0 off, 1 on
 *       RAMPART_SET_A_LINE, _COL       NLA_U32 place of `settings'
 *     RAMPART_A_OBJECT        NLA_NESTED
 *       RAMPART_OBJ_A_NAME        NLA_NUL_STRING  1..63 bytes
 *       RAMPART_OBJ_A_KIND        NLA_U8   enum rampart_object_kind
 *       RAMPART_OBJ_A_FAMILY      NLA_U8   4 or 6 (host, network, range)
 *       RAMPART_OBJ_A_ADDR        binary 16, network order, IPv4 in the
 *                                 first 4 bytes (host, network, range)
 *       RAMPART_OBJ_A_LAST        binary 16 (range: last address)
 *       RAMPART_OBJ_A_PREFIX_LEN  NLA_U8   (network) 0..32 or 0..128
 *       RAMPART_OBJ_A_MEMBER      NLA_NUL_STRING  repeated (group), in order
 *       RAMPART_OBJ_A_LINE, _COL  NLA_U32  place of the name
 *     RAMPART_A_SERVICE       NLA_NESTED
 *       RAMPART_SVC_A_NAME        NLA_NUL_STRING  1..63 bytes
 *       RAMPART_SVC_A_PROTO       NLA_U8   IPPROTO_TCP/UDP/ICMP/ICMPV6
 *       RAMPART_SVC_A_TIMEOUT_START, _IDLE, _END, _OUT_OF_STATE, _PICKUP
 *                                 as in settings; absent: the default
 *       RAMPART_SVC_A_SPAN        NLA_NESTED  repeated, at least one
 *         RAMPART_SPAN_A_FIRST    NLA_U16  port (ICMP: type)
 *         RAMPART_SPAN_A_LAST     NLA_U16  port >= first (ICMP: == first)
 *       RAMPART_SVC_A_LINE, _COL  NLA_U32
 *     RAMPART_A_SMTP          NLA_NESTED       an inspection resource;
 *                                              absent options: the default
 *       RAMPART_SMTP_A_NAME       NLA_NUL_STRING  1..63 bytes
 *       RAMPART_SMTP_A_VERB       NLA_NUL_STRING  repeated, 1..15 bytes of
 *                                 A-Z 0-9 -: the verbs allowed, known ones
 *                                 and at most 8 others (absent: HELO EHLO
 *                                 MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY
 *                                 EXPN HELP STARTTLS AUTH ETRN)
 *       RAMPART_SMTP_A_MAX_LINE   NLA_U32  command line bytes with CRLF,
 *                                 0..1048576; 0: no limit (default 512)
 *       RAMPART_SMTP_A_MAX_REPLY_LINE  NLA_U32  the same for reply lines
 *       RAMPART_SMTP_A_MAX_RCPTS  NLA_U32  recipients per transaction,
 *                                 0..1000000; 0: no limit (the default)
 *       RAMPART_SMTP_A_MAX_SIZE   NLA_U64  message bytes, DATA and BDAT;
 *                                 0: no limit (the default)
 *       RAMPART_SMTP_A_SENDER     NLA_NUL_STRING  repeated, at most 8, 0..127
 *                                 bytes: MAIL FROM patterns (absent: any)
 *       RAMPART_SMTP_A_RECIPIENT  NLA_NUL_STRING  the same for RCPT TO
 *       RAMPART_SMTP_A_STARTTLS   NLA_U8   0 allow (default), 1 deny
 *       RAMPART_SMTP_A_BANNER     NLA_U8   0 pass (default), 1 mask
 *       RAMPART_SMTP_A_SMUGGLING  NLA_U8   0 off, 1 on (default)
 *       RAMPART_SMTP_A_ACTION     NLA_U8   enum rampart_smtp_action of every
 *                                 check (default: log)
 *       RAMPART_SMTP_A_CHECK_ACTION  NLA_NESTED  repeated, one per check at
 *                                 most: overrides RAMPART_SMTP_A_ACTION
 *         RAMPART_SMTP_CA_A_CHECK   NLA_U8  enum rampart_smtp_check, 1..
 *         RAMPART_SMTP_CA_A_ACTION  NLA_U8  enum rampart_smtp_action
 *       RAMPART_SMTP_A_LINE, _COL NLA_U32
 *     RAMPART_A_RULE          NLA_NESTED
 *       RAMPART_RULE_A_NUMBER     NLA_U32  1..65535, rules come 1, 2, 3 ...
 *       RAMPART_RULE_A_ACTION     NLA_U8   enum rampart_action
 *       RAMPART_RULE_A_TRACK      NLA_U8   enum rampart_track; absent: none
 *       RAMPART_RULE_A_FROM       NLA_NUL_STRING  repeated object names;
 *       RAMPART_RULE_A_TO         NLA_NUL_STRING  none (or `any'): any
 *       RAMPART_RULE_A_SERVICE    NLA_NUL_STRING  repeated; none: any
 *       RAMPART_RULE_A_IN         NLA_NUL_STRING  interface name; none: any
 *       RAMPART_RULE_A_OUT        NLA_NUL_STRING
 *       RAMPART_RULE_A_INSPECT    NLA_NUL_STRING  smtp resource
 *       RAMPART_RULE_A_LINE, _COL NLA_U32  place of `rule'
 *   Each item is checked on its own; a message is refused whole on its
 *   first bad item, with an extack message "line L col C: ..." when the
 *   item carries its place. A refused ADD poisons the transaction: only
 *   ABORT is accepted after it.
 *
 * RAMPART_CMD_POLICY_COMMIT                   [admin, owner only]
 *   request:
 *     RAMPART_A_POLICY_TICKET NLA_U32
 *     RAMPART_A_POLICY_FLAGS  NLA_U32          RAMPART_POLICY_F_*, optional
 *   Checks the whole policy (names resolve, no group cycle, rules numbered
 *   1..N), compiles it and installs it, starting the firewall when it is
 *   not started. The transaction ends, whatever the outcome.
 *
 * RAMPART_CMD_POLICY_ABORT                    [admin, owner only]
 *   request:
 *     RAMPART_A_POLICY_TICKET NLA_U32
 *
 * RAMPART_CMD_POLICY_GET                      [admin, dump]
 *   request:  no attributes
 *   reply, several messages:
 *     RAMPART_A_POLICY_GENERATION  NLA_U32     in every message
 *     items as in POLICY_ADD, in order (settings, objects, services, smtp,
 *     rules), without LINE/COL. Settings come only if the policy had them.
 *     Each rule carries
 *       RAMPART_RULE_A_HITS     NLA_U64          packets the rule decided:
 *                                                the first of each
 *                                                connection, and each packet
 *                                                of what is not tracked;
 *                                                counted from the install, or
 *                                                the last GET_STATS reset
 *     (the implicit drop's are drop reason RAMPART_DROP_NO_RULE's count).
 *   Fails with -ENOENT when no policy is installed. A reinstall during the
 *   dump sets NLM_F_DUMP_INTR on the next message.
 *
 * RAMPART_CMD_POLICY_UNINSTALL                [admin]
 *   request:  no attributes
 *   Frees the installed policy and stops the firewall. -ENOENT when no
 *   policy is installed.
 *
 * RAMPART_CMD_CONN_GET                        [admin, dump]
 *   request:
 *     RAMPART_A_CONN_FILTER   NLA_NESTED       optional; every given field
 *                                              must match
 *       RAMPART_CF_A_FAMILY      NLA_U8   4 or 6
 *       RAMPART_CF_A_ADDR        binary 16, with _FAMILY: either endpoint
 *       RAMPART_CF_A_PREFIX_LEN  NLA_U8   bits of _ADDR compared (default all)
 *       RAMPART_CF_A_PORT        NLA_U16  either endpoint's port
 *       RAMPART_CF_A_PROTO       NLA_U8   IPPROTO_*
 *       RAMPART_CF_A_SERVICE     NLA_NUL_STRING  service name
 *       RAMPART_CF_A_STATE       NLA_U8   enum rampart_conn_state
 *   reply, several messages, one RAMPART_A_CONN per connection:
 *     RAMPART_A_CONN          NLA_NESTED
 *       RAMPART_CONN_A_ID        NLA_U32  stable while the entry lives
 *       RAMPART_CONN_A_FAMILY    NLA_U8   4 or 6
 *       RAMPART_CONN_A_PROTO     NLA_U8   IPPROTO_*
 *       RAMPART_CONN_A_SRC       binary 16  the side that opened it
 *       RAMPART_CONN_A_DST       binary 16
 *       RAMPART_CONN_A_SPORT     NLA_U16  host order; ICMP echo: identifier
 *       RAMPART_CONN_A_DPORT     NLA_U16
 *       RAMPART_CONN_A_STATE     NLA_U8   enum rampart_conn_state
 *       RAMPART_CONN_A_RULE      NLA_U32  rule that accepted it (0: none)
 *       RAMPART_CONN_A_SERVICE   NLA_NUL_STRING  absent: no named service
 *       RAMPART_CONN_A_TIMEOUT   NLA_U32  seconds until it expires
 *       RAMPART_CONN_A_AGE       NLA_U32  seconds since it was created
 *       RAMPART_CONN_A_PACKETS_ORIG, _BYTES_ORIG    NLA_U64  opener to peer
 *       RAMPART_CONN_A_PACKETS_REPLY, _BYTES_REPLY  NLA_U64
 *   The dump's cursor is in cb->args; entries inserted or removed during
 *   it may be missed or shown twice, never invented.
 *
 * RAMPART_CMD_CONN_FLUSH                      [admin]
 *   request:  RAMPART_A_CONN_FILTER as in CONN_GET (absent: every entry)
 *   reply:
 *     RAMPART_A_CONN_COUNT    NLA_U32          entries removed
 *   Removed entries are remembered with RAMPART_REMOVED_FLUSH.
 *
 * RAMPART_CMD_GET_STATS also carries:
 *     RAMPART_A_CONN_STATS    NLA_NESTED
 *       RAMPART_CS_A_ENTRIES, _LIMIT, _TOMBS, _TOMBS_MAX   NLA_U32
 *       RAMPART_CS_A_INSERTS, _REMOVALS, _EVICTIONS, _FULL_DROPS, _GC_RUNS,
 *       _LATE_PASSED, _PICKUPS                             NLA_U64
 *
 * RAMPART_CMD_EVENT                           (multicast group
 *                                              RAMPART_MCGRP_EVENTS) [admin]
 *   Sent by the kernel, never requested: a connection accepted by a rule
 *   with `track log', a packet dropped or rejected by such a rule, every
 *   packet dropped as out of state, a late packet passed under grace, a
 *   connection removed by a policy install, an SMTP inspection check that
 *   failed (any action; TEXT names the resource, the check, the command,
 *   the action and the reply sent). Only built while the group has
 *   listeners; at most RAMPART_EVENT_RATE per second per namespace, the rest
 *   counted (RAMPART_EVENT_A_SUPPRESSED in the next event).
 *     RAMPART_A_EVENT         NLA_NESTED
 *       RAMPART_EVENT_A_TYPE       NLA_U8   enum rampart_event_type
 *       RAMPART_EVENT_A_TIME       NLA_U64  ns, CLOCK_REALTIME
 *       RAMPART_EVENT_A_RULE       NLA_U32  0: no rule (out of state)
 *       RAMPART_EVENT_A_SERVICE    NLA_NUL_STRING  when one applies
 *       RAMPART_EVENT_A_ACTION     NLA_U8   enum rampart_action taken
 *       RAMPART_EVENT_A_FAMILY, _PROTO     NLA_U8
 *       RAMPART_EVENT_A_SRC, _DST          binary 16
 *       RAMPART_EVENT_A_SPORT, _DPORT      NLA_U16
 *       RAMPART_EVENT_A_IFINDEX_IN, _OUT   NLA_U32  0: none
 *       RAMPART_EVENT_A_REASON     NLA_U32  enum rampart_drop_reason (drops)
 *       RAMPART_EVENT_A_TEXT       NLA_NUL_STRING  the whole explanation,
 *         "TCP packet out of state: first packet isn't SYN; tcp_flags:
 *         FIN-ACK; connection removed 12 s ago: idle timeout 3600 s
 *         (service submission, rule 1)"
 *       RAMPART_EVENT_A_CONN_ID    NLA_U32  0: no connection
 *       RAMPART_EVENT_A_SUPPRESSED NLA_U32  events lost to the rate limit
 *                                           since the previous one
 *
 * RAMPART_CMD_MONITOR_START                   [admin]
 *   request:
 *     RAMPART_A_MONITOR       NLA_NESTED       optional; absent: every
 *                                              position, no filter
 *       RAMPART_MON_A_POSITIONS  NLA_U32  RAMPART_MON_POS(dir, index) bits;
 *                                         absent: every position
 *       RAMPART_MON_A_FILTER     binary   classic BPF (struct sock_filter[],
 *                                         1..RAMPART_MON_FILTER_MAX), run on
 *                                         the packet from its IP header on
 *                                         (pcap's DLT_RAW); absent: all
 *       RAMPART_MON_A_SNAPLEN    NLA_U32  1..RAMPART_MON_SNAPLEN_MAX bytes
 *                                         captured; absent: the maximum
 *       RAMPART_MON_A_FLAGS      NLA_U32  RAMPART_MON_F_*
 *       RAMPART_MON_A_COUNT      NLA_U32  records to send, then stop
 *                                         capturing; absent or 0: no limit
 *   reply:
 *     RAMPART_A_MONITOR_ID    NLA_U32          names the session
 *   Opens a monitor session bound to the requesting socket: its records
 *   (RAMPART_CMD_MONITOR_RECORD) are unicast to that socket, and it ends
 *   when the socket closes or with MONITOR_STOP. One session per socket,
 *   at most RAMPART_MON_SESSIONS_MAX per namespace. Sessions survive
 *   policy installs, start and stop. Records are taken while the
 *   firewall is started, after each selected stage has run; when the
 *   socket's receive queue is full a record is lost and counted, the
 *   packet is never held.
 *
 * RAMPART_CMD_MONITOR_STOP                    [admin]
 *   request:
 *     RAMPART_A_MONITOR_ID    NLA_U32          optional; absent: the session
 *                                              of the requesting socket
 *   reply:
 *     RAMPART_A_MONITOR_ID    NLA_U32
 *     RAMPART_A_MONITOR_STATS NLA_NESTED
 *       RAMPART_MS_A_RECORDS     NLA_U64  records delivered to the socket
 *       RAMPART_MS_A_LOST        NLA_U64  records lost: queue full, no memory
 *   Ends the session. Every record it sent was queued before the reply.
 *   Stopping by id from another socket lets a reader whose queue is full
 *   still get the reply.
 *
 * RAMPART_CMD_MONITOR_RECORD                  (kernel to the session's socket)
 *     RAMPART_A_MONITOR_ID    NLA_U32
 *     RAMPART_A_RECORD        NLA_NESTED       one packet at one position
 *       RAMPART_REC_A_TIME       NLA_U64  ns, CLOCK_REALTIME
 *       RAMPART_REC_A_FAMILY     NLA_U8   4 or 6
 *       RAMPART_REC_A_HOOK       NLA_U8   NF_INET_PRE_ROUTING, _POST_ROUTING
 *       RAMPART_REC_A_DIR        NLA_U8   enum rampart_dir
 *       RAMPART_REC_A_POSITION   NLA_U8   the stage's index in its chain
 *       RAMPART_REC_A_LETTER     NLA_U8   'i', 'I', 'o' or 'O': lower case
 *                                         for positions before the fw stage,
 *                                         upper case for fw and after it
 *                                         (the record is taken after the
 *                                         position's stage has run)
 *       RAMPART_REC_A_IFINDEX_IN, _OUT  NLA_U32  0: none
 *       RAMPART_REC_A_IFNAME_IN, _OUT   NLA_NUL_STRING  absent: none
 *       RAMPART_REC_A_VERDICT    NLA_U8   enum rampart_mon_verdict
 *       RAMPART_REC_A_REASON     NLA_U32  enum rampart_drop_reason (drops)
 *       RAMPART_REC_A_TEXT       NLA_NUL_STRING  the reason's full text, the
 *                                         out-of-state explanation included
 *       RAMPART_REC_A_RULE       NLA_U32  rule that decided it, when known
 *       RAMPART_REC_A_CONN_ID    NLA_U32  its connection, when known
 *       RAMPART_REC_A_LEN        NLA_U32  packet length from the IP header
 *       RAMPART_REC_A_DATA       binary   its first min(LEN, snaplen) bytes,
 *                                         fewer when the record would pass
 *                                         the 64 KiB an attribute can hold
 *
 * Every rejection carries an extended ack message.
 */
#ifndef _UAPI_LINUX_RAMPART_H
#define _UAPI_LINUX_RAMPART_H

#define RAMPART_GENL_NAME	"rampart"
#define RAMPART_GENL_VERSION	1
#define RAMPART_ABI_VERSION	1

#define RAMPART_MCGRP_EVENTS	"events"
#define RAMPART_EVENT_RATE	100	/* events per second per namespace */

enum rampart_cmd {
	RAMPART_CMD_UNSPEC,
	RAMPART_CMD_GET_VERSION,
	RAMPART_CMD_GET_CHAIN,
	RAMPART_CMD_GET_STATS,
	RAMPART_CMD_START,
	RAMPART_CMD_STOP,
	RAMPART_CMD_POLICY_BEGIN,
	RAMPART_CMD_POLICY_ADD,
	RAMPART_CMD_POLICY_COMMIT,
	RAMPART_CMD_POLICY_ABORT,
	RAMPART_CMD_POLICY_GET,
	RAMPART_CMD_POLICY_UNINSTALL,
	RAMPART_CMD_CONN_GET,
	RAMPART_CMD_CONN_FLUSH,
	RAMPART_CMD_EVENT,
	RAMPART_CMD_MONITOR_START,
	RAMPART_CMD_MONITOR_STOP,
	RAMPART_CMD_MONITOR_RECORD,
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
	RAMPART_A_POLICY_TICKET,
	RAMPART_A_POLICY_FLAGS,
	RAMPART_A_POLICY_GENERATION,
	RAMPART_A_SETTINGS,
	RAMPART_A_OBJECT,
	RAMPART_A_SERVICE,
	RAMPART_A_SMTP,
	RAMPART_A_RULE,
	RAMPART_A_CONN_FILTER,
	RAMPART_A_CONN,
	RAMPART_A_CONN_COUNT,
	RAMPART_A_CONN_STATS,
	RAMPART_A_EVENT,
	RAMPART_A_MONITOR,
	RAMPART_A_MONITOR_ID,
	RAMPART_A_MONITOR_STATS,
	RAMPART_A_RECORD,
	RAMPART_A_STATS_RESET,
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

enum rampart_settings_attr {
	RAMPART_SET_A_UNSPEC,
	RAMPART_SET_A_MAX_CONNECTIONS,
	RAMPART_SET_A_LATE_GRACE,
	RAMPART_SET_A_PROTO,
	RAMPART_SET_A_LINE,
	RAMPART_SET_A_COL,
	__RAMPART_SET_A_MAX
};
#define RAMPART_SET_A_MAX (__RAMPART_SET_A_MAX - 1)

enum rampart_object_attr {
	RAMPART_OBJ_A_UNSPEC,
	RAMPART_OBJ_A_NAME,
	RAMPART_OBJ_A_KIND,
	RAMPART_OBJ_A_ADDR,
	RAMPART_OBJ_A_LAST,
	RAMPART_OBJ_A_FAMILY,
	RAMPART_OBJ_A_PREFIX_LEN,
	RAMPART_OBJ_A_MEMBER,
	RAMPART_OBJ_A_LINE,
	RAMPART_OBJ_A_COL,
	__RAMPART_OBJ_A_MAX
};
#define RAMPART_OBJ_A_MAX (__RAMPART_OBJ_A_MAX - 1)

/* A service, and the per-protocol defaults in settings (no name, no span). */
enum rampart_service_attr {
	RAMPART_SVC_A_UNSPEC,
	RAMPART_SVC_A_NAME,
	RAMPART_SVC_A_PROTO,
	RAMPART_SVC_A_TIMEOUT_START,
	RAMPART_SVC_A_TIMEOUT_IDLE,
	RAMPART_SVC_A_TIMEOUT_END,
	RAMPART_SVC_A_OUT_OF_STATE,
	RAMPART_SVC_A_PICKUP,
	RAMPART_SVC_A_SPAN,
	RAMPART_SVC_A_LINE,
	RAMPART_SVC_A_COL,
	__RAMPART_SVC_A_MAX
};
#define RAMPART_SVC_A_MAX (__RAMPART_SVC_A_MAX - 1)

enum rampart_span_attr {
	RAMPART_SPAN_A_UNSPEC,
	RAMPART_SPAN_A_FIRST,
	RAMPART_SPAN_A_LAST,
	__RAMPART_SPAN_A_MAX
};
#define RAMPART_SPAN_A_MAX (__RAMPART_SPAN_A_MAX - 1)

enum rampart_smtp_attr {
	RAMPART_SMTP_A_UNSPEC,
	RAMPART_SMTP_A_NAME,
	RAMPART_SMTP_A_LINE,
	RAMPART_SMTP_A_COL,
	RAMPART_SMTP_A_VERB,
	RAMPART_SMTP_A_MAX_LINE,
	RAMPART_SMTP_A_MAX_REPLY_LINE,
	RAMPART_SMTP_A_MAX_RCPTS,
	RAMPART_SMTP_A_MAX_SIZE,
	RAMPART_SMTP_A_SENDER,
	RAMPART_SMTP_A_RECIPIENT,
	RAMPART_SMTP_A_STARTTLS,
	RAMPART_SMTP_A_BANNER,
	RAMPART_SMTP_A_SMUGGLING,
	RAMPART_SMTP_A_ACTION,
	RAMPART_SMTP_A_CHECK_ACTION,
	RAMPART_SMTP_A_PAD,
	__RAMPART_SMTP_A_MAX
};
#define RAMPART_SMTP_A_MAX (__RAMPART_SMTP_A_MAX - 1)

enum rampart_smtp_check_action_attr {
	RAMPART_SMTP_CA_A_UNSPEC,
	RAMPART_SMTP_CA_A_CHECK,
	RAMPART_SMTP_CA_A_ACTION,
	__RAMPART_SMTP_CA_A_MAX
};
#define RAMPART_SMTP_CA_A_MAX (__RAMPART_SMTP_CA_A_MAX - 1)

/* The checks of SMTP inspection, each with its own action (docs/smtp.md). */
enum rampart_smtp_check {
	RAMPART_SMTP_CHECK_NONE,
	RAMPART_SMTP_CHECK_VERB,	/* command verb not allowed */
	RAMPART_SMTP_CHECK_LINE,	/* command line too long */
	RAMPART_SMTP_CHECK_REPLY_LINE,	/* reply line too long */
	RAMPART_SMTP_CHECK_RCPTS,	/* too many recipients */
	RAMPART_SMTP_CHECK_SIZE,	/* message too large */
	RAMPART_SMTP_CHECK_STARTTLS,	/* STARTTLS denied */
	RAMPART_SMTP_CHECK_SENDER,	/* MAIL FROM address not allowed */
	RAMPART_SMTP_CHECK_RECIPIENT,	/* RCPT TO address not allowed */
	RAMPART_SMTP_CHECK_SMUGGLING,	/* ambiguous end of data */
	RAMPART_SMTP_CHECK_SYNC,	/* client did not wait for a reply */
	__RAMPART_SMTP_CHECK_MAX
};

enum rampart_smtp_action {
	RAMPART_SMTP_LOG,	/* report, pass the bytes, go on */
	RAMPART_SMTP_REJECT,	/* drop, reply to the client, close */
	RAMPART_SMTP_RESET,	/* drop, reset both sides */
	__RAMPART_SMTP_ACTION_MAX
};

#define RAMPART_SMTP_MAX_LINE_LIMIT	1048576
#define RAMPART_SMTP_MAX_RCPTS_LIMIT	1000000

enum rampart_rule_attr {
	RAMPART_RULE_A_UNSPEC,
	RAMPART_RULE_A_NUMBER,
	RAMPART_RULE_A_ACTION,
	RAMPART_RULE_A_TRACK,
	RAMPART_RULE_A_FROM,
	RAMPART_RULE_A_TO,
	RAMPART_RULE_A_SERVICE,
	RAMPART_RULE_A_IN,
	RAMPART_RULE_A_OUT,
	RAMPART_RULE_A_INSPECT,
	RAMPART_RULE_A_LINE,
	RAMPART_RULE_A_COL,
	RAMPART_RULE_A_HITS,		/* POLICY_GET only */
	RAMPART_RULE_A_PAD,
	__RAMPART_RULE_A_MAX
};
#define RAMPART_RULE_A_MAX (__RAMPART_RULE_A_MAX - 1)

enum rampart_conn_filter_attr {
	RAMPART_CF_A_UNSPEC,
	RAMPART_CF_A_FAMILY,
	RAMPART_CF_A_ADDR,
	RAMPART_CF_A_PREFIX_LEN,
	RAMPART_CF_A_PORT,
	RAMPART_CF_A_PROTO,
	RAMPART_CF_A_SERVICE,
	RAMPART_CF_A_STATE,
	__RAMPART_CF_A_MAX
};
#define RAMPART_CF_A_MAX (__RAMPART_CF_A_MAX - 1)

enum rampart_conn_attr {
	RAMPART_CONN_A_UNSPEC,
	RAMPART_CONN_A_ID,
	RAMPART_CONN_A_FAMILY,
	RAMPART_CONN_A_PROTO,
	RAMPART_CONN_A_SRC,
	RAMPART_CONN_A_DST,
	RAMPART_CONN_A_SPORT,
	RAMPART_CONN_A_DPORT,
	RAMPART_CONN_A_STATE,
	RAMPART_CONN_A_RULE,
	RAMPART_CONN_A_SERVICE,
	RAMPART_CONN_A_TIMEOUT,
	RAMPART_CONN_A_AGE,
	RAMPART_CONN_A_PACKETS_ORIG,
	RAMPART_CONN_A_BYTES_ORIG,
	RAMPART_CONN_A_PACKETS_REPLY,
	RAMPART_CONN_A_BYTES_REPLY,
	RAMPART_CONN_A_PAD,
	__RAMPART_CONN_A_MAX
};
#define RAMPART_CONN_A_MAX (__RAMPART_CONN_A_MAX - 1)

enum rampart_conn_stats_attr {
	RAMPART_CS_A_UNSPEC,
	RAMPART_CS_A_ENTRIES,
	RAMPART_CS_A_LIMIT,
	RAMPART_CS_A_TOMBS,
	RAMPART_CS_A_TOMBS_MAX,
	RAMPART_CS_A_INSERTS,
	RAMPART_CS_A_REMOVALS,
	RAMPART_CS_A_EVICTIONS,
	RAMPART_CS_A_FULL_DROPS,
	RAMPART_CS_A_GC_RUNS,
	RAMPART_CS_A_LATE_PASSED,
	RAMPART_CS_A_PICKUPS,
	RAMPART_CS_A_PAD,
	__RAMPART_CS_A_MAX
};
#define RAMPART_CS_A_MAX (__RAMPART_CS_A_MAX - 1)

enum rampart_event_attr {
	RAMPART_EVENT_A_UNSPEC,
	RAMPART_EVENT_A_TYPE,
	RAMPART_EVENT_A_TIME,
	RAMPART_EVENT_A_RULE,
	RAMPART_EVENT_A_SERVICE,
	RAMPART_EVENT_A_ACTION,
	RAMPART_EVENT_A_FAMILY,
	RAMPART_EVENT_A_PROTO,
	RAMPART_EVENT_A_SRC,
	RAMPART_EVENT_A_DST,
	RAMPART_EVENT_A_SPORT,
	RAMPART_EVENT_A_DPORT,
	RAMPART_EVENT_A_IFINDEX_IN,
	RAMPART_EVENT_A_IFINDEX_OUT,
	RAMPART_EVENT_A_REASON,
	RAMPART_EVENT_A_TEXT,
	RAMPART_EVENT_A_CONN_ID,
	RAMPART_EVENT_A_SUPPRESSED,
	RAMPART_EVENT_A_PAD,
	__RAMPART_EVENT_A_MAX
};
#define RAMPART_EVENT_A_MAX (__RAMPART_EVENT_A_MAX - 1)

enum rampart_event_type {
	RAMPART_EVENT_ACCEPT = 1,	/* new connection accepted by a log rule */
	RAMPART_EVENT_DROP = 2,		/* dropped: log rule, out of state */
	RAMPART_EVENT_REJECT = 3,	/* rejected by a log rule */
	RAMPART_EVENT_LATE_PASS = 4,	/* late packet passed under grace */
	RAMPART_EVENT_REMOVED = 5,	/* connection removed by a policy install */
	RAMPART_EVENT_SMTP = 6,		/* an SMTP inspection check failed */
};

enum rampart_monitor_attr {
	RAMPART_MON_A_UNSPEC,
	RAMPART_MON_A_POSITIONS,
	RAMPART_MON_A_FILTER,
	RAMPART_MON_A_SNAPLEN,
	RAMPART_MON_A_FLAGS,
	RAMPART_MON_A_COUNT,
	__RAMPART_MON_A_MAX
};
#define RAMPART_MON_A_MAX (__RAMPART_MON_A_MAX - 1)

enum rampart_monitor_stats_attr {
	RAMPART_MS_A_UNSPEC,
	RAMPART_MS_A_RECORDS,
	RAMPART_MS_A_LOST,
	RAMPART_MS_A_PAD,
	__RAMPART_MS_A_MAX
};
#define RAMPART_MS_A_MAX (__RAMPART_MS_A_MAX - 1)

enum rampart_record_attr {
	RAMPART_REC_A_UNSPEC,
	RAMPART_REC_A_TIME,
	RAMPART_REC_A_FAMILY,
	RAMPART_REC_A_HOOK,
	RAMPART_REC_A_DIR,
	RAMPART_REC_A_POSITION,
	RAMPART_REC_A_LETTER,
	RAMPART_REC_A_IFINDEX_IN,
	RAMPART_REC_A_IFINDEX_OUT,
	RAMPART_REC_A_IFNAME_IN,
	RAMPART_REC_A_IFNAME_OUT,
	RAMPART_REC_A_VERDICT,
	RAMPART_REC_A_REASON,
	RAMPART_REC_A_TEXT,
	RAMPART_REC_A_RULE,
	RAMPART_REC_A_CONN_ID,
	RAMPART_REC_A_LEN,
	RAMPART_REC_A_DATA,
	RAMPART_REC_A_PAD,
	__RAMPART_REC_A_MAX
};
#define RAMPART_REC_A_MAX (__RAMPART_REC_A_MAX - 1)

/* A chain position in RAMPART_MON_A_POSITIONS: 16 bits per chain. */
#define RAMPART_MON_POS(dir, index) \
	(1U << (((dir) == RAMPART_DIR_OUT ? 16 : 0) + (index)))
#define RAMPART_MON_F_DROPS_ONLY	(1U << 0) /* records of dropped packets only */
#define RAMPART_MON_F_ALL		RAMPART_MON_F_DROPS_ONLY
#define RAMPART_MON_FILTER_MAX		4096	/* BPF_MAXINSNS */
#define RAMPART_MON_SNAPLEN_MAX		65535
#define RAMPART_MON_SESSIONS_MAX	64	/* per namespace */

/* What the stage at a record's position decided. */
enum rampart_mon_verdict {
	RAMPART_MON_ACCEPT = 1,		/* passed on to the next stage */
	RAMPART_MON_DROP = 2,		/* dropped there */
	RAMPART_MON_OTHER = 3,		/* taken over (stolen, queued) */
};

/* RAMPART_A_POLICY_FLAGS of POLICY_COMMIT */
#define RAMPART_POLICY_F_VERIFY_ONLY		(1U << 0) /* check, install nothing */
#define RAMPART_POLICY_F_KEEP_CONNECTIONS	(1U << 1) /* no re-match of the table */
#define RAMPART_POLICY_F_ALL	(RAMPART_POLICY_F_VERIFY_ONLY | \
				 RAMPART_POLICY_F_KEEP_CONNECTIONS)

/* Limits of a policy transaction. */
#define RAMPART_POLICY_NAME_MAX		63	/* bytes in a name */
#define RAMPART_POLICY_MAX_RULES	65535
#define RAMPART_POLICY_MAX_OBJECTS	65535	/* also services, smtp resources */

enum rampart_object_kind {
	RAMPART_OBJ_HOST = 1,
	RAMPART_OBJ_NETWORK = 2,
	RAMPART_OBJ_RANGE = 3,
	RAMPART_OBJ_GROUP = 4,
};

enum rampart_action {
	RAMPART_ACTION_ACCEPT = 1,
	RAMPART_ACTION_DROP = 2,
	RAMPART_ACTION_REJECT = 3,
};

enum rampart_track {
	RAMPART_TRACK_NONE = 0,
	RAMPART_TRACK_LOG = 1,
};

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
	/* the rulebase and pseudo-connections (kmod/fw.c) */
	RAMPART_DROP_NO_RULE = 32,		/* implicit final drop */
	RAMPART_DROP_RULE_DROP = 33,		/* a rule with action drop */
	RAMPART_DROP_RULE_REJECT = 34,		/* a rule with action reject */
	RAMPART_DROP_ICMP_ERROR_UNTRACKED = 35,	/* embedded header not tracked */
	RAMPART_DROP_ICMP_OUT_OF_STATE = 36,	/* echo reply without request */
	RAMPART_DROP_CONN_NO_MEMORY = 37,	/* no memory for a new entry */
	/* SMTP inspection (kmod/smtp.c): 38 + check - 1 for each check */
	RAMPART_DROP_SMTP_VERB = 38,
	RAMPART_DROP_SMTP_LINE = 39,
	RAMPART_DROP_SMTP_REPLY_LINE = 40,
	RAMPART_DROP_SMTP_RCPTS = 41,
	RAMPART_DROP_SMTP_SIZE = 42,
	RAMPART_DROP_SMTP_STARTTLS = 43,
	RAMPART_DROP_SMTP_SENDER = 44,
	RAMPART_DROP_SMTP_RECIPIENT = 45,
	RAMPART_DROP_SMTP_SMUGGLING = 46,
	RAMPART_DROP_SMTP_SYNC = 47,
	RAMPART_DROP_SMTP_GAP = 48,		/* segment beyond a gap */
	RAMPART_DROP_SMTP_NO_MEMORY = 49,	/* no memory for the state */
	RAMPART_DROP_SMTP_REFUSED = 50,		/* later segment of a refused session */
	RAMPART_DROP_TCP_BAD_CHECKSUM = 51,	/* a RST, or a segment to inspect */
	RAMPART_DROP_SMTP_SYN_DATA = 52,	/* payload on a SYN of an inspected session */
	RAMPART_DROP_SMTP_REWRITE = 53,		/* other bytes than the inspected ones */
	RAMPART_DROP_SMTP_UNCHECKABLE = 54,	/* overlaps them, not on their boundaries */
	RAMPART_DROP_SMTP_UNACKED = 55,		/* too many inspected, unacknowledged */
	RAMPART_DROP_SMTP_UNMASKABLE = 56,	/* greeting lines beyond what is masked */
	__RAMPART_DROP_MAX
};
#define RAMPART_DROP_MAX (__RAMPART_DROP_MAX - 1)

#endif /* _UAPI_LINUX_RAMPART_H */
