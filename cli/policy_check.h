/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks of a policy tree that need more than one literal: names
 * (defined once, not reserved, defined where used), group cycles, address
 * values (host bits, reversed ranges, mixed families), settings given to
 * a protocol they do not apply to, and rules (what they refer to, the
 * limit on their number, inspection, families that can never match).
 */
#ifndef FWADM_POLICY_CHECK_H
#define FWADM_POLICY_CHECK_H

#include <stddef.h>

#include "policy_ast.h"
#include "policy_diag.h"

/*
 * Check p and set the target of every ref that names something. Reports
 * to diags; returns the number of errors it found.
 */
size_t policy_check(struct policy *p, struct policy_diags *diags);

#endif /* FWADM_POLICY_CHECK_H */
