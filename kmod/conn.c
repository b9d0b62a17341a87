// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table. Entries live in an rhashtable keyed by the
 * canonical 5-tuple (both directions hash alike), hashed with siphash under
 * a random key so remote hosts cannot aim at one bucket. Lookups are
 * lockless under RCU; entries are freed after a grace period. The table is
 * bounded: when full, the oldest connection that never completed its
 * handshake is evicted, and failing that the new connection is refused.
 * Expired entries are found by a garbage collector that walks the table a
 * bounded number of entries at a time from a workqueue, never in softirq.
 * Removed connections are remembered for a while (tombstones) so a late
 * packet can be told why its connection is gone. docs/bench.md has why this
 * design and what an entry costs (244 bytes in a table of a million).
 */
#include <linux/jiffies.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/module.h>

#include "rampart.h"
#include "conn.h"
#include "smtp.h"

static siphash_key_t conn_hash_key __read_mostly;
static struct kmem_cache *conn_cache __read_mostly;
static struct kmem_cache *tomb_cache __read_mostly;

static u32 conn_key_hash(const void *data, u32 len, u32 seed)
{
	const struct rampart_conn_key *key = data;

	return (u32)siphash(key, sizeof(*key), &conn_hash_key) ^ seed;
}

static const struct rhashtable_params conn_params = {
	.head_offset = offsetof(struct rampart_conn, node),
	.key_offset = offsetof(struct rampart_conn, key),
	.key_len = sizeof(struct rampart_conn_key),
	.hashfn = conn_key_hash,
	.automatic_shrinking = true,
};

static const struct rhashtable_params tomb_params = {
	.head_offset = offsetof(struct rampart_tomb, node),
	.key_offset = offsetof(struct rampart_tomb, key),
	.key_len = sizeof(struct rampart_conn_key),
	.hashfn = conn_key_hash,
	.automatic_shrinking = true,
};

int rampart_conn_init(void)
{
	get_random_bytes(&conn_hash_key, sizeof(conn_hash_key));
	conn_cache = KMEM_CACHE(rampart_conn, SLAB_ACCOUNT);
	if (!conn_cache)
		return -ENOMEM;
	tomb_cache = KMEM_CACHE(rampart_tomb, SLAB_ACCOUNT);
	if (!tomb_cache) {
		kmem_cache_destroy(conn_cache);
		return -ENOMEM;
	}
	return 0;
}

void rampart_conn_exit(void)
{
	/* Entries are freed with call_rcu(); wait for them first. */
	rcu_barrier();
	kmem_cache_destroy(tomb_cache);
	kmem_cache_destroy(conn_cache);
}

void rampart_conn_key_make(struct rampart_conn_key *key, u8 family, u8 proto,
			   const void *saddr, const void *daddr,
			   __be16 sport, __be16 dport, unsigned int *side)
{
	unsigned int alen = family == 4 ? 4 : 16;
	int cmp;

	memset(key, 0, sizeof(*key));
	key->family = family;
	key->proto = proto;
	cmp = memcmp(saddr, daddr, alen);
	if (!cmp)
		cmp = (int)ntohs(sport) - (int)ntohs(dport);
	*side = cmp > 0;
	memcpy(&key->addr[*side], saddr, alen);
	memcpy(&key->addr[!*side], daddr, alen);
	key->port[*side] = sport;
	key->port[!*side] = dport;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_key_make);

int rampart_conn_table_init(struct rampart_conn_table *t, unsigned int max,
			    unsigned int max_tombs, unsigned long tomb_age)
{
	int err;

	memset(t, 0, sizeof(*t));
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->unest);
	INIT_LIST_HEAD(&t->tomb_list);
	t->max = max;
	t->max_tombs = max_tombs;
	t->tomb_age = tomb_age;
	err = rhashtable_init(&t->conns, &conn_params);
	if (err)
		return err;
	err = rhashtable_init(&t->tombs, &tomb_params);
	if (err) {
		rhashtable_destroy(&t->conns);
		return err;
	}
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_table_init);

static void conn_free(struct rampart_conn *c)
{
	rampart_smtp_conn_free(c->smtp);	/* SMTP inspection state */
	kmem_cache_free(conn_cache, c);
}

static void conn_free_rcu(struct rcu_head *head)
{
	conn_free(container_of(head, struct rampart_conn, rcu));
}

static void tomb_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(tomb_cache, container_of(head, struct rampart_tomb, rcu));
}

static void conn_free_now(void *ptr, void *arg)
{
	conn_free(ptr);
}

static void tomb_free_now(void *ptr, void *arg)
{
	kmem_cache_free(tomb_cache, ptr);
}

/* No packet path may use the table any more (hooks gone, RCU synced). */
void rampart_conn_table_destroy(struct rampart_conn_table *t)
{
	if (t->gc_walking)
		rhashtable_walk_exit(&t->gc_iter);
	t->gc_walking = false;
	rhashtable_free_and_destroy(&t->conns, conn_free_now, NULL);
	rhashtable_free_and_destroy(&t->tombs, tomb_free_now, NULL);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_table_destroy);

struct rampart_conn *rampart_conn_lookup(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key)
{
	return rhashtable_lookup(&t->conns, key, conn_params);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_lookup);

/* Called with t->lock held. */
static void tomb_unlink_locked(struct rampart_conn_table *t, struct rampart_tomb *tb)
{
	rhashtable_remove_fast(&t->tombs, &tb->node, tomb_params);
	list_del(&tb->list);
	t->ntombs--;
	call_rcu(&tb->rcu, tomb_free_rcu);
}

static void tomb_add(struct rampart_conn_table *t, const struct rampart_conn *c,
		     enum rampart_removal why, const struct in6_addr *rst_from,
		     unsigned long now)
{
	struct rampart_tomb *tb, *old;

	if (!t->max_tombs)
		return;
	tb = kmem_cache_zalloc(tomb_cache, GFP_ATOMIC);
	if (!tb)
		return;		/* only the explanation of a later drop is lost */
	tb->key = c->key;
	tb->removed = now;
	tb->rule = c->rule;
	tb->service = c->service;
	tb->policy_gen = READ_ONCE(t->policy_gen);
	tb->orig = c->orig;
	tb->why = why;
	if (rst_from)
		tb->rst_from = *rst_from;
	tb->track = c->track;
	switch (why) {
	case RAMPART_REMOVED_IDLE_TIMEOUT:
		tb->timeout = c->track.state == RAMPART_CONN_ESTABLISHED ?
			      c->timeout[RAMPART_TO_ESTABLISHED] :
			      c->key.proto == IPPROTO_TCP ?
			      c->timeout[RAMPART_TO_START] : c->timeout[RAMPART_TO_UDP];
		break;
	case RAMPART_REMOVED_CLOSED:
		tb->timeout = c->timeout[RAMPART_TO_END];
		break;
	default:
		break;
	}

	spin_lock_bh(&t->lock);
	/* A newer removal of the same key replaces the older one. */
	old = rhashtable_lookup_fast(&t->tombs, &tb->key, tomb_params);
	if (old)
		tomb_unlink_locked(t, old);
	if (t->ntombs >= t->max_tombs)
		tomb_unlink_locked(t, list_first_entry(&t->tomb_list,
						       struct rampart_tomb, list));
	if (rhashtable_insert_fast(&t->tombs, &tb->node, tomb_params)) {
		spin_unlock_bh(&t->lock);
		kmem_cache_free(tomb_cache, tb);
		return;
	}
	list_add_tail(&tb->list, &t->tomb_list);
	t->ntombs++;
	spin_unlock_bh(&t->lock);
}

/*
 * The unestablished list is changed only under t->lock, and an entry is on
 * it only between its insert (after it is in the hash) and its
 * establishment or removal, whichever comes first; list_del_init() leaves
 * it empty, so whoever comes second finds nothing to unlink. Eviction can
 * therefore only ever pick an entry that is fully inserted.
 */
bool rampart_conn_remove(struct rampart_conn_table *t, struct rampart_conn *c,
			 enum rampart_removal why, const struct in6_addr *rst_from,
			 unsigned long now)
{
	if (test_and_set_bit(RAMPART_CONN_F_DEAD, &c->flags))
		return false;
	rhashtable_remove_fast(&t->conns, &c->node, conn_params);
	spin_lock_bh(&t->lock);
	list_del_init(&c->unest);
	spin_unlock_bh(&t->lock);
	atomic_dec(&t->count);
	atomic64_inc(&t->stats.removals);
	tomb_add(t, c, why, rst_from, now);
	call_rcu(&c->rcu, conn_free_rcu);
	return true;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_remove);

void rampart_conn_set_established(struct rampart_conn_table *t,
				  struct rampart_conn *c)
{
	spin_lock_bh(&t->lock);
	set_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags);
	list_del_init(&c->unest);
	spin_unlock_bh(&t->lock);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_set_established);

/*
 * Make room for one: evict the oldest connection still in its handshake.
 * The caller holds rcu_read_lock() or runs in softirq (the victim may be
 * freed by another CPU's removal once t->lock is dropped).
 */
static bool conn_evict_one(struct rampart_conn_table *t, unsigned long now)
{
	struct rampart_conn *victim;
	bool room;

	rcu_read_lock();
	spin_lock_bh(&t->lock);
	victim = list_first_entry_or_null(&t->unest, struct rampart_conn, unest);
	spin_unlock_bh(&t->lock);
	room = victim != NULL;	/* removed by someone else: room was made */
	if (victim && rampart_conn_remove(t, victim, RAMPART_REMOVED_EVICTED, NULL, now))
		atomic64_inc(&t->stats.evictions);
	rcu_read_unlock();
	return room;
}

/*
 * Evict unestablished entries while the table holds more than its maximum
 * (an install lowered it), at most @budget of them. Process context; an
 * insert evicts at most RAMPART_EVICT_PER_INSERT and leaves the rest here.
 * Returns the number of evictions.
 */
unsigned int rampart_conn_trim(struct rampart_conn_table *t, unsigned long now,
			       unsigned int budget)
{
	unsigned int n = 0;

	might_sleep();
	while (n < budget && atomic_read(&t->count) > READ_ONCE(t->max)) {
		if (!conn_evict_one(t, now))
			break;		/* only established entries are left */
		n++;
		cond_resched();
	}
	return n;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_trim);

struct rampart_conn *rampart_conn_insert(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key,
					 unsigned int side, unsigned long now)
{
	return rampart_conn_insert_init(t, key, side, now, NULL, NULL);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_insert);

struct rampart_conn *
rampart_conn_insert_init(struct rampart_conn_table *t,
			 const struct rampart_conn_key *key, unsigned int side,
			 unsigned long now,
			 void (*init)(struct rampart_conn *c, void *arg), void *arg)
{
	unsigned int evicted = 0;
	struct rampart_conn *c;
	int err;

	while (atomic_inc_return(&t->count) > READ_ONCE(t->max)) {
		atomic_dec(&t->count);
		/* Bounded work per packet: the GC trims a lowered maximum. */
		if (evicted++ == RAMPART_EVICT_PER_INSERT || !conn_evict_one(t, now)) {
			atomic64_inc(&t->stats.full_drops);
			return ERR_PTR(-ENOSPC);
		}
	}
	c = kmem_cache_zalloc(conn_cache, GFP_ATOMIC);
	if (!c) {
		atomic_dec(&t->count);
		return ERR_PTR(-ENOMEM);
	}
	c->key = *key;
	c->orig = side;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->unest);
	c->created = now;
	c->expires = now;
	c->id = (u32)atomic_inc_return(&t->next_id);
	if (init)
		init(c, arg);	/* before any other CPU can find it */

	err = rhashtable_lookup_insert_fast(&t->conns, &c->node, conn_params);
	if (err) {
		/* Never visible to another CPU: free it at once. */
		atomic_dec(&t->count);
		conn_free(c);
		return ERR_PTR(err);
	}
	/*
	 * Found by others from here on. Onto the unestablished list (where
	 * eviction looks) only now, and only if no other CPU removed or
	 * established it in between.
	 */
	spin_lock_bh(&t->lock);
	if (!test_bit(RAMPART_CONN_F_DEAD, &c->flags) &&
	    !test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags))
		list_add_tail(&c->unest, &t->unest);
	spin_unlock_bh(&t->lock);
	atomic64_inc(&t->stats.inserts);
	return c;
}

struct rampart_tomb *rampart_tomb_lookup(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key,
					 unsigned long now)
{
	struct rampart_tomb *tb;

	tb = rhashtable_lookup(&t->tombs, key, tomb_params);
	if (tb && time_after_eq(now, tb->removed + t->tomb_age))
		return NULL;
	return tb;
}
RAMPART_EXPORT_FOR_TESTS(rampart_tomb_lookup);

bool rampart_tomb_track(struct rampart_conn_table *t, struct rampart_tomb *tb,
			unsigned int dir, const struct rampart_tcp_seg *seg)
{
	struct rampart_track_result res;
	struct rampart_tcp_track copy;

	spin_lock_bh(&t->lock);
	copy = tb->track;
	rampart_tcp_track(&copy, dir, seg, &res);
	if (!res.reason)
		tb->track = copy;
	spin_unlock_bh(&t->lock);
	return !res.reason;
}
RAMPART_EXPORT_FOR_TESTS(rampart_tomb_track);

static void tombs_expire(struct rampart_conn_table *t, unsigned long now)
{
	struct rampart_tomb *tb, *next;

	spin_lock_bh(&t->lock);
	list_for_each_entry_safe(tb, next, &t->tomb_list, list) {
		if (time_before(now, tb->removed + t->tomb_age))
			break;
		tomb_unlink_locked(t, tb);
	}
	spin_unlock_bh(&t->lock);
}

static enum rampart_removal expiry_reason(const struct rampart_conn *c)
{
	switch (c->track.state) {
	case RAMPART_CONN_FIN_WAIT:
	case RAMPART_CONN_CLOSING:
	case RAMPART_CONN_TIME_WAIT:
	case RAMPART_CONN_CLOSED:
		return RAMPART_REMOVED_CLOSED;
	default:
		return RAMPART_REMOVED_IDLE_TIMEOUT;
	}
}

bool rampart_conn_expire(struct rampart_conn_table *t, struct rampart_conn *c,
			 unsigned long now)
{
	return rampart_conn_remove(t, c, expiry_reason(c), NULL, now);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_expire);

bool rampart_conn_gc(struct rampart_conn_table *t, unsigned long now,
		     unsigned int budget)
{
	struct rampart_conn *c;
	bool done = false;

	might_sleep();
	atomic64_inc(&t->stats.gc_runs);
	tombs_expire(t, now);
	if (!t->gc_walking) {
		rhashtable_walk_enter(&t->conns, &t->gc_iter);
		t->gc_walking = true;
	}
	rhashtable_walk_start(&t->gc_iter);
	while (budget--) {
		c = rhashtable_walk_next(&t->gc_iter);
		if (IS_ERR(c)) {
			if (PTR_ERR(c) == -EAGAIN)	/* resized: carry on */
				continue;
			break;
		}
		if (!c) {
			done = true;
			break;
		}
		if (rampart_conn_expired(c, now))
			rampart_conn_expire(t, c, now);
	}
	rhashtable_walk_stop(&t->gc_iter);
	if (done) {
		rhashtable_walk_exit(&t->gc_iter);
		t->gc_walking = false;
	}
	return done;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_gc);

/* One walk: @fn decides each entry. Returns the number removed. */
static unsigned int walk_once(struct rampart_conn_table *t,
			      enum rampart_removal (*fn)(struct rampart_conn *c,
							 void *arg),
			      void *arg, unsigned long now)
{
	struct rhashtable_iter iter;
	struct rampart_conn *c;
	unsigned int n = 0;
	enum rampart_removal why;

	rhashtable_walk_enter(&t->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((c = rhashtable_walk_next(&iter))) {
		if (IS_ERR(c)) {
			if (PTR_ERR(c) == -EAGAIN)
				continue;
			break;
		}
		why = fn(c, arg);
		if (why != RAMPART_REMOVED_NONE &&
		    rampart_conn_remove(t, c, why, NULL, now))
			n++;
		if (need_resched()) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}

/* Walks of a rematch at most; each after the first finds what one missed. */
#define REMATCH_WALKS	8

/*
 * One walk can miss entries: a resize under it (removals shrink the table)
 * and a restart after the entry it stopped at was removed (it removes that
 * entry itself, then yields) both skip some. Walk again while a walk still
 * removed something.
 */
unsigned int rampart_conn_rematch(struct rampart_conn_table *t,
				  enum rampart_removal (*fn)(struct rampart_conn *c,
							     void *arg),
				  void *arg, unsigned long now)
{
	unsigned int n, total = 0, walk;

	might_sleep();
	for (walk = 0; walk < REMATCH_WALKS; walk++) {
		n = walk_once(t, fn, arg, now);
		total += n;
		if (!n)
			break;
	}
	return total;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_rematch);

struct flush_arg {
	bool (*match)(const struct rampart_conn *c, void *arg);
	void *arg;
	enum rampart_removal why;
};

static enum rampart_removal flush_one(struct rampart_conn *c, void *arg)
{
	const struct flush_arg *f = arg;

	return !f->match || f->match(c, f->arg) ? f->why : RAMPART_REMOVED_NONE;
}

unsigned int rampart_conn_flush(struct rampart_conn_table *t,
				bool (*match)(const struct rampart_conn *c, void *arg),
				void *arg, enum rampart_removal why,
				unsigned long now)
{
	struct flush_arg f = { .match = match, .arg = arg, .why = why };

	return rampart_conn_rematch(t, flush_one, &f, now);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_flush);
