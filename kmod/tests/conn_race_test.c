// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table under real concurrency: two kernel threads bound to
 * two CPUs race inserts against evictions, and a removal against the
 * establishment of the same entry. What would go wrong is a use-after-free
 * or a double list_del, which KASAN and DEBUG_LIST on the debug kernel turn
 * into a report that fails the run; the cases also check that the table's
 * count, hash and unestablished list still agree, and that the threads
 * really overlapped. Plus the bound on evictions per insert.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/kthread.h>

#include "../rampart.h"

#define T0 100000UL		/* a fake "now" in jiffies */
#define RACE_LOOPS 20000	/* inserts per thread */
#define RACE_PAIRS 20000	/* remove/establish meetings */
#define RACE_WAIT (20 * HZ)	/* a partner that does not answer: failure */

static void race_key(struct rampart_conn_key *k, u32 thread, u32 i,
		     unsigned int *side)
{
	__be32 s = htonl(0xc0000200 | thread), d = in_aton("198.51.100.5");

	rampart_conn_key_make(k, 4, IPPROTO_TCP, &s, &d,
			      htons(1024 + (i & 0x7fff)), htons(25 + (i >> 15)), side);
}

/* Entries in the hash, and how many of them are on the unestablished list. */
static void table_census(struct rampart_conn_table *t, unsigned int *hashed,
			 unsigned int *listed)
{
	struct rhashtable_iter iter;
	struct rampart_conn *c;

	*hashed = 0;
	rhashtable_walk_enter(&t->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((c = rhashtable_walk_next(&iter))) {
		if (IS_ERR(c))
			continue;
		(*hashed)++;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	*listed = 0;
	spin_lock_bh(&t->lock);
	list_for_each_entry(c, &t->unest, unest)
		(*listed)++;
	spin_unlock_bh(&t->lock);
}

static int race_start(struct task_struct **task,
		      int (*fn)(void *), void *arg, unsigned int cpu)
{
	*task = kthread_create(fn, arg, "rampart-race/%u", cpu);
	if (IS_ERR(*task))
		return PTR_ERR(*task);
	kthread_bind(*task, cpu);
	return 0;
}

/* ---- inserts racing evictions ---- */

struct insert_race;

struct insert_racer_arg {
	struct insert_race *r;
	unsigned int me;
};

struct insert_race {
	struct rampart_conn_table *t;
	struct insert_racer_arg arg[2];
	atomic_t running;		/* threads inside their loop */
	atomic_t overlapped;		/* inserts made while both ran */
	atomic_t inserted, refused;
	struct completion done[2];
	u32 id[2];
};

static int insert_racer(void *arg)
{
	const struct insert_racer_arg *a = arg;
	struct insert_race *r = a->r;
	unsigned int me = a->me;
	struct rampart_conn_key k;
	struct rampart_conn *c;
	unsigned int side;
	u32 i;

	atomic_inc(&r->running);
	for (i = 0; i < RACE_LOOPS; i++) {
		race_key(&k, r->id[me], i, &side);
		rcu_read_lock();
		local_bh_disable();	/* as on the packet path */
		c = rampart_conn_insert(r->t, &k, side, T0);
		if (IS_ERR(c)) {
			atomic_inc(&r->refused);
		} else {
			atomic_inc(&r->inserted);
			/* Every third one ends at once, racing the other's eviction. */
			if (i % 3 == 2)
				rampart_conn_remove(r->t, c, RAMPART_REMOVED_RST, NULL, T0);
		}
		local_bh_enable();
		rcu_read_unlock();
		if (atomic_read(&r->running) == 2)
			atomic_inc(&r->overlapped);
		if (!(i & 255))
			cond_resched();
	}
	atomic_dec(&r->running);
	complete(&r->done[me]);
	return 0;
}

static void conn_race_insert_evict(struct kunit *test)
{
	struct rampart_conn_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct insert_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int cpu0, cpu1, side, hashed, listed;
	struct task_struct *task[2];
	struct rampart_conn_key k;
	struct rampart_conn *est;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, r);
	/* The race needs two CPUs: one is a failure, not a pass. */
	KUNIT_ASSERT_GE(test, num_online_cpus(), 2u);
	cpu0 = cpumask_first(cpu_online_mask);
	cpu1 = cpumask_next(cpu0, cpu_online_mask);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(t, 2, 16, 60 * HZ), 0);

	/* One established entry: every insert after the next one evicts. */
	race_key(&k, 250, 0, &side);
	est = rampart_conn_insert(t, &k, side, T0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(est));
	rampart_conn_set_established(t, est);

	r->t = t;
	r->id[0] = 1;
	r->id[1] = 2;
	r->arg[0] = (struct insert_racer_arg){ .r = r, .me = 0 };
	r->arg[1] = (struct insert_racer_arg){ .r = r, .me = 1 };
	init_completion(&r->done[0]);
	init_completion(&r->done[1]);
	KUNIT_ASSERT_EQ(test, race_start(&task[0], insert_racer, &r->arg[0], cpu0), 0);
	if (race_start(&task[1], insert_racer, &r->arg[1], cpu1)) {
		kthread_stop(task[0]);
		KUNIT_FAIL(test, "cannot start the second thread");
		goto out;
	}
	wake_up_process(task[0]);
	wake_up_process(task[1]);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r->done[0], 60 * RACE_WAIT), 0ul);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r->done[1], 60 * RACE_WAIT), 0ul);

	KUNIT_EXPECT_GT(test, atomic_read(&r->overlapped), RACE_LOOPS / 10);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->inserted) + atomic_read(&r->refused),
			2 * RACE_LOOPS);
	KUNIT_EXPECT_GT(test, atomic64_read(&t->stats.evictions), 1000ll);

	/* Count, hash and list agree; the established entry survived. */
	table_census(t, &hashed, &listed);
	KUNIT_EXPECT_EQ(test, hashed, (unsigned int)atomic_read(&t->count));
	KUNIT_EXPECT_LE(test, hashed, 2u);
	KUNIT_EXPECT_EQ(test, listed, hashed - 1);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, rampart_conn_lookup(t, &k), est);
	rcu_read_unlock();
out:
	rampart_conn_table_destroy(t);
	rcu_barrier();
}

/* ---- a removal racing the establishment of the same entry ---- */

struct establish_race {
	struct rampart_conn_table *t;
	struct rampart_conn *slot;	/* the entry to establish, or NULL */
	atomic_t acked;			/* meetings the establisher finished */
	atomic_t both;			/* meetings where both touched the entry live */
	bool failed;
	struct completion done;
};

static int establisher(void *arg)
{
	struct establish_race *r = arg;
	unsigned long deadline;
	struct rampart_conn *c;
	u32 i;

	for (i = 1; i <= RACE_PAIRS; i++) {
		deadline = jiffies + RACE_WAIT;
		/* Pairs with the remover's release: the entry is initialised. */
		while (!(c = smp_load_acquire(&r->slot))) {
			if (time_after(jiffies, deadline)) {
				WRITE_ONCE(r->failed, true);
				goto out;
			}
			cpu_relax();
		}
		/* The remover holds rcu_read_lock() until acked: c is valid. */
		local_bh_disable();
		if (!test_bit(RAMPART_CONN_F_DEAD, &c->flags))
			atomic_inc(&r->both);
		rampart_conn_set_established(r->t, c);
		local_bh_enable();
		WRITE_ONCE(r->slot, NULL);
		atomic_set_release(&r->acked, i);
	}
out:
	complete(&r->done);
	return 0;
}

static void conn_race_remove_establish(struct kunit *test)
{
	struct rampart_conn_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct establish_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int cpu0, cpu1, side, hashed, listed;
	struct task_struct *task;
	struct rampart_conn_key k;
	struct rampart_conn *c;
	unsigned long deadline;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_GE(test, num_online_cpus(), 2u);
	cpu0 = cpumask_first(cpu_online_mask);
	cpu1 = cpumask_next(cpu0, cpu_online_mask);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(t, 16, 0, 60 * HZ), 0);
	r->t = t;
	init_completion(&r->done);
	KUNIT_ASSERT_EQ(test, race_start(&task, establisher, r, cpu1), 0);
	wake_up_process(task);

	/* This test's thread is the remover, on the other CPU. */
	set_cpus_allowed_ptr(current, cpumask_of(cpu0));
	for (i = 1; i <= RACE_PAIRS; i++) {
		race_key(&k, 7, i, &side);
		rcu_read_lock();
		local_bh_disable();
		c = rampart_conn_insert(t, &k, side, T0);
		local_bh_enable();
		if (IS_ERR(c)) {
			rcu_read_unlock();
			KUNIT_FAIL(test, "insert %u: %ld", i, PTR_ERR(c));
			break;
		}
		/* Published after its insert; the establisher's acquire pairs. */
		smp_store_release(&r->slot, c);
		local_bh_disable();
		rampart_conn_remove(t, c, RAMPART_REMOVED_RST, NULL, T0);
		local_bh_enable();
		deadline = jiffies + RACE_WAIT;
		while ((u32)atomic_read_acquire(&r->acked) != i && !READ_ONCE(r->failed) &&
		       time_before(jiffies, deadline))
			cpu_relax();
		rcu_read_unlock();
		if ((u32)atomic_read(&r->acked) != i) {
			KUNIT_FAIL(test, "meeting %u: the establisher did not answer", i);
			break;
		}
		if (!(i & 255))
			cond_resched();
	}
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r->done, RACE_WAIT), 0ul);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(r->failed));
	/* The establisher saw the entry live in a share of the meetings. */
	KUNIT_EXPECT_GT(test, atomic_read(&r->both), 0);
	table_census(t, &hashed, &listed);
	KUNIT_EXPECT_EQ(test, hashed, 0u);
	KUNIT_EXPECT_EQ(test, listed, 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 0);
	rampart_conn_table_destroy(t);
	rcu_barrier();
}

/* ---- a lowered maximum: bounded evictions per insert, the rest trimmed ---- */

static void conn_trim_bounded(struct kunit *test)
{
	struct rampart_conn_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct rampart_conn_key k;
	unsigned int i, side;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(t, 64, 128, 60 * HZ), 0);
	for (i = 0; i < 64; i++) {
		race_key(&k, 9, i, &side);
		KUNIT_ASSERT_FALSE(test, IS_ERR(rampart_conn_insert(t, &k, side, T0)));
	}
	/* An install lowers the maximum to 8. */
	WRITE_ONCE(t->max, 8);
	race_key(&k, 9, 100, &side);
	KUNIT_EXPECT_EQ(test, PTR_ERR(rampart_conn_insert(t, &k, side, T0)), (long)-ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->stats.evictions),
			(s64)RAMPART_EVICT_PER_INSERT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->stats.full_drops), 1ll);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 64 - RAMPART_EVICT_PER_INSERT);

	/* The GC's bounded step, then the rest. */
	KUNIT_EXPECT_EQ(test, rampart_conn_trim(t, T0, 10), 10u);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 64 - RAMPART_EVICT_PER_INSERT - 10);
	KUNIT_EXPECT_EQ(test, rampart_conn_trim(t, T0, UINT_MAX),
			64u - RAMPART_EVICT_PER_INSERT - 10 - 8);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 8);
	KUNIT_EXPECT_EQ(test, rampart_conn_trim(t, T0, UINT_MAX), 0u);

	/* Back at the maximum: one eviction makes room again. */
	KUNIT_EXPECT_FALSE(test, IS_ERR(rampart_conn_insert(t, &k, side, T0)));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->count), 8);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->stats.full_drops), 1ll);
	rampart_conn_table_destroy(t);
	rcu_barrier();
}

static struct kunit_case conn_race_cases[] = {
	KUNIT_CASE(conn_race_insert_evict),
	KUNIT_CASE(conn_race_remove_establish),
	KUNIT_CASE(conn_trim_bounded),
	{}
};

static struct kunit_suite conn_race_suite = {
	.name = "rampart_conn_race",
	.test_cases = conn_race_cases,
};

kunit_test_suite(conn_race_suite);
