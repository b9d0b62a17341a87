// SPDX-License-Identifier: GPL-2.0
/*
 * rampart.ko: module init/exit and per-network-namespace state. Loading the
 * module changes no traffic; a namespace gets hooks only while the firewall
 * is started there (RAMPART_CMD_START).
 */
#include <linux/module.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "rampart.h"
#include "smtp.h"

unsigned int rampart_net_id __read_mostly;

unsigned int rampart_param_max_connections = 262144;
module_param_named(max_connections, rampart_param_max_connections, uint, 0444);
MODULE_PARM_DESC(max_connections,
		 "connections per namespace until a policy sets its own (default 262144)");

/*
 * A namespace whose owner is not the initial user namespace (a container's,
 * or any `unshare -Urn`) is a tenant: its root has CAP_NET_ADMIN there and
 * nowhere else. Its policy and connection table are capped here, below
 * what the host's administrator may give a namespace of its own.
 */
unsigned int rampart_param_userns_max_connections = 65536;
module_param_named(userns_max_connections, rampart_param_userns_max_connections, uint, 0644);
MODULE_PARM_DESC(userns_max_connections,
		 "connections at most in a namespace not owned by the initial user namespace (default 65536)");

static unsigned int policy_memory_mb = 512;
module_param(policy_memory_mb, uint, 0644);
MODULE_PARM_DESC(policy_memory_mb,
		 "MiB at most of a compiled policy, address sets and service lists (default 512)");

static unsigned int userns_policy_memory_mb = 32;
module_param(userns_policy_memory_mb, uint, 0644);
MODULE_PARM_DESC(userns_policy_memory_mb,
		 "the same in a namespace not owned by the initial user namespace (default 32)");

bool rampart_net_tenant(const struct net *net)
{
	return net->user_ns != &init_user_ns;
}

/* Connections of a namespace whose policy sets no maximum. */
u32 rampart_default_max_connections(const struct net *net)
{
	u32 max = READ_ONCE(rampart_param_max_connections);

	if (rampart_net_tenant(net))
		max = min(max, READ_ONCE(rampart_param_userns_max_connections));
	return max;
}

size_t rampart_policy_memory_limit(const struct net *net, const char **param)
{
	*param = rampart_net_tenant(net) ? "userns_policy_memory_mb" : "policy_memory_mb";
	return (size_t)READ_ONCE(*(rampart_net_tenant(net) ? &userns_policy_memory_mb :
				   &policy_memory_mb)) << 20;
}

/*
 * What the GC allocates for a namespace (the removal memory of what it
 * expires) is charged as the packet path's is: to the memory cgroup of the
 * policy's installer. Returns it held, or NULL.
 */
static struct mem_cgroup *gc_memcg(struct rampart_net *rn)
{
	struct mem_cgroup *memcg = NULL;
#ifdef CONFIG_MEMCG
	const struct rampart_policy *p;

	rcu_read_lock();
	p = rcu_dereference(rn->policy);
	if (p && p->memcg && css_tryget(&p->memcg->css))
		memcg = p->memcg;
	rcu_read_unlock();
#endif
	return memcg;
}

static unsigned int remembered_removals = 16384;
module_param(remembered_removals, uint, 0444);
MODULE_PARM_DESC(remembered_removals,
		 "removed connections remembered per namespace to explain late packets (default 16384)");

/* How long a removed connection is remembered, and how the GC paces itself. */
#define RAMPART_TOMB_AGE	(60 * HZ)
#define RAMPART_GC_INTERVAL	(HZ / 2)
#define RAMPART_GC_BUDGET	1024

static void rampart_gc_work(struct work_struct *work)
{
	struct rampart_net *rn = container_of(to_delayed_work(work),
					      struct rampart_net, gc_work);
	struct mem_cgroup *memcg = gc_memcg(rn), *old;
	bool done;

	old = set_active_memcg(memcg);
	done = rampart_conn_gc(&rn->conns, jiffies, RAMPART_GC_BUDGET);
	/* Over a lowered maximum: trim in steps here, not per packet. */
	if (rampart_conn_trim(&rn->conns, jiffies, RAMPART_GC_BUDGET) == RAMPART_GC_BUDGET)
		done = false;
	set_active_memcg(old);
	mem_cgroup_put(memcg);
	/* An unfinished pass continues at once, in a new work item. */
	if (READ_ONCE(rn->started))
		queue_delayed_work(system_power_efficient_wq, &rn->gc_work,
				   done ? RAMPART_GC_INTERVAL : 1);
}

static int __net_init rampart_net_init(struct net *net)
{
	struct rampart_net *rn = rampart_pernet(net);
	int err;

	rn->net = net;
	mutex_init(&rn->lock);
	rn->started = false;
	INIT_DELAYED_WORK(&rn->gc_work, rampart_gc_work);
	rampart_policy_net_init(rn);
	rampart_event_net_init(rn);
	rampart_monitor_net_init(rn);
	rn->stats = alloc_percpu_gfp(struct rampart_pcpu_stats, GFP_KERNEL_ACCOUNT);
	rn->stats_base = kzalloc(sizeof(*rn->stats_base), GFP_KERNEL_ACCOUNT);
	err = rn->stats && rn->stats_base ? 0 : -ENOMEM;
	if (!err)
		err = rampart_conn_table_init(&rn->conns, rampart_default_max_connections(net),
					      remembered_removals, RAMPART_TOMB_AGE);
	if (err) {
		free_percpu(rn->stats);
		kfree(rn->stats_base);
		return err;
	}
	return 0;
}

static void __net_exit rampart_net_pre_exit(struct net *net)
{
	struct rampart_net *rn = rampart_pernet(net);

	mutex_lock(&rn->lock);
	rampart_chain_stop(rn);
	mutex_unlock(&rn->lock);
}

static void __net_exit rampart_net_exit(struct net *net)
{
	struct rampart_net *rn = rampart_pernet(net);

	cancel_delayed_work_sync(&rn->gc_work);
	rampart_monitor_net_exit(rn);
	rampart_policy_net_exit(rn);
	rampart_conn_table_destroy(&rn->conns);
	free_percpu(rn->stats);
	rn->stats = NULL;
	kfree(rn->stats_base);
	rn->stats_base = NULL;
	mutex_destroy(&rn->lock);
}

static struct pernet_operations rampart_net_ops = {
	.init = rampart_net_init,
	.pre_exit = rampart_net_pre_exit,
	.exit = rampart_net_exit,
	.id = &rampart_net_id,
	.size = sizeof(struct rampart_net),
};

static int __init rampart_init(void)
{
	int err;

	err = rampart_chain_init();
	if (err)
		return err;
	rampart_smtp_init_key();
	err = rampart_conn_init();
	if (err)
		return err;
	err = register_pernet_subsys(&rampart_net_ops);
	if (err)
		goto err_conn;
	err = rampart_policy_init();
	if (err)
		goto err_pernet;
	err = rampart_monitor_init();
	if (err)
		goto err_policy;
	err = rampart_genl_init();
	if (err)
		goto err_monitor;
	pr_info("rampart " RAMPART_VERSION " loaded\n");
	return 0;

err_monitor:
	rampart_monitor_exit();
err_policy:
	rampart_policy_exit();
	unregister_pernet_subsys(&rampart_net_ops);
	rampart_policy_free_wait();
	rampart_conn_exit();
	return err;
err_pernet:
	unregister_pernet_subsys(&rampart_net_ops);
err_conn:
	rampart_conn_exit();
	return err;
}

static void __exit rampart_exit(void)
{
	/* No new start after this; then every namespace's hooks go. */
	rampart_genl_exit();
	rampart_monitor_exit();
	rampart_policy_exit();
	unregister_pernet_subsys(&rampart_net_ops);
	/* Policies replaced by an install are freed after a grace period. */
	rampart_policy_free_wait();
	rampart_monitor_flush();
	rampart_conn_exit();
}

module_init(rampart_init);
module_exit(rampart_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Rampart stateful firewall with SMTP inspection");
MODULE_VERSION(RAMPART_VERSION);
MODULE_ALIAS_GENL_FAMILY(RAMPART_GENL_NAME);
