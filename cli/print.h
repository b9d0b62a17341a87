/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing parsed replies. Pure functions of the structs: no kernel, no
 * global state, so the exact output is unit-tested.
 */
#ifndef FWADM_PRINT_H
#define FWADM_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "reply.h"

/* "rampart.ko 0.1.0 (abi 1)" */
void fwadm_print_version(FILE *f, const struct fwadm_version *v);

/* "firewall: started" or "firewall: stopped (...)" */
void fwadm_print_started(FILE *f, bool started);

/*
 * The state line, then per direction (in, out) "in chain (N):" and one
 * " %2u: %5d %s (%s)" line per stage: index, priority, name, description.
 * Stages are listed by index.
 */
void fwadm_print_chain(FILE *f, const struct fwadm_chain *c);

/*
 * The state line, a table per chain (position, stage, packets, bytes,
 * drops), the connection table's figures, then the drop reasons with a
 * non-zero count, or all of them when all is set.
 */
void fwadm_print_stats(FILE *f, const struct fwadm_stats *s, bool all);

/* The same as one JSON object. */
void fwadm_print_stats_json(FILE *f, const struct fwadm_stats *s, bool all);

/*
 * The connections as a table, one line each in the order given, under a
 * header line (only the header when there are none): ID, PROTO, SOURCE
 * and DESTINATION (ADDR:PORT, IPv6 in brackets), STATE, SERVICE, RULE,
 * TIMEOUT ("7187s"), then packets/bytes from the opener and towards it.
 */
void fwadm_print_conns(FILE *f, const struct fwadm_conns *list);

/* The same as one JSON object {"connections": [...]}. */
void fwadm_print_conns_json(FILE *f, const struct fwadm_conns *list);

/* "ESTABLISHED" etc. for an enum rampart_conn_state, NULL if unknown. */
const char *fwadm_conn_state_name(unsigned int state);

/* "tcp", "udp", "icmp", "icmpv6", or NULL for another protocol. */
const char *fwadm_proto_name(unsigned int proto);

/* s as a JSON string literal, quotes included. */
void fwadm_print_json_string(FILE *f, const char *s);

#endif /* FWADM_PRINT_H */
