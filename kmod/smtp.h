/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The smtp stage (kmod/smtp.c): SMTP inspection of the connections a rule
 * with `inspect NAME' accepted.
 */
#ifndef RAMPART_SMTP_H
#define RAMPART_SMTP_H

#include <linux/percpu.h>

struct rampart_net;
struct rampart_chain_stage;
struct rampart_smtp_conn;
struct sk_buff;
struct nf_hook_state;

/* Nonzero while this CPU sends a segment of its own; our stages pass it. */
DECLARE_PER_CPU(unsigned int, rampart_smtp_sending);

/* Frees a connection's inspection state (NULL: nothing). */
void rampart_smtp_conn_free(struct rampart_smtp_conn *g);

/* Once at module load: the secret key of the stream hashes. */
void rampart_smtp_init_key(void);

unsigned int rampart_stage_smtp(struct rampart_net *rn,
				const struct rampart_chain_stage *st,
				struct sk_buff *skb,
				const struct nf_hook_state *state);

#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit: takes (and frees) each segment the stage would send. */
extern void (*rampart_smtp_test_xmit)(struct sk_buff *skb);
#endif

#endif /* RAMPART_SMTP_H */
