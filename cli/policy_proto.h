/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocols a policy service can name, and the ICMP and ICMPv6 message
 * types by name (the names nftables uses).
 */
#ifndef FWADM_POLICY_PROTO_H
#define FWADM_POLICY_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy_ast.h"

/* "tcp", "udp", "icmp", "icmpv6". */
const char *policy_proto_name(enum policy_proto proto);
bool policy_proto_lookup(const char *word, size_t len, enum policy_proto *proto);
/* tcp and udp services list ports; icmp and icmpv6 services list types. */
bool policy_proto_has_ports(enum policy_proto proto);
/* The address families a protocol is carried over (POLICY_IPV4/IPV6 bits). */
unsigned int policy_proto_families(enum policy_proto proto);

/* The name of an ICMP (or ICMPv6) type, or NULL when it has none. */
const char *policy_icmp_type_name(enum policy_proto proto, unsigned int type);
bool policy_icmp_type_lookup(enum policy_proto proto, const char *word,
			     size_t len, uint8_t *type);

#endif /* FWADM_POLICY_PROTO_H */
