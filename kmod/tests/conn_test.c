// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table with a fake clock: keys from both directions,
 * expiry, garbage collection in bounded steps, eviction order when full,
 * remembered removals, and many entries differing only in a port.
 */
#include <kunit/test.h>
#include <linux/inet.h>

#include "../rampart.h"

#define T0 100000UL	/* a fake "now" in jiffies */

struct conn_test_ctx {
	struct rampart_conn_table t;
};

static int conn_test_init(struct kunit *test)
{
	struct conn_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(&ctx->t, 4, 8, 60 * HZ), 0);
	test->priv = ctx;
	return 0;
}

static void conn_test_exit(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;

	rampart_conn_table_destroy(&ctx->t);
	rcu_barrier();
}

static void key4(struct rampart_conn_key *k, const char *src, u16 sport,
		 const char *dst, u16 dport, unsigned int *side)
{
	__be32 s = in_aton(src), d = in_aton(dst);

	rampart_conn_key_make(k, 4, IPPROTO_TCP, &s, &d, htons(sport), htons(dport), side);
}

static struct rampart_conn *insert4(struct kunit *test, u16 sport, unsigned long now)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn_key k;
	unsigned int side;

	key4(&k, "192.0.2.10", sport, "198.51.100.5", 587, &side);
	return rampart_conn_insert(&ctx->t, &k, side, now);
}

static void conn_key_both_directions(struct kunit *test)
{
	struct rampart_conn_key a, b;
	unsigned int sa, sb;

	key4(&a, "192.0.2.10", 45678, "198.51.100.5", 587, &sa);
	key4(&b, "198.51.100.5", 587, "192.0.2.10", 45678, &sb);
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
	KUNIT_EXPECT_NE(test, sa, sb);

	/* Same addresses: the ports decide the order. */
	key4(&a, "192.0.2.1", 1000, "192.0.2.1", 2000, &sa);
	key4(&b, "192.0.2.1", 2000, "192.0.2.1", 1000, &sb);
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
	KUNIT_EXPECT_NE(test, sa, sb);
}

static void conn_insert_lookup(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn *c, *found;
	struct rampart_conn_key k;
	unsigned int side;

	c = insert4(test, 45678, T0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	key4(&k, "198.51.100.5", 587, "192.0.2.10", 45678, &side);
	rcu_read_lock();
	found = rampart_conn_lookup(&ctx->t, &k);
	KUNIT_EXPECT_PTR_EQ(test, found, c);
	KUNIT_EXPECT_EQ(test, rampart_conn_dir(c, side), (unsigned int)RAMPART_DIR_REPLY);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, PTR_ERR(insert4(test, 45678, T0)), (long)-EEXIST);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 1);
}

static void conn_expiry_fake_clock(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn *c;
	struct rampart_tomb *tb;
	struct rampart_conn_key k;

	c = insert4(test, 1111, T0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	c->timeout[RAMPART_TO_ESTABLISHED] = 10;
	c->track.state = RAMPART_CONN_ESTABLISHED;
	k = c->key;
	rampart_conn_refresh(c, T0, 10);
	KUNIT_EXPECT_FALSE(test, rampart_conn_expired(c, T0 + 9 * HZ));
	KUNIT_EXPECT_TRUE(test, rampart_conn_expired(c, T0 + 10 * HZ));

	KUNIT_EXPECT_TRUE(test, rampart_conn_gc(&ctx->t, T0 + 9 * HZ, 100));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 1);
	KUNIT_EXPECT_TRUE(test, rampart_conn_gc(&ctx->t, T0 + 11 * HZ, 100));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 0);

	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, rampart_conn_lookup(&ctx->t, &k));
	tb = rampart_tomb_lookup(&ctx->t, &k, T0 + 23 * HZ);
	KUNIT_ASSERT_NOT_NULL(test, tb);
	KUNIT_EXPECT_EQ(test, tb->why, (u8)RAMPART_REMOVED_IDLE_TIMEOUT);
	KUNIT_EXPECT_EQ(test, tb->timeout, 10u);
	KUNIT_EXPECT_EQ(test, tb->removed, T0 + 11 * HZ);
	/* Remembered for the table's tomb age, then forgotten. */
	KUNIT_EXPECT_NULL(test, rampart_tomb_lookup(&ctx->t, &k, T0 + 71 * HZ));
	rcu_read_unlock();
	rampart_conn_gc(&ctx->t, T0 + 72 * HZ, 100);
	KUNIT_EXPECT_EQ(test, ctx->t.ntombs, 0u);
}

static void conn_gc_bounded_steps(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn_table *t = &ctx->t;
	unsigned int i, steps = 0;

	rampart_conn_table_destroy(t);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(t, 1000, 8, 60 * HZ), 0);
	for (i = 0; i < 100; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(insert4(test, 2000 + i, T0)));
	/*
	 * All expire at T0 (expires == created). A step looks at no more than
	 * 10 entries, so 100 need at least 10 steps; a table resized under
	 * the walk may need another pass.
	 */
	while (atomic_read(&t->count)) {
		rampart_conn_gc(t, T0 + HZ, 10);
		steps++;
		KUNIT_ASSERT_LT(test, steps, 100u);
	}
	KUNIT_EXPECT_GE(test, steps, 10u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->stats.removals), 100);
	/* The remembered set is bounded: the 8 newest removals are kept. */
	KUNIT_EXPECT_EQ(test, t->ntombs, 8u);
}

static void conn_eviction_order(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn *c[6];
	struct rampart_conn_key k;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		c[i] = insert4(test, 3000 + i, T0 + i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(c[i]));
		rampart_conn_refresh(c[i], T0, 100);
	}
	/* 0 and 2 complete their handshakes; 1 is the oldest still open. */
	rampart_conn_set_established(&ctx->t, c[0]);
	rampart_conn_set_established(&ctx->t, c[2]);
	k = c[1]->key;

	c[4] = insert4(test, 3004, T0 + 4);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c[4]));
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, rampart_conn_lookup(&ctx->t, &k));
	KUNIT_EXPECT_EQ(test, rampart_tomb_lookup(&ctx->t, &k, T0 + 5)->why,
			(u8)RAMPART_REMOVED_EVICTED);
	KUNIT_EXPECT_PTR_EQ(test, rampart_conn_lookup(&ctx->t, &c[0]->key), c[0]);
	rcu_read_unlock();

	/* Next victim: 3, then 4; then only established ones are left. */
	k = c[3]->key;
	KUNIT_ASSERT_FALSE(test, IS_ERR(insert4(test, 3005, T0 + 5)));
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, rampart_conn_lookup(&ctx->t, &k));
	rcu_read_unlock();
	rampart_conn_set_established(&ctx->t, c[4]);
	KUNIT_ASSERT_FALSE(test, IS_ERR(insert4(test, 3006, T0 + 6)));
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->t.stats.evictions), 3);
	/* 0, 2, 4 established and the newest unestablished one: full. */
	rcu_read_lock();
	c[5] = rampart_conn_lookup(&ctx->t, &c[4]->key);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, c[5], c[4]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 4);
}

static void conn_full_refuses(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn *c;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		c = insert4(test, 4000 + i, T0);
		KUNIT_ASSERT_FALSE(test, IS_ERR(c));
		rampart_conn_set_established(&ctx->t, c);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(insert4(test, 4100, T0)), (long)-ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->t.stats.full_drops), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 4);
}

static void conn_remove_once(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct in6_addr from = {};
	struct rampart_conn *c;
	struct rampart_tomb *tb;
	struct rampart_conn_key k;

	c = insert4(test, 5000, T0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	k = c->key;
	from.s6_addr32[0] = in_aton("198.51.100.7");
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, rampart_conn_remove(&ctx->t, c, RAMPART_REMOVED_RST,
						    &from, T0));
	KUNIT_EXPECT_FALSE(test, rampart_conn_remove(&ctx->t, c, RAMPART_REMOVED_FLUSH,
						     NULL, T0));
	tb = rampart_tomb_lookup(&ctx->t, &k, T0 + HZ);
	KUNIT_ASSERT_NOT_NULL(test, tb);
	KUNIT_EXPECT_EQ(test, tb->why, (u8)RAMPART_REMOVED_RST);
	KUNIT_EXPECT_EQ(test, tb->rst_from.s6_addr32[0], from.s6_addr32[0]);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->t.count), 0);
}

static void conn_many_keys(struct kunit *test)
{
	struct conn_test_ctx *ctx = test->priv;
	struct rampart_conn_table *t = &ctx->t;
	struct rampart_conn_key k;
	unsigned int i, side, missing = 0;

	rampart_conn_table_destroy(t);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(t, 20000, 0, 60 * HZ), 0);
	for (i = 0; i < 10000; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(insert4(test, 10000 + i, T0)));
	rcu_read_lock();
	for (i = 0; i < 10000; i++) {
		key4(&k, "198.51.100.5", 587, "192.0.2.10", 10000 + i, &side);
		if (!rampart_conn_lookup(t, &k))
			missing++;
	}
	key4(&k, "198.51.100.5", 587, "192.0.2.10", 9999, &side);
	KUNIT_EXPECT_NULL(test, rampart_conn_lookup(t, &k));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, missing, 0u);
	KUNIT_EXPECT_EQ(test, rampart_conn_flush(t, NULL, NULL, RAMPART_REMOVED_FLUSH, T0),
			10000u);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 0);
}

static struct kunit_case conn_cases[] = {
	KUNIT_CASE(conn_key_both_directions),
	KUNIT_CASE(conn_insert_lookup),
	KUNIT_CASE(conn_expiry_fake_clock),
	KUNIT_CASE(conn_gc_bounded_steps),
	KUNIT_CASE(conn_eviction_order),
	KUNIT_CASE(conn_full_refuses),
	KUNIT_CASE(conn_remove_once),
	KUNIT_CASE(conn_many_keys),
	{}
};

static struct kunit_suite conn_suite = {
	.name = "rampart_conn",
	.init = conn_test_init,
	.exit = conn_test_exit,
	.test_cases = conn_cases,
};

kunit_test_suite(conn_suite);
