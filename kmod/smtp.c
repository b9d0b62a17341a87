// SPDX-License-Identifier: GPL-2.0
/*
 * The smtp stage: runs the SMTP stream parser (kmod/core/smtp.c) over the
 * payload of connections accepted by a rule with `inspect NAME', and
 * carries out what it says.
 *
 * State is allocated at the connection's SYN, only when its rule inspects,
 * and freed with the connection. Each direction's bytes are fed in sequence
 * order under the state's lock: bytes seen before (a retransmission) pass
 * untouched, a partly new segment has only its new bytes fed, and a
 * segment that starts beyond the next expected byte is dropped (the sender
 * retransmits in order). Nothing is held or queued.
 *
 * Verdicts: log sends an event and passes; reject drops the segment,
 * answers the client from the server's address with the parser's reply and
 * a FIN in the client's own stream, and resets the server; reset resets
 * both sides. After either, the connection's payload is dropped until it is
 * gone. Banner mask rewrites the greeting in place, same length, and does
 * the same to a retransmission of it.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/random.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "rampart.h"
#include "smtp.h"
#include "core/reason.h"
#include "core/smtp.h"
#include "core/stream.h"

/* Set while this CPU sends a packet of its own: our chains pass it. */
DEFINE_PER_CPU(unsigned int, rampart_smtp_sending);

#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit: when set, what would be sent is handed to it instead. */
void (*rampart_smtp_test_xmit)(struct sk_buff *skb);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_test_xmit);
#endif

#define SMTP_MASK_RUNS	16	/* masked runs (greeting lines) remembered */
#define SMTP_TEXT_MAX	256
#define SMTP_WINDOW	8192	/* advertised in what Rampart sends */

struct smtp_mask_run {
	u32 seq, len;		/* server stream sequence numbers */
};

/*
 * Everything after the lock is the inspection state of one TCP connection:
 * a new connection on the same entry (a port reused after TIME_WAIT)
 * starts it over (smtp_conn_restart()).
 */
struct rampart_smtp_conn {
	spinlock_t lock;
	u32 next[2];		/* next stream byte, by RAMPART_SMTP_CLIENT/_SERVER */
	u8 known;		/* bit per direction: next[] is set (SYN seen) */
	u8 n_masks;
	u16 dead;		/* drop reason after a reject or reset; 0: alive */
	bool sink;		/* after a reject: client data acknowledged, dropped */
	u32 sink_seq;		/* toward the client: after the reply's FIN */
	u32 sink_ack;		/* client bytes acknowledged so far */
	struct smtp_mask_run masks[SMTP_MASK_RUNS];
	/*
	 * A greeting with more lines to mask than masks[] holds: the server's
	 * segments from masks_lost_seq on are dropped (reason 56), first
	 * copies and retransmissions alike.
	 */
	bool masks_lost;
	u32 masks_lost_seq;
	struct rampart_smtp_state st;
	/*
	 * What the client sent and the parser read, until acknowledged: an
	 * allocation of its own (3 KiB), made and freed with this one.
	 */
	struct rampart_stream *sent;
};

/* The secret point the stream hashes are evaluated at (core/stream.c). */
static u64 smtp_stream_key __read_mostly;

void rampart_smtp_init_key(void)
{
	smtp_stream_key = rampart_stream_key(get_random_u64());
}

/* What the stage knows of one TCP segment. */
struct smtp_pkt {
	u8 family;
	u8 saddr[16], daddr[16];	/* IPv4 in the first 4 bytes */
	__be16 sport, dport;
	unsigned int l4off;		/* from the network header */
	unsigned int poff;		/* payload, from skb->data */
	u32 len;			/* payload bytes */
	u32 seq, ack;
	u8 flags;			/* RAMPART_TCP_* */
	int hook;
};

/* What to send once the lock is dropped. */
struct smtp_plan {
	const struct rampart_smtp_result *res;
	u8 action;
	bool from_client;		/* the dropped segment's sender */
	u32 reply_seq, reply_ack;	/* toward the client, as the server */
	u32 srv_seq, srv_ack;		/* toward the server, as the client */
	char reply[RAMPART_SMTP_REPLY_MAX];
	unsigned int reply_len;
};

static struct rampart_smtp_conn *smtp_conn_new(void)
{
	struct rampart_smtp_conn *g;

	/* The lock's size depends on the kernel's debugging options. */
	BUILD_BUG_ON(sizeof(*g) - sizeof(g->lock) > 2048 - 64);
	g = kzalloc(sizeof(*g), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!g)
		return NULL;
	g->sent = kmalloc(sizeof(*g->sent), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!g->sent) {
		kfree(g);
		return NULL;
	}
	spin_lock_init(&g->lock);
	rampart_smtp_init(&g->st);
	return g;
}

void rampart_smtp_conn_free(struct rampart_smtp_conn *g)
{
	if (g)
		kfree(g->sent);
	kfree(g);
}

/* A new connection on the entry: nothing of the old one's state is kept. */
static void smtp_conn_restart(struct rampart_smtp_conn *g)
{
	size_t keep = offsetof(struct rampart_smtp_conn, next);
	struct rampart_stream *sent = g->sent;

	memset((u8 *)g + keep, 0, sizeof(*g) - keep);
	g->sent = sent;		/* started again with the next SYN's position */
	rampart_smtp_init(&g->st);
}

/* The hash of n payload bytes from @off on (skb data may be paged). */
static u64 smtp_hash(struct sk_buff *skb, const struct smtp_pkt *pk, u32 off, u32 n,
		     u64 h)
{
	struct skb_seq_state sq;
	const u8 *data;
	u32 pos = 0, got;

	if (!n)
		return h;
	skb_prepare_seq_read(skb, pk->poff + off, pk->poff + off + n, &sq);
	/* A block may reach past the upper bound: only n bytes count. */
	while (pos < n && (got = skb_seq_read(pos, &data, &sq)) != 0) {
		got = min(got, n - pos);
		h = rampart_stream_extend(smtp_stream_key, h, data, got);
		pos += got;
	}
	skb_abort_seq_read(&sq);
	return h;
}

/*
 * Where a retransmission may start and end: at the end of each segment the
 * sender sent. A GSO skb (segments merged by GRO on the way in) holds
 * segments of gso_size bytes; each gets its mark.
 */
static u32 smtp_step(const struct sk_buff *skb)
{
	return skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : 0;
}

static unsigned int smtp_marks(const struct sk_buff *skb, const struct smtp_pkt *pk, u32 off)
{
	u32 step = smtp_step(skb);

	return step ? DIV_ROUND_UP(pk->len, step) - off / step : 1;
}

/* The client's bytes from @off on were inspected: mark where they end. */
static void smtp_record(struct rampart_smtp_conn *g, struct sk_buff *skb,
			const struct smtp_pkt *pk, u32 off)
{
	u64 h = rampart_stream_prefix(g->sent);
	u32 step = smtp_step(skb), end;

	while (off < pk->len) {
		end = step ? min(pk->len, (off / step + 1) * step) : pk->len;
		h = smtp_hash(skb, pk, off, end - off, h);
		rampart_stream_mark(g->sent, pk->seq + end, h);
		off = end;
	}
}

/*
 * A client segment whose first @overlap bytes were inspected before: what
 * the server will take of them must be what the parser read. Bytes before
 * the oldest mark are acknowledged (the server discards them again).
 */
static enum rampart_drop_reason smtp_same_bytes(struct rampart_smtp_conn *g,
						struct sk_buff *skb,
						const struct smtp_pkt *pk, u32 overlap)
{
	u32 from = pk->seq, to = pk->seq + overlap, skip = 0;
	u32 first = rampart_stream_first(g->sent);

	if ((s32)(to - first) <= 0)
		return RAMPART_DROP_NONE;	/* all acknowledged */
	if ((s32)(first - from) > 0) {
		skip = first - from;
		from = first;
	}
	switch (rampart_stream_check(g->sent, smtp_stream_key, from, to,
				     smtp_hash(skb, pk, skip, overlap - skip, 0))) {
	case RAMPART_STREAM_OK:
		return RAMPART_DROP_NONE;
	case RAMPART_STREAM_DIFFERS:
		return RAMPART_DROP_SMTP_REWRITE;
	default:
		return RAMPART_DROP_SMTP_UNCHECKABLE;
	}
}

static bool smtp_parse(struct sk_buff *skb, const struct nf_hook_state *state,
		       struct smtp_pkt *pk)
{
	unsigned int noff = skb_network_offset(skb), thlen;
	struct rampart_pkt_info info;
	const struct tcphdr *th;
	struct tcphdr buf;

	pk->family = state->pf == NFPROTO_IPV6 ? 6 : 4;
	if (rampart_sanity_skb(skb, pk->family, &info) || info.l4proto != IPPROTO_TCP)
		return false;
	th = skb_header_pointer(skb, noff + info.l4off, sizeof(buf), &buf);
	if (!th)
		return false;
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) || info.l4len < thlen)
		return false;
	rampart_skb_addrs(skb, pk->family, pk->saddr, pk->daddr);
	pk->sport = th->source;
	pk->dport = th->dest;
	pk->l4off = info.l4off;
	pk->poff = noff + info.l4off + thlen;
	pk->len = skb_is_gso(skb) ? skb->len - pk->poff : info.l4len - thlen;
	pk->seq = ntohl(th->seq);
	pk->ack = ntohl(th->ack_seq);
	pk->flags = ((const u8 *)th)[13];
	pk->hook = state->hook;
	return true;
}

/* ---- sending: a reply to the client, resets ---- */

static struct sk_buff *smtp_skb_v4(struct net *net, const u8 *saddr, const u8 *daddr,
				   unsigned int tcplen)
{
	struct sk_buff *nskb;
	struct iphdr *iph;

	nskb = alloc_skb(LL_MAX_HEADER + sizeof(*iph) + tcplen, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, LL_MAX_HEADER);
	skb_reset_network_header(nskb);
	iph = skb_put_zero(nskb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->frag_off = htons(IP_DF);
	iph->ttl = READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
	iph->protocol = IPPROTO_TCP;
	memcpy(&iph->saddr, saddr, 4);
	memcpy(&iph->daddr, daddr, 4);
	iph->tot_len = htons(sizeof(*iph) + tcplen);
	ip_send_check(iph);
	nskb->protocol = htons(ETH_P_IP);
	skb_set_transport_header(nskb, sizeof(*iph));
	return nskb;
}

static struct sk_buff *smtp_skb_v6(struct net *net, const u8 *saddr, const u8 *daddr,
				   unsigned int tcplen)
{
	struct sk_buff *nskb;
	struct ipv6hdr *ip6h;

	nskb = alloc_skb(LL_MAX_HEADER + sizeof(*ip6h) + tcplen, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, LL_MAX_HEADER);
	skb_reset_network_header(nskb);
	ip6h = skb_put_zero(nskb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(tcplen);
	ip6h->nexthdr = IPPROTO_TCP;
	ip6h->hop_limit = 64;
	memcpy(&ip6h->saddr, saddr, 16);
	memcpy(&ip6h->daddr, daddr, 16);
	nskb->protocol = htons(ETH_P_IPV6);
	skb_set_transport_header(nskb, sizeof(*ip6h));
	return nskb;
}

static int smtp_route_v4(struct net *net, struct sk_buff *nskb)
{
	struct dst_entry *dst = NULL;
	struct flowi fl;

	memset(&fl, 0, sizeof(fl));
	fl.u.ip4.daddr = ip_hdr(nskb)->daddr;
	nf_ip_route(net, &dst, &fl, false);
	if (!dst)
		return -EHOSTUNREACH;
	skb_dst_set(nskb, dst);
	/* A source address that is not ours (forwarded traffic) is allowed. */
	return ip_route_me_harder(net, NULL, nskb, RTN_UNSPEC);
}

static int smtp_route_v6(struct net *net, struct sk_buff *nskb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(nskb);
	const struct tcphdr *th = tcp_hdr(nskb);
	struct dst_entry *dst;
	struct flowi6 fl6;

	memset(&fl6, 0, sizeof(fl6));
	fl6.flowi6_proto = IPPROTO_TCP;
	fl6.saddr = ip6h->saddr;
	fl6.daddr = ip6h->daddr;
	fl6.fl6_sport = th->source;
	fl6.fl6_dport = th->dest;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return -EHOSTUNREACH;
	}
	dst = xfrm_lookup(net, dst, flowi6_to_flowi(&fl6), NULL, 0);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	skb_dst_set(nskb, dst);
	return 0;
}

/*
 * Send one TCP segment of the connection: toward the packet's sender
 * (reverse) or on toward its receiver, with the addresses of the other
 * end, so it reads as coming from that end.
 */
static void smtp_xmit(struct net *net, const struct smtp_pkt *pk, bool reverse,
		      u32 seq, u32 ack, u8 flags, const char *data, unsigned int len)
{
	const u8 *saddr = reverse ? pk->daddr : pk->saddr;
	const u8 *daddr = reverse ? pk->saddr : pk->daddr;
	unsigned int tcplen = sizeof(struct tcphdr) + len;
	struct sk_buff *nskb;
	struct tcphdr *th;
	__wsum csum;
	int err;

	nskb = pk->family == 4 ? smtp_skb_v4(net, saddr, daddr, tcplen) :
				 smtp_skb_v6(net, saddr, daddr, tcplen);
	if (!nskb)
		return;
	th = skb_put_zero(nskb, sizeof(*th));
	th->source = reverse ? pk->dport : pk->sport;
	th->dest = reverse ? pk->sport : pk->dport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = sizeof(*th) / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(flags & RAMPART_TCP_RST ? 0 : SMTP_WINDOW);
	if (len)
		skb_put_data(nskb, data, len);
	csum = csum_partial(th, tcplen, 0);
	if (pk->family == 4)
		th->check = csum_tcpudp_magic(ip_hdr(nskb)->saddr, ip_hdr(nskb)->daddr,
					      tcplen, IPPROTO_TCP, csum);
	else
		th->check = csum_ipv6_magic(&ipv6_hdr(nskb)->saddr, &ipv6_hdr(nskb)->daddr,
					    tcplen, IPPROTO_TCP, csum);
	nskb->ip_summed = CHECKSUM_NONE;

#if IS_ENABLED(CONFIG_KUNIT)
	if (READ_ONCE(rampart_smtp_test_xmit)) {
		rampart_smtp_test_xmit(nskb);
		return;
	}
#endif
	local_bh_disable();
	this_cpu_inc(rampart_smtp_sending);
	err = pk->family == 4 ? smtp_route_v4(net, nskb) : smtp_route_v6(net, nskb);
	if (!err && nskb->len > dst_mtu(skb_dst(nskb)))
		err = -EMSGSIZE;
	if (err)
		kfree_skb(nskb);
	else if (pk->family == 4)
		ip_local_out(net, NULL, nskb);
	else
		ip6_local_out(net, NULL, nskb);
	this_cpu_dec(rampart_smtp_sending);
	local_bh_enable();
}

/*
 * A segment Rampart sent as the server, tracked as if the server had sent
 * it (the reply and its FIN, an acknowledgement), so that what the client
 * answers fits the tracked windows.
 */
static void smtp_track_server(struct rampart_conn *c, u32 seq, u32 ack, u32 len, u8 flags)
{
	struct rampart_tcp_seg seg = {
		.seq = seq,
		.ack = ack,
		.payload_len = len,
		.win = SMTP_WINDOW,
		.flags = flags,
	};
	struct rampart_track_result res;

	spin_lock_bh(&c->lock);
	rampart_tcp_track(&c->track, RAMPART_DIR_REPLY, &seg, &res);
	spin_unlock_bh(&c->lock);
}

static void smtp_carry_out(struct rampart_net *rn, struct rampart_conn *c,
			   const struct smtp_pkt *pk, const struct smtp_plan *pl)
{
	bool to_client_reverse = pl->from_client;
	u8 ackf = RAMPART_TCP_ACK;

	if (pl->action == RAMPART_SMTP_REJECT) {
		u8 flags = ackf | RAMPART_TCP_PSH | RAMPART_TCP_FIN;

		smtp_track_server(c, pl->reply_seq, pl->reply_ack, pl->reply_len, flags);
		smtp_xmit(rn->net, pk, to_client_reverse, pl->reply_seq, pl->reply_ack,
			  flags, pl->reply, pl->reply_len);
	} else {
		smtp_xmit(rn->net, pk, to_client_reverse, pl->reply_seq, pl->reply_ack,
			  ackf | RAMPART_TCP_RST, NULL, 0);
	}
	smtp_xmit(rn->net, pk, !to_client_reverse, pl->srv_seq, pl->srv_ack,
		  ackf | RAMPART_TCP_RST, NULL, 0);
	if (pl->action == RAMPART_SMTP_RESET) {
		struct in6_addr from;

		memcpy(&from, pk->saddr, sizeof(from));
		rampart_conn_remove(&rn->conns, c, RAMPART_REMOVED_RST, &from, jiffies);
	}
}

/*
 * After a reject the client may still be writing (a message body, say)
 * and reads the reply only when done: each segment it sends with payload
 * or FIN is acknowledged, from the server's address, and dropped, so that
 * its writes end, it reads the reply instead of timing out, and its close
 * completes.
 */
static void smtp_sink_ack(struct rampart_net *rn, struct rampart_conn *c,
			  const struct smtp_pkt *pk, u32 seq, u32 ack)
{
	smtp_track_server(c, seq, ack, 0, RAMPART_TCP_ACK);
	smtp_xmit(rn->net, pk, true, seq, ack, RAMPART_TCP_ACK, NULL, 0);
}

/* ---- banner mask ---- */

/*
 * Remember a masked run; a greeting with more runs (lines) than masks[]
 * holds marks where the first one left out begins: from there on its
 * bytes can never be masked again, so none of them passes (in the clear).
 */
static void smtp_note_mask(struct rampart_smtp_conn *g, u32 seq, u32 len)
{
	struct smtp_mask_run *last = g->n_masks ? &g->masks[g->n_masks - 1] : NULL;

	if (last && last->seq + last->len == seq) {
		last->len += len;
	} else if (g->n_masks < SMTP_MASK_RUNS) {
		g->masks[g->n_masks++] = (struct smtp_mask_run){ seq, len };
	} else if (!g->masks_lost) {
		g->masks_lost = true;
		g->masks_lost_seq = seq;
	}
}

/* Payload ranges [off, off + len) of this segment to mask; under g->lock. */
static unsigned int smtp_mask_ranges(const struct rampart_smtp_conn *g,
				     const struct smtp_pkt *pk,
				     struct smtp_mask_run *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < g->n_masks; i++) {
		s32 from = (s32)(g->masks[i].seq - pk->seq);
		s32 to = from + (s32)g->masks[i].len;

		from = max_t(s32, from, 0);
		to = min_t(s32, to, (s32)pk->len);
		if (from < to)
			out[n++] = (struct smtp_mask_run){ from, to - from };
	}
	return n;
}

/*
 * Overwrite the runs with '*' and amend the TCP checksum by the difference
 * of what was there and what is there now (RFC 1624): the checksum stays
 * exactly as right or wrong as it came (the stage checked it), and no more
 * than the masked bytes are read again.
 */
static int smtp_apply_masks(struct sk_buff *skb, const struct smtp_pkt *pk,
			    const struct smtp_mask_run *runs, unsigned int n)
{
	unsigned int i, thoff = skb_network_offset(skb) + pk->l4off;
	__wsum diff = 0;
	u8 *data;

	if (skb_ensure_writable(skb, pk->poff + pk->len))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		__wsum was;

		data = skb->data + pk->poff + runs[i].seq;
		was = csum_partial(data, runs[i].len, 0);
		memset(data, '*', runs[i].len);
		/* An odd offset in the segment sums its bytes swapped. */
		diff = csum_block_add(diff, csum_sub(csum_partial(data, runs[i].len, 0), was),
				      pk->poff - thoff + runs[i].seq);
	}
	/*
	 * As inet_proto_csum_replace_by_diff() without the pseudo-header (its
	 * arguments differ among 6.1 kernels). Partial: the payload is summed
	 * on the way out, the field holds none of it. Complete: the sum over
	 * the segment is unchanged, field included.
	 */
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		csum_replace_by_diff(&((struct tcphdr *)(skb->data + thoff))->check, diff);
	return 0;
}

/* ---- violations ---- */

static enum rampart_drop_reason smtp_reason(unsigned int check)
{
	return RAMPART_DROP_SMTP_VERB + check - RAMPART_SMTP_CHECK_VERB;
}

static void smtp_text(char *buf, size_t size, const struct rampart_smtp *m,
		      const struct rampart_smtp_result *res, const char *reply)
{
	int n;

	n = scnprintf(buf, size, "smtp %s: %s (check %s, command %s, action %s",
		      m->id.name, rampart_drop_reason_text(smtp_reason(res->check)),
		      rampart_smtp_check_name(res->check),
		      res->verb[0] ? res->verb : "none",
		      rampart_smtp_action_name(res->action));
	if (reply && reply[0])
		n += scnprintf(buf + n, size - n, ", reply \"%.*s\"",
			       (int)strcspn(reply, "\r\n"), reply);
	scnprintf(buf + n, size - n, ")");
}

static void smtp_event(struct rampart_net *rn, const struct smtp_pkt *pk,
		       const struct rampart_conn *c, const char *text, u32 reason)
{
	struct rampart_event ev = {
		.type = RAMPART_EVENT_SMTP,
		.family = pk->family,
		.proto = IPPROTO_TCP,
		.rule = c->rule,
		.src = pk->saddr,
		.dst = pk->daddr,
		.sport = ntohs(pk->sport),
		.dport = ntohs(pk->dport),
		.reason = reason,
		.text = text,
		.conn_id = c->id,
	};

	rampart_event_send(rn, &ev);
}

static noinline_for_stack void smtp_log(struct rampart_net *rn, const struct smtp_pkt *pk,
					 const struct rampart_conn *c,
					 const struct rampart_smtp *m,
					 const struct rampart_smtp_result *res)
{
	char text[SMTP_TEXT_MAX];

	smtp_text(text, sizeof(text), m, res, NULL);
	smtp_event(rn, pk, c, text, smtp_reason(res->check));
}

/*
 * Feed the new bytes of a segment, from payload offset off, where they lie
 * (the linear part, each page fragment, the frag_list skbs: nothing is
 * copied). Stops at a violation whose action is not log (*violation set).
 * Under g->lock.
 */
static noinline_for_stack void smtp_feed(struct rampart_net *rn, struct sk_buff *skb,
		      const struct smtp_pkt *pk, const struct rampart_conn *c,
		      struct rampart_smtp_conn *g, const struct rampart_smtp *m,
		      unsigned int sdir, u32 off, struct rampart_smtp_result *res,
		      bool *violation)
{
	struct skb_seq_state sq;
	const u8 *data;
	u32 pos = off, n;

	skb_prepare_seq_read(skb, pk->poff + off, pk->poff + pk->len, &sq);
	while (rampart_smtp_inspecting(&g->st) &&
	       (n = skb_seq_read(pos - off, &data, &sq)) != 0) {
		u32 used = 0;

		while (used < n && rampart_smtp_inspecting(&g->st)) {
			u32 at = used;

			used += rampart_smtp_feed(&g->st, &m->cfg, sdir, data + at, n - at, res);
			if (res->mask_len)
				smtp_note_mask(g, pk->seq + pos + at + res->mask_off,
					       res->mask_len);
			if (res->check == RAMPART_SMTP_CHECK_NONE)
				continue;
			if (res->action != RAMPART_SMTP_LOG) {
				*violation = true;
				goto out;
			}
			if (rampart_event_wanted(rn))
				smtp_log(rn, pk, c, m, res);
		}
		pos += n;
	}
out:
	skb_abort_seq_read(&sq);
}

/*
 * The verdict on a client's segment answered in the server's place (by the
 * reject reply, or by the refused session's sink). Forwarded, it is
 * dropped; sent by a client on this host (the out chain inspects only
 * those), it is taken, so that the client's TCP counts it sent and takes
 * the answer that acknowledges it.
 */
static unsigned int smtp_answered(const struct smtp_pkt *pk, unsigned int verdict)
{
	if (verdict == NF_DROP && pk->hook == NF_INET_POST_ROUTING)
		return RAMPART_VERDICT_TAKEN;
	return verdict;
}

/* Reply or reset, report, and drop the segment. */
static noinline_for_stack unsigned int smtp_violation(struct rampart_net *rn,
						      const struct rampart_chain_stage *st,
						      const struct smtp_pkt *pk,
						      struct rampart_conn *c,
						      const struct rampart_smtp *m,
						      struct smtp_plan *plan)
{
	const struct rampart_smtp_result *res = plan->res;
	char text[SMTP_TEXT_MAX];

	smtp_text(text, sizeof(text), m, res, plan->reply);
	smtp_carry_out(rn, c, pk, plan);
	if (rampart_event_wanted(rn))
		smtp_event(rn, pk, c, text, smtp_reason(res->check));
	rampart_monitor_note_conn(rn, st, c->rule, c->id);
	if (plan->from_client && plan->action == RAMPART_SMTP_REJECT)
		return smtp_answered(pk, rampart_drop_text(rn, st, smtp_reason(res->check),
							   text));
	return rampart_drop_text(rn, st, smtp_reason(res->check), text);
}

static unsigned int smtp_segment(struct rampart_net *rn, const struct rampart_chain_stage *st,
				 struct sk_buff *skb, const struct smtp_pkt *pk,
				 struct rampart_conn *c, struct rampart_smtp_conn *g,
				 const struct rampart_smtp *m, unsigned int sdir)
{
	struct smtp_mask_run runs[SMTP_MASK_RUNS];
	struct rampart_smtp_result res;
	struct smtp_plan plan;
	bool violation = false;
	unsigned int n_runs = 0;
	u32 seq = pk->seq, len = pk->len, off, sink_seq, sink_ack;
	u16 dead;
	s32 diff;

	/*
	 * No server takes the payload of a SYN once the stream has begun, and
	 * none of an SMTP client's SYN should carry any (the client speaks
	 * after the greeting): such a payload is never read, nor passed.
	 */
	if ((pk->flags & RAMPART_TCP_SYN) && len)
		return rampart_drop(rn, st, RAMPART_DROP_SMTP_SYN_DATA);

	spin_lock_bh(&g->lock);
	if (pk->flags & RAMPART_TCP_SYN) {
		seq++;
		/*
		 * The tracker started a new connection on the entry (a port
		 * reused after TIME_WAIT, a new ISN in the handshake): so
		 * does inspection. Any other SYN never moves the stream.
		 */
		if (sdir == RAMPART_SMTP_CLIENT && !(pk->flags & RAMPART_TCP_ACK) &&
		    (g->known & BIT(sdir)) && g->next[sdir] != seq &&
		    READ_ONCE(c->track.state) == RAMPART_CONN_SYN_SENT)
			smtp_conn_restart(g);
		if (!(g->known & BIT(sdir))) {
			g->next[sdir] = seq;
			g->known |= BIT(sdir);
			if (sdir == RAMPART_SMTP_CLIENT)
				rampart_stream_start(g->sent, seq);
		}
	}
	/* What the server acknowledged no retransmission can change. */
	if (sdir == RAMPART_SMTP_SERVER && (pk->flags & RAMPART_TCP_ACK) &&
	    (g->known & BIT(RAMPART_SMTP_CLIENT)))
		rampart_stream_ack(g->sent, pk->ack);
	dead = g->dead;
	if (dead && sdir == RAMPART_SMTP_CLIENT && g->sink &&
	    !(pk->flags & RAMPART_TCP_RST)) {
		/*
		 * The server was reset: none of the client's segments is for
		 * it any more (its answer would be a reset of the client).
		 */
		u32 end = seq + len + !!(pk->flags & RAMPART_TCP_FIN);
		bool answer = end != seq;

		if (answer && (s32)(end - g->sink_ack) > 0)
			g->sink_ack = end;
		sink_seq = g->sink_seq;
		sink_ack = g->sink_ack;
		spin_unlock_bh(&g->lock);
		if (!answer)
			return rampart_drop(rn, st, RAMPART_DROP_SMTP_REFUSED);
		smtp_sink_ack(rn, c, pk, sink_seq, sink_ack);
		return smtp_answered(pk, rampart_drop(rn, st, RAMPART_DROP_SMTP_REFUSED));
	}
	if (!len || !(g->known & BIT(sdir)) || dead) {
		spin_unlock_bh(&g->lock);
		return dead && len ? rampart_drop(rn, st, RAMPART_DROP_SMTP_REFUSED) :
				     NF_ACCEPT;
	}
	diff = (s32)(g->next[sdir] - seq);
	if (diff < 0) {
		spin_unlock_bh(&g->lock);
		return rampart_drop(rn, st, RAMPART_DROP_SMTP_GAP);
	}
	off = diff;
	if (sdir == RAMPART_SMTP_CLIENT) {
		enum rampart_drop_reason why = RAMPART_DROP_NONE;

		if (off)
			why = smtp_same_bytes(g, skb, pk, min(off, len));
		if (!why && off < len &&
		    !rampart_stream_room(g->sent, smtp_marks(skb, pk, off)))
			why = RAMPART_DROP_SMTP_UNACKED;	/* retransmitted later */
		if (why) {
			spin_unlock_bh(&g->lock);
			return rampart_drop(rn, st, why);
		}
	}
	if (off < len) {
		plan.reply_seq = g->next[RAMPART_SMTP_SERVER];
		plan.srv_seq = g->next[RAMPART_SMTP_CLIENT];
		smtp_feed(rn, skb, pk, c, g, m, sdir, off, &res, &violation);
		g->next[sdir] = seq + len;
		if (sdir == RAMPART_SMTP_CLIENT)
			smtp_record(g, skb, pk, off);
	}
	/* Greeting lines beyond what is remembered: never in the clear. */
	if (sdir == RAMPART_SMTP_SERVER && g->masks_lost &&
	    (s32)(seq + len - g->masks_lost_seq) > 0) {
		spin_unlock_bh(&g->lock);
		return rampart_drop(rn, st, RAMPART_DROP_SMTP_UNMASKABLE);
	}
	if (sdir == RAMPART_SMTP_SERVER && g->n_masks)
		n_runs = smtp_mask_ranges(g, pk, runs);
	if (violation) {
		g->dead = smtp_reason(res.check);
		plan.res = &res;
		plan.action = res.action;
		plan.from_client = sdir == RAMPART_SMTP_CLIENT;
		if (plan.from_client) {
			plan.reply_ack = seq + len;
			plan.srv_ack = plan.reply_seq;
		} else {
			plan.reply_seq = seq + off;
			plan.reply_ack = plan.srv_seq;
			plan.srv_ack = seq + len;
		}
		plan.reply[0] = '\0';
		plan.reply_len = 0;
		if (plan.action == RAMPART_SMTP_REJECT) {
			plan.reply_len = min_t(size_t, rampart_smtp_reply(plan.reply,
									  sizeof(plan.reply), &res,
									  &m->cfg, m->id.name),
					       sizeof(plan.reply) - 1);
			/* Set with dead, so no later client segment misses it. */
			g->sink_seq = plan.reply_seq + plan.reply_len + 1;
			g->sink_ack = plan.reply_ack;
			g->sink = true;
		}
	}
	spin_unlock_bh(&g->lock);

	if (violation)
		return smtp_violation(rn, st, pk, c, m, &plan);
	if (n_runs && smtp_apply_masks(skb, pk, runs, n_runs))
		return rampart_drop(rn, st, RAMPART_DROP_SMTP_NO_MEMORY);
	return NF_ACCEPT;
}

static bool smtp_forwarded(const struct sk_buff *skb, u8 pf)
{
	if (pf == NFPROTO_IPV4)
		return IPCB(skb)->flags & IPSKB_FORWARDED;
	return IP6CB(skb)->flags & IP6SKB_FORWARDED;
}

unsigned int rampart_stage_smtp(struct rampart_net *rn,
				const struct rampart_chain_stage *st,
				struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct rampart_policy *p = rcu_dereference(rn->policy);
	struct rampart_smtp_conn *g, *old;
	const struct rampart_smtp *m;
	struct rampart_conn_key key;
	struct rampart_conn *c;
	struct smtp_pkt pk;
	unsigned int side, sdir;
	u16 rule;

	/*
	 * Not what Rampart sends, nor loopback: a reply to a client on this
	 * host comes back in through lo, long after it was sent, and must
	 * reach the client (so must the acknowledgements of a refused
	 * session's sink).
	 */
	if (!p || !p->n_smtps || this_cpu_read(rampart_smtp_sending) ||
	    rampart_hook_loopback(state))
		return NF_ACCEPT;
	if (st->dir == RAMPART_DIR_OUT && smtp_forwarded(skb, state->pf))
		return NF_ACCEPT;	/* inspected in the in chain */
	if (!smtp_parse(skb, state, &pk))
		return NF_ACCEPT;
	rampart_conn_key_make(&key, pk.family, IPPROTO_TCP, pk.saddr, pk.daddr,
			      pk.sport, pk.dport, &side);
	c = rampart_conn_lookup(&rn->conns, &key);
	if (!c)
		return NF_ACCEPT;
	rule = rampart_fw_conn_rule(rn, p, c);
	if (!rule || rule > p->n_rules)
		return NF_ACCEPT;
	m = p->rules[rule - 1]->smtp;
	sdir = rampart_conn_dir(c, side) == RAMPART_DIR_ORIGINAL ?
	       RAMPART_SMTP_CLIENT : RAMPART_SMTP_SERVER;
	g = READ_ONCE(c->smtp);
	if (!g) {
		/* Only from the first SYN: the stream must be read from its start. */
		if (!m || sdir != RAMPART_SMTP_CLIENT ||
		    (pk.flags & (RAMPART_TCP_SYN | RAMPART_TCP_ACK)) != RAMPART_TCP_SYN)
			return NF_ACCEPT;
		g = smtp_conn_new();
		if (!g)
			return rampart_drop(rn, st, RAMPART_DROP_SMTP_NO_MEMORY);
		old = cmpxchg(&c->smtp, NULL, g);
		if (old) {
			rampart_smtp_conn_free(g);
			g = old;
		}
	}
	if (!m)
		return NF_ACCEPT;	/* the installed policy no longer inspects it */
	/* Only what the receiver will take is read (or trusted, for an ack). */
	if (nf_checksum(skb, state->hook, skb_network_offset(skb) + pk.l4off,
			IPPROTO_TCP, state->pf))
		return rampart_drop(rn, st, RAMPART_DROP_TCP_BAD_CHECKSUM);
	return smtp_segment(rn, st, skb, &pk, c, g, m, sdir);
}
RAMPART_EXPORT_FOR_TESTS(rampart_stage_smtp);
