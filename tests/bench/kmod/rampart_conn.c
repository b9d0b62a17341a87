// SPDX-License-Identifier: GPL-2.0
/* Rampart's connection table, as rampart.ko has it, for the benchmark. */
#include "conn.c"

/* The benchmark's entries never carry SMTP inspection state. */
void rampart_smtp_conn_free(struct rampart_smtp_conn *g)
{
	WARN_ON_ONCE(g);
}
