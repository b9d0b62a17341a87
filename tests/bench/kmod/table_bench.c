// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: the cost of Rampart's connection table beside the kernel's
 * nf_conntrack doing the same work, in the same boot.
 *
 * At insmod, in process context. Memory: each table alone is filled with
 * `entries' distinct TCP connections (from 198.18.0.0/15, RFC 2544's
 * benchmarking range) and the slab growth is measured, then it is emptied.
 * Time: both tables are filled again side by side, taking turns batch by
 * batch so that drift of the (emulated) machine hits them alike, then
 * looked up the same way, `lookups' times in random order for connections
 * in the table and for connections that are not; then both are emptied.
 *
 * Rampart's table is kmod/conn.c itself, compiled into this module
 * (rampart_conn.c). nf_conntrack's entries are made as init_conntrack()
 * makes them for a packet (with the extensions the namespace's settings
 * ask for) and entered as ctnetlink enters them
 * (nf_conntrack_hash_check_insert), in the initial namespace.
 *
 * Each table's figures go to the kernel log as one line of KEY=VALUE words,
 * which tests/bench/bench.sh reads; then init fails with -EAGAIN, so
 * nothing stays loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_acct.h>
#include <net/netfilter/nf_conntrack_ecache.h>
#include <net/netfilter/nf_conntrack_labels.h>
#include <net/netfilter/nf_conntrack_timestamp.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "rampart.h"

static unsigned int entries = 1000000;
module_param(entries, uint, 0444);
MODULE_PARM_DESC(entries, "connections entered into each table (default 1000000)");

static unsigned int lookups = 1000000;
module_param(lookups, uint, 0444);
MODULE_PARM_DESC(lookups, "lookups of each kind timed in each table (default 1000000)");

#define BENCH_MAX_ENTRIES	(16U << 20)
#define BENCH_BATCH		1024	/* operations between two scheduling points */
#define BENCH_CLIENTS		0xc6120000	/* 198.18.0.0, + i / 4096 */
#define BENCH_CLIENT_PORT	1024		/* + i % 4096 */
#define BENCH_SERVER		0xc6130001	/* 198.19.0.1 */
#define BENCH_PORT		80	/* in the tables; BENCH_PORT + 1 never is */
#define BENCH_TIMEOUT		86400	/* seconds: nothing expires during the run */
#define BENCH_ISN		0x12345678
#define BENCH_WINDOW		64240
#define BENCH_WSCALE		7

struct bench {
	u32 *order;			/* `lookups' indexes below `entries' */
	bool present;			/* look up connections in the table? */
	u32 hits;
	struct rampart_conn_table *table;
	struct rampart_tcp_seg syn;	/* the first segment of each connection */
	struct net *net;
};

enum { BENCH_RAMPART, BENCH_CT, BENCH_TABLES };

struct bench_result {
	u64 insert_ns;
	u64 lookup_ns[2];	/* present, absent */
	u32 hits[2];
	long entry_bytes;	/* slab growth over the fill, bucket array aside */
	long hash_bytes;	/* the hash's bucket array */
	long left_bytes;	/* slab growth still there after the free */
	size_t struct_bytes;	/* sizeof the entry */
};

typedef int (*bench_batch_fn)(struct bench *b, u32 from, u32 to);

struct bench_op {
	bench_batch_fn fn;
	u64 ns;
	u32 hits;
};

/*
 * Slab pages in use, kmalloc's large allocations included. Free memory
 * (si_meminfo) is no measure: pages move to and from per-CPU lists.
 */
static long bench_slab_bytes(void)
{
	return (long)(global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) +
		      global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)) << PAGE_SHIFT;
}

/* Connection i, from the client side; absent ones go to another port. */
static void bench_addrs(u32 i, bool present, __be32 *saddr, __be32 *daddr,
			__be16 *sport, __be16 *dport)
{
	*saddr = htonl(BENCH_CLIENTS + (i >> 12));
	*daddr = htonl(BENCH_SERVER);
	*sport = htons(BENCH_CLIENT_PORT + (i & 4095));
	*dport = htons(present ? BENCH_PORT : BENCH_PORT + 1);
}

/*
 * Run ops[0..n_ops) over [0, n) one batch each in turn, who goes first
 * alternating, and time each. Scheduling between batches is not timed.
 */
static int bench_run(struct bench *b, u32 n, struct bench_op *ops,
		     unsigned int n_ops)
{
	unsigned int k, op;
	u32 from, to, hits;
	u64 t0;
	int err = 0;

	for (from = 0; from < n && !err; from = to) {
		to = min(n, from + BENCH_BATCH);
		for (k = 0; k < n_ops && !err; k++) {
			op = (k + from / BENCH_BATCH) % n_ops;
			hits = b->hits;
			t0 = ktime_get_ns();
			err = ops[op].fn(b, from, to);
			ops[op].ns += ktime_get_ns() - t0;
			ops[op].hits += b->hits - hits;
		}
		cond_resched();
		if (!err && fatal_signal_pending(current))
			err = -EINTR;
	}
	return err;
}

/* ---- Rampart ---- */

/* What fw_conn_init() in kmod/fw.c does for a SYN that a rule accepted. */
static void bench_conn_init(struct rampart_conn *c, void *arg)
{
	const struct rampart_tcp_seg *syn = arg;
	unsigned int i;

	c->rule = 1;
	c->service = 1;
	for (i = 0; i < RAMPART_TO_MAX; i++)
		c->timeout[i] = BENCH_TIMEOUT;
	c->ifindex_in = 2;
	c->ifindex_out = 3;
	rampart_tcp_new(&c->track, syn);
	c->packets[RAMPART_DIR_ORIGINAL] = 1;
	c->bytes[RAMPART_DIR_ORIGINAL] = 60;
	c->expires = c->created + (unsigned long)c->timeout[RAMPART_TO_START] * HZ;
}

static void bench_key(struct rampart_conn_key *key, u32 i, bool present,
		      unsigned int *side)
{
	__be32 saddr, daddr;
	__be16 sport, dport;

	bench_addrs(i, present, &saddr, &daddr, &sport, &dport);
	rampart_conn_key_make(key, 4, IPPROTO_TCP, &saddr, &daddr, sport, dport, side);
}

static int rampart_insert_batch(struct bench *b, u32 from, u32 to)
{
	struct rampart_conn_key key;
	struct rampart_conn *c;
	unsigned int side;
	u32 i;

	for (i = from; i < to; i++) {
		bench_key(&key, i, true, &side);
		c = rampart_conn_insert_init(b->table, &key, side, jiffies,
					     bench_conn_init, &b->syn);
		if (IS_ERR(c))
			return PTR_ERR(c);
	}
	return 0;
}

/* As fw_lookup() in kmod/fw.c: an expired entry does not count. */
static int rampart_lookup_batch(struct bench *b, u32 from, u32 to)
{
	unsigned long now = jiffies;
	struct rampart_conn_key key;
	struct rampart_conn *c;
	unsigned int side;
	u32 j;

	rcu_read_lock();
	for (j = from; j < to; j++) {
		bench_key(&key, b->order[j], b->present, &side);
		c = rampart_conn_lookup(b->table, &key);
		if (c && !rampart_conn_expired(c, now))
			b->hits++;
	}
	rcu_read_unlock();
	return 0;
}

/*
 * Let the rhashtable's deferred resizes finish, as they do between bursts
 * of new connections, and give the size of its bucket array; *in_slab when
 * that came from kmalloc (and so is in the slab counters too).
 */
static long bench_settle(struct rhashtable *ht, bool *in_slab)
{
	struct bucket_table *tbl;
	long bytes = -EBUSY;
	int tries;

	for (tries = 0; tries < 100 && bytes < 0; tries++) {
		flush_work(&ht->run_work);
		rcu_read_lock();
		tbl = rht_dereference_rcu(ht->tbl, ht);
		if (!rcu_access_pointer(tbl->future_tbl) && !tbl->nest) {
			*in_slab = !is_vmalloc_addr(tbl);
			bytes = *in_slab ? ksize(tbl) :
				PAGE_ALIGN(struct_size(tbl, buckets, tbl->size));
		}
		rcu_read_unlock();
	}
	rcu_barrier();		/* the replaced bucket arrays */
	return bytes;
}

/* Memory: Rampart's table alone, filled, settled, measured and emptied. */
static int bench_memory_rampart(struct bench *b, struct bench_result *r)
{
	struct bench_op fill = { rampart_insert_batch };
	long slab0 = bench_slab_bytes();
	bool in_slab = false;
	int err;

	r->struct_bytes = sizeof(struct rampart_conn);
	err = rampart_conn_table_init(b->table, entries, 0, 60 * HZ);
	if (err)
		return err;
	err = bench_run(b, entries, &fill, 1);
	if (!err) {
		r->hash_bytes = bench_settle(&b->table->conns, &in_slab);
		err = min(r->hash_bytes, 0L);
	}
	if (!err)
		r->entry_bytes = bench_slab_bytes() - slab0 - (in_slab ? r->hash_bytes : 0);
	rampart_conn_table_destroy(b->table);
	rcu_barrier();
	r->left_bytes = bench_slab_bytes() - slab0;
	return err;
}

/* ---- nf_conntrack ---- */

static void bench_tuple(struct nf_conntrack_tuple *t, u32 i, bool present)
{
	memset(t, 0, sizeof(*t));
	t->src.l3num = AF_INET;
	t->dst.protonum = IPPROTO_TCP;
	t->dst.dir = IP_CT_DIR_ORIGINAL;
	bench_addrs(i, present, &t->src.u3.ip, &t->dst.u3.ip,
		    &t->src.u.tcp.port, &t->dst.u.tcp.port);
}

/* What tcp_new() in nf_conntrack_proto_tcp.c keeps of a SYN. */
static void bench_ct_tcp_new(struct nf_conn *ct)
{
	struct ip_ct_tcp_state *s = &ct->proto.tcp.seen[0];

	memset(&ct->proto.tcp, 0, sizeof(ct->proto.tcp));
	ct->proto.tcp.state = TCP_CONNTRACK_SYN_SENT;
	s->td_end = BENCH_ISN + 1;
	s->td_maxend = s->td_end;
	s->td_maxwin = BENCH_WINDOW;
	s->td_scale = BENCH_WSCALE;
	s->flags = IP_CT_TCP_FLAG_WINDOW_SCALE | IP_CT_TCP_FLAG_SACK_PERM;
}

/*
 * One connection, made as init_conntrack() makes it for a packet and
 * entered, confirmed, as ctnetlink_create_conntrack() enters one.
 */
static int bench_ct_insert(struct net *net, u32 i)
{
	struct nf_conntrack_tuple orig, repl;
	struct nf_conn *ct;
	int err;

	bench_tuple(&orig, i, true);
	if (!nf_ct_invert_tuple(&repl, &orig))
		return -EINVAL;
	ct = nf_conntrack_alloc(net, &nf_ct_zone_dflt, &orig, &repl, GFP_ATOMIC);
	if (IS_ERR(ct))
		return PTR_ERR(ct);
	nf_ct_acct_ext_add(ct, GFP_ATOMIC);
	nf_ct_tstamp_ext_add(ct, GFP_ATOMIC);
	nf_ct_labels_ext_add(ct);
#ifdef CONFIG_NF_CONNTRACK_EVENTS
	if (net->ct.sysctl_events && !nf_ct_ecache_ext_add(ct, 0, 0, GFP_ATOMIC)) {
		nf_conntrack_free(ct);
		return -ENOMEM;
	}
#endif
	bench_ct_tcp_new(ct);
	WRITE_ONCE(ct->timeout, nfct_time_stamp + BENCH_TIMEOUT * HZ);
	ct->status |= IPS_CONFIRMED;
	err = nf_conntrack_hash_check_insert(ct);
	if (err) {
		nf_conntrack_free(ct);
		return err;
	}
	nf_ct_put(ct);		/* the table keeps its own reference */
	return 0;
}

static int ct_insert_batch(struct bench *b, u32 from, u32 to)
{
	int err;
	u32 i;

	for (i = from; i < to; i++) {
		err = bench_ct_insert(b->net, i);
		if (err)
			return err;
	}
	return 0;
}

/* As the packet path: the entry is held until the packet is gone. */
static int ct_lookup_batch(struct bench *b, u32 from, u32 to)
{
	struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_tuple t;
	u32 j;

	for (j = from; j < to; j++) {
		bench_tuple(&t, b->order[j], b->present);
		h = nf_conntrack_find_get(b->net, &nf_ct_zone_dflt, &t);
		if (h) {
			b->hits++;
			nf_ct_put(nf_ct_tuplehash_to_ctrack(h));
		}
	}
	return 0;
}

static int bench_ct_ours(struct nf_conn *ct, void *data)
{
	const struct nf_conntrack_tuple *t = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;

	return t->src.l3num == AF_INET && t->dst.protonum == IPPROTO_TCP &&
	       t->dst.u3.ip == htonl(BENCH_SERVER);
}

static void bench_ct_flush(struct bench *b)
{
	struct nf_ct_iter_data flush = { .net = b->net };

	nf_ct_iterate_cleanup_net(bench_ct_ours, &flush);
	rcu_barrier();
}

/* Memory: nf_conntrack alone, filled, measured and emptied. */
static int bench_memory_ct(struct bench *b, struct bench_result *r)
{
	struct bench_op fill = { ct_insert_batch };
	long slab0 = bench_slab_bytes();
	int err;

	r->struct_bytes = sizeof(struct nf_conn);
	r->hash_bytes = (long)nf_conntrack_htable_size * sizeof(struct hlist_nulls_head);
	err = bench_run(b, entries, &fill, 1);
	if (!err)
		r->entry_bytes = bench_slab_bytes() - slab0;
	bench_ct_flush(b);
	r->left_bytes = bench_slab_bytes() - slab0;
	return err;
}

/* ---- both, side by side ---- */

static int bench_timing(struct bench *b, struct bench_result *r)
{
	struct bench_op fill[BENCH_TABLES] = {
		{ rampart_insert_batch }, { ct_insert_batch },
	};
	unsigned int i, kind;
	bool in_slab;
	int err;

	err = rampart_conn_table_init(b->table, entries, 0, 60 * HZ);
	if (err)
		return err;
	err = bench_run(b, entries, fill, BENCH_TABLES);
	if (!err && bench_settle(&b->table->conns, &in_slab) < 0)
		err = -EBUSY;
	for (i = 0; i < BENCH_TABLES; i++)
		r[i].insert_ns = fill[i].ns;

	for (kind = 0; kind < 2 && !err; kind++) {
		struct bench_op look[BENCH_TABLES] = {
			{ rampart_lookup_batch }, { ct_lookup_batch },
		};

		b->present = kind == 0;
		err = bench_run(b, lookups, look, BENCH_TABLES);
		for (i = 0; i < BENCH_TABLES; i++) {
			r[i].lookup_ns[kind] = look[i].ns;
			r[i].hits[kind] = look[i].hits;
		}
	}
	rampart_conn_table_destroy(b->table);
	bench_ct_flush(b);
	return err;
}

static void bench_report(const char *table, const struct bench_result *r)
{
	pr_info("table=%s entries=%u lookups=%u insert_ns=%llu present_ns=%llu absent_ns=%llu present_hits=%u absent_hits=%u entry_bytes=%ld hash_bytes=%ld left_bytes=%ld struct_bytes=%zu\n",
		table, entries, lookups, r->insert_ns, r->lookup_ns[0], r->lookup_ns[1],
		r->hits[0], r->hits[1], r->entry_bytes, r->hash_bytes,
		r->left_bytes, r->struct_bytes);
}

static int __init table_bench_init(void)
{
	struct bench b = { .net = &init_net };
	struct bench_result r[BENCH_TABLES] = {};
	const char *step;
	int err;
	u32 j;

	if (!entries || entries > BENCH_MAX_ENTRIES || !lookups) {
		pr_err("entries must be 1 to %u and lookups at least 1 (entries=%u lookups=%u)\n",
		       BENCH_MAX_ENTRIES, entries, lookups);
		return -EINVAL;
	}
	if (nf_conntrack_max && nf_conntrack_max < entries) {
		pr_err("net.netfilter.nf_conntrack_max is %u, below %u entries\n",
		       nf_conntrack_max, entries);
		return -ENOSPC;
	}
	b.syn = (struct rampart_tcp_seg) {
		.seq = BENCH_ISN,
		.flags = RAMPART_TCP_SYN,
		.win = BENCH_WINDOW,
		.wscale = BENCH_WSCALE,
		.has_wscale = true,
		.sack_perm = true,
	};
	/*
	 * Until the kernel's random generator is seeded, every
	 * get_random_u32() costs a ChaCha20 block under a lock, and
	 * nf_conntrack takes one per insert (its chain length limit). An
	 * emulated guest may stay unseeded for minutes; a running appliance
	 * does not. Wait, so the figures are those of a seeded kernel.
	 */
	err = wait_for_random_bytes();
	if (err)
		return err;
	b.order = vmalloc_array(lookups, sizeof(*b.order));
	b.table = kzalloc(sizeof(*b.table), GFP_KERNEL);
	err = -ENOMEM;
	if (!b.order || !b.table)
		goto out_free;
	for (j = 0; j < lookups; j++)
		b.order[j] = get_random_u32_below(entries);
	err = rampart_conn_init();
	if (err)
		goto out_free;

	step = "rampart memory";
	err = bench_memory_rampart(&b, &r[BENCH_RAMPART]);
	if (!err) {
		step = "nf_conntrack memory";
		err = bench_memory_ct(&b, &r[BENCH_CT]);
	}
	if (!err) {
		step = "side by side";
		err = bench_timing(&b, r);
	}
	if (err) {
		pr_err("%s: %d\n", step, err);
	} else {
		bench_report("rampart", &r[BENCH_RAMPART]);
		bench_report("nf_conntrack", &r[BENCH_CT]);
	}
	rampart_conn_exit();
out_free:
	kfree(b.table);
	vfree(b.order);
	return err ? err : -EAGAIN;	/* done: nothing stays loaded */
}
module_init(table_bench_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Rampart connection table against nf_conntrack: insert, lookup, memory");
