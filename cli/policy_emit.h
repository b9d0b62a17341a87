/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The canonical text of a policy: what `fwadm policy format' prints.
 * Parsing it gives back an equal tree (policy_equal()). Comments and
 * layout are not kept; settings that were not written are not written.
 */
#ifndef FWADM_POLICY_EMIT_H
#define FWADM_POLICY_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "policy_ast.h"

/*
 * Write p, which policy_check() passed, to out: the settings block, the
 * objects, the services, the smtp resources and the rules, each kind in
 * the order defined, a blank line between kinds.
 */
void policy_emit(const struct policy *p, FILE *out);

/*
 * The same; with stats, each rule's line ends with a comment giving its
 * number and, when read back from rampart.ko, its hits:
 *   rule accept from client to server service smtp;	# rule 2: 17 hits
 */
void policy_emit_stats(const struct policy *p, bool stats, FILE *out);

#endif /* FWADM_POLICY_EMIT_H */
