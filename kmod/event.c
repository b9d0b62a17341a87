// SPDX-License-Identifier: GPL-2.0
/*
 * Events on the "events" multicast group: what `track log' rules accepted,
 * dropped or rejected, every out-of-state drop with its explanation, late
 * packets passed under grace, connections a policy install removed. An
 * event is built only while someone listens in the namespace, and at most
 * RAMPART_EVENT_RATE per second: a flood of bad packets must not turn into
 * a flood of netlink messages. Events lost to the limit are counted and
 * reported in the next one.
 */
#include <linux/ktime.h>
#include <linux/ratelimit.h>
#include <net/genetlink.h>

#include "rampart.h"

void rampart_event_net_init(struct rampart_net *rn)
{
	ratelimit_state_init(&rn->event_rs, HZ, RAMPART_EVENT_RATE);
	ratelimit_set_flags(&rn->event_rs, RATELIMIT_MSG_ON_RELEASE);
	atomic_set(&rn->event_suppressed, 0);
}
RAMPART_EXPORT_FOR_TESTS(rampart_event_net_init);

bool rampart_event_wanted(struct rampart_net *rn)
{
	if (!rampart_genl_event_wanted(rn->net))
		return false;
	if (__ratelimit(&rn->event_rs))
		return true;
	atomic_inc(&rn->event_suppressed);
	return false;
}

static int put_addr(struct sk_buff *msg, int type, const u8 *addr)
{
	return nla_put(msg, type, 16, addr);
}

static int fill(struct sk_buff *msg, struct rampart_net *rn,
		const struct rampart_event *ev)
{
	struct nlattr *nest = nla_nest_start(msg, RAMPART_A_EVENT);
	u32 lost = atomic_xchg(&rn->event_suppressed, 0);

	if (!nest ||
	    nla_put_u8(msg, RAMPART_EVENT_A_TYPE, ev->type) ||
	    nla_put_u64_64bit(msg, RAMPART_EVENT_A_TIME, ktime_get_real_ns(),
			      RAMPART_EVENT_A_PAD) ||
	    nla_put_u32(msg, RAMPART_EVENT_A_RULE, ev->rule) ||
	    (ev->service && nla_put_string(msg, RAMPART_EVENT_A_SERVICE, ev->service)) ||
	    (ev->action && nla_put_u8(msg, RAMPART_EVENT_A_ACTION, ev->action)) ||
	    nla_put_u8(msg, RAMPART_EVENT_A_FAMILY, ev->family) ||
	    nla_put_u8(msg, RAMPART_EVENT_A_PROTO, ev->proto) ||
	    put_addr(msg, RAMPART_EVENT_A_SRC, ev->src) ||
	    put_addr(msg, RAMPART_EVENT_A_DST, ev->dst) ||
	    nla_put_u16(msg, RAMPART_EVENT_A_SPORT, ev->sport) ||
	    nla_put_u16(msg, RAMPART_EVENT_A_DPORT, ev->dport) ||
	    nla_put_u32(msg, RAMPART_EVENT_A_IFINDEX_IN, ev->ifindex_in) ||
	    nla_put_u32(msg, RAMPART_EVENT_A_IFINDEX_OUT, ev->ifindex_out) ||
	    (ev->reason && nla_put_u32(msg, RAMPART_EVENT_A_REASON, ev->reason)) ||
	    (ev->text && nla_put_string(msg, RAMPART_EVENT_A_TEXT, ev->text)) ||
	    (ev->conn_id && nla_put_u32(msg, RAMPART_EVENT_A_CONN_ID, ev->conn_id)) ||
	    (lost && nla_put_u32(msg, RAMPART_EVENT_A_SUPPRESSED, lost))) {
		atomic_add(lost, &rn->event_suppressed);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

void rampart_event_send(struct rampart_net *rn, const struct rampart_event *ev)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		goto lost;
	hdr = genlmsg_put(msg, 0, 0, &rampart_genl_family, 0, RAMPART_CMD_EVENT);
	if (!hdr || fill(msg, rn, ev)) {
		nlmsg_free(msg);
		goto lost;
	}
	genlmsg_end(msg, hdr);
	rampart_genl_event_send(rn->net, msg);
	return;
lost:
	atomic_inc(&rn->event_suppressed);
}
