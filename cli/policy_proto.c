// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol names and ICMP/ICMPv6 type names. The type numbers are those of
 * RFC 792 and IANA's ICMP parameters (IPv4), RFC 4443, RFC 4861 and RFC
 * 3810 (IPv6); the names are the ones nftables uses, so an admin who knows
 * `nft describe icmp type' knows these.
 */
#include <string.h>

#include "policy_proto.h"

static const char *const proto_names[POLICY_PROTO_COUNT] = {
	[POLICY_TCP] = "tcp",
	[POLICY_UDP] = "udp",
	[POLICY_ICMP] = "icmp",
	[POLICY_ICMPV6] = "icmpv6",
};

struct icmp_type_name {
	uint8_t type;
	const char *name;
};

static const struct icmp_type_name icmp_types[] = {
	{ 0, "echo-reply" },
	{ 3, "destination-unreachable" },
	{ 4, "source-quench" },
	{ 5, "redirect" },
	{ 8, "echo-request" },
	{ 9, "router-advertisement" },
	{ 10, "router-solicitation" },
	{ 11, "time-exceeded" },
	{ 12, "parameter-problem" },
	{ 13, "timestamp-request" },
	{ 14, "timestamp-reply" },
	{ 15, "info-request" },
	{ 16, "info-reply" },
	{ 17, "address-mask-request" },
	{ 18, "address-mask-reply" },
};

static const struct icmp_type_name icmpv6_types[] = {
	{ 1, "destination-unreachable" },
	{ 2, "packet-too-big" },
	{ 3, "time-exceeded" },
	{ 4, "parameter-problem" },
	{ 128, "echo-request" },
	{ 129, "echo-reply" },
	{ 130, "mld-listener-query" },
	{ 131, "mld-listener-report" },
	{ 132, "mld-listener-done" },
	{ 133, "nd-router-solicit" },
	{ 134, "nd-router-advert" },
	{ 135, "nd-neighbor-solicit" },
	{ 136, "nd-neighbor-advert" },
	{ 137, "nd-redirect" },
	{ 138, "router-renumbering" },
	{ 141, "ind-neighbor-solicit" },
	{ 142, "ind-neighbor-advert" },
	{ 143, "mld2-listener-report" },
};

const char *policy_proto_name(enum policy_proto proto)
{
	return (unsigned int)proto < POLICY_PROTO_COUNT ? proto_names[proto] : "?";
}

static bool word_is(const char *word, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(word, name, len) == 0;
}

bool policy_proto_lookup(const char *word, size_t len, enum policy_proto *proto)
{
	unsigned int i;

	for (i = 0; i < POLICY_PROTO_COUNT; i++) {
		if (word_is(word, len, proto_names[i])) {
			*proto = i;
			return true;
		}
	}
	return false;
}

bool policy_proto_has_ports(enum policy_proto proto)
{
	return proto == POLICY_TCP || proto == POLICY_UDP;
}

unsigned int policy_proto_families(enum policy_proto proto)
{
	switch (proto) {
	case POLICY_ICMP:
		return POLICY_IPV4;
	case POLICY_ICMPV6:
		return POLICY_IPV6;
	default:
		return POLICY_ANY_FAMILY;
	}
}

static const struct icmp_type_name *type_table(enum policy_proto proto,
					       size_t *n)
{
	if (proto == POLICY_ICMPV6) {
		*n = sizeof(icmpv6_types) / sizeof(icmpv6_types[0]);
		return icmpv6_types;
	}
	*n = sizeof(icmp_types) / sizeof(icmp_types[0]);
	return icmp_types;
}

const char *policy_icmp_type_name(enum policy_proto proto, unsigned int type)
{
	size_t i, n;
	const struct icmp_type_name *t = type_table(proto, &n);

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return t[i].name;
	return NULL;
}

bool policy_icmp_type_lookup(enum policy_proto proto, const char *word,
			     size_t len, uint8_t *type)
{
	size_t i, n;
	const struct icmp_type_name *t = type_table(proto, &n);

	for (i = 0; i < n; i++) {
		if (word_is(word, len, t[i].name)) {
			*type = t[i].type;
			return true;
		}
	}
	return false;
}
