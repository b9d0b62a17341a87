// SPDX-License-Identifier: GPL-2.0
/*
 * rampart.ko: module init/exit and per-network-namespace state. Loading the
 * module changes no traffic; a namespace gets hooks only while the firewall
 * is started there (RAMPART_CMD_START).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "rampart.h"

unsigned int rampart_net_id __read_mostly;

static int __net_init rampart_net_init(struct net *net)
{
	struct rampart_net *rn = rampart_pernet(net);

	rn->net = net;
	mutex_init(&rn->lock);
	rn->started = false;
	rn->stats = alloc_percpu(struct rampart_pcpu_stats);
	if (!rn->stats)
		return -ENOMEM;
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

	free_percpu(rn->stats);
	rn->stats = NULL;
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
	err = register_pernet_subsys(&rampart_net_ops);
	if (err)
		return err;
	err = rampart_genl_init();
	if (err)
		goto err_pernet;
	pr_info("rampart " RAMPART_VERSION " loaded\n");
	return 0;

err_pernet:
	unregister_pernet_subsys(&rampart_net_ops);
	return err;
}

static void __exit rampart_exit(void)
{
	/* No new start after this; then every namespace's hooks go. */
	rampart_genl_exit();
	unregister_pernet_subsys(&rampart_net_ops);
}

module_init(rampart_init);
module_exit(rampart_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Rampart stateful firewall with SMTP inspection");
MODULE_VERSION(RAMPART_VERSION);
MODULE_ALIAS_GENL_FAMILY(RAMPART_GENL_NAME);
