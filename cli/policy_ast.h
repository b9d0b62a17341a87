/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A policy as a tree: what a policy file says, in the order it says it,
 * with the place in the file of everything that can be wrong.
 *
 * The tree is the one form every later step works on: policy_parse()
 * builds it from text, policy_check() resolves names and reports what is
 * inconsistent, policy_emit() writes it back as canonical text, and the
 * netlink encoder walks it. A policy read back from the kernel is rebuilt
 * with the policy_add_*() functions; such a tree has no places (line 0).
 *
 * Settings keep whether they were written: a struct policy_value that is
 * not set means "the default applies" (policy_settings.h says which).
 */
#ifndef FWADM_POLICY_AST_H
#define FWADM_POLICY_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of the language (docs/policy.md, "Limits"). */
#define POLICY_MAX_RULES	65535	/* rule numbers are 16 bits */
#define POLICY_NAME_MAX		63	/* characters in a name */
#define POLICY_IFNAME_MAX	15	/* IFNAMSIZ - 1 */

/*
 * A place in a policy text: one token, which never spans lines. Columns
 * count bytes from 1; end_col is the column of the token's last byte.
 * line 0: no place (a tree not read from text).
 */
struct policy_loc {
	uint32_t line;
	uint32_t col;
	uint32_t end_col;
};

/* Address families, as bits so a group can hold both. */
enum {
	POLICY_IPV4 = 1,
	POLICY_IPV6 = 2,
	POLICY_ANY_FAMILY = POLICY_IPV4 | POLICY_IPV6,
};

struct policy_addr {
	uint8_t family;		/* POLICY_IPV4 or POLICY_IPV6 */
	uint8_t bytes[16];	/* network order; IPv4 uses the first 4 */
};

/*
 * A name used where an object, a service or an smtp resource is meant.
 * policy_check() sets target to the index of what it names in its array
 * of the policy, or to POLICY_TARGET_ANY for the built-in `any'.
 */
struct policy_ref {
	char *name;
	struct policy_loc loc;
	size_t target;
};

#define POLICY_TARGET_ANY	SIZE_MAX
#define POLICY_TARGET_NONE	(SIZE_MAX - 1)	/* not (or not yet) resolved */

struct policy_refs {
	struct policy_ref *v;
	size_t n, cap;
};

/* A setting: set (written) or not (its default applies). */
struct policy_value {
	bool set;
	uint32_t value;		/* a number, or the index of a word choice */
	struct policy_loc loc;	/* the setting's keyword */
};

enum policy_object_kind {
	POLICY_HOST,
	POLICY_NETWORK,
	POLICY_RANGE,
	POLICY_GROUP,
};

struct policy_object {
	enum policy_object_kind kind;
	char *name;
	struct policy_loc loc;		/* the name */
	struct policy_loc value_loc;	/* the address, prefix or range */
	struct policy_addr addr;	/* host, network; range: first address */
	struct policy_addr last;	/* range: last address */
	uint8_t prefix_len;		/* network */
	struct policy_refs members;	/* group, in the order written */
	bool invalid;			/* its value was unreadable (reported) */
};

enum policy_proto {
	POLICY_TCP,
	POLICY_UDP,
	POLICY_ICMP,
	POLICY_ICMPV6,
	POLICY_PROTO_COUNT
};

/* What a service matches: a port or port range; for ICMP, one type. */
struct policy_span {
	uint16_t first, last;
	struct policy_loc loc;
};

/* Settings of a service, and the per-protocol defaults in settings { }. */
enum policy_service_setting {
	POLICY_TIMEOUT_START,
	POLICY_TIMEOUT_IDLE,
	POLICY_TIMEOUT_END,
	POLICY_OUT_OF_STATE,
	POLICY_PICKUP,
	POLICY_SERVICE_SETTING_COUNT
};

enum policy_global_setting {
	POLICY_MAX_CONNECTIONS,
	POLICY_LATE_PACKET_GRACE,
	POLICY_GLOBAL_SETTING_COUNT
};

/* Values of the word settings: the index of the word in its choices. */
enum policy_out_of_state { POLICY_OOS_DROP, POLICY_OOS_ACCEPT };
enum policy_switch { POLICY_OFF, POLICY_ON };
enum policy_track { POLICY_TRACK_NONE, POLICY_TRACK_LOG };
enum policy_action { POLICY_ACCEPT, POLICY_DROP, POLICY_REJECT };

struct policy_service {
	char *name;
	struct policy_loc loc;		/* the name */
	enum policy_proto proto;
	struct policy_span *spans;	/* tcp, udp: ports; icmp: types */
	size_t n_spans, cap_spans;
	struct policy_value settings[POLICY_SERVICE_SETTING_COUNT];
	bool invalid;
};

/* Options of an smtp resource with one value each (policy_smtp_settings). */
enum policy_smtp_setting {
	POLICY_SMTP_MAX_LINE,
	POLICY_SMTP_MAX_REPLY_LINE,
	POLICY_SMTP_MAX_RECIPIENTS,
	POLICY_SMTP_MAX_SIZE,
	POLICY_SMTP_STARTTLS,
	POLICY_SMTP_BANNER,
	POLICY_SMTP_SMUGGLING,
	POLICY_SMTP_ACTION,		/* every check's action */
	POLICY_SMTP_SETTING_COUNT
};

enum policy_starttls { POLICY_STARTTLS_ALLOW, POLICY_STARTTLS_DENY };
enum policy_banner { POLICY_BANNER_PASS, POLICY_BANNER_MASK };
enum policy_smtp_action { POLICY_SMTP_LOG, POLICY_SMTP_REJECT, POLICY_SMTP_RESET };

/* The checks, numbered as enum rampart_smtp_check; 0 is none. */
#define POLICY_SMTP_CHECK_COUNT	11
#define POLICY_SMTP_VERB_MAX	15	/* bytes of a verb */
#define POLICY_SMTP_EXTRA_VERBS	8	/* verbs beyond the known ones */
#define POLICY_SMTP_PATTERN_MAX	127	/* bytes of an address pattern */
#define POLICY_SMTP_PATTERNS	8	/* per list */

/*
 * An SMTP inspection resource. A list that is empty is not set (its
 * default applies); verbs are upper case, the known ones first in their
 * order (policy_smtp_known_verbs), then the others as written.
 */
struct policy_smtp {
	char *name;
	struct policy_loc loc;
	struct policy_value settings[POLICY_SMTP_SETTING_COUNT];
	struct policy_value check_action[POLICY_SMTP_CHECK_COUNT];
	struct policy_refs verbs, senders, recipients;
	struct policy_loc verbs_loc, senders_loc, recipients_loc;
};

struct policy_rule {
	struct policy_loc loc;		/* the word `rule' */
	enum policy_action action;
	struct policy_refs from, to;	/* objects; one ref `any' for all */
	struct policy_refs services;	/* services; one ref `any' for all */
	struct policy_ref in_iface;	/* name NULL: any interface */
	struct policy_ref out_iface;	/* name NULL: any interface */
	struct policy_value track;
	struct policy_ref inspect;	/* smtp resource; name NULL: none */
	bool invalid;			/* not read completely (reported) */
	/* Read back from rampart.ko: the rule's hit count, when it gave one. */
	bool hits_set;
	uint64_t hits;
};

struct policy_settings {
	struct policy_loc loc;		/* the first word `settings' */
	struct policy_value global[POLICY_GLOBAL_SETTING_COUNT];
	struct policy_value proto[POLICY_PROTO_COUNT][POLICY_SERVICE_SETTING_COUNT];
};

struct policy {
	struct policy_settings settings;
	struct policy_object *objects;	/* in the order defined */
	size_t n_objects, cap_objects;
	struct policy_service *services;
	size_t n_services, cap_services;
	struct policy_smtp *smtps;
	size_t n_smtps, cap_smtps;
	struct policy_rule *rules;	/* rule N is rules[N - 1] */
	size_t n_rules, cap_rules;
};

struct policy *policy_new(void);
void policy_free(struct policy *p);
void policy_refs_free(struct policy_refs *refs);

/*
 * Append an element, zeroed but for its name (copied, len bytes) and
 * place; refs start unresolved. They return the new element, which stays
 * valid until the next append to the same array.
 */
struct policy_object *policy_add_object(struct policy *p,
					enum policy_object_kind kind,
					const char *name, size_t len,
					struct policy_loc loc);
struct policy_service *policy_add_service(struct policy *p,
					  enum policy_proto proto,
					  const char *name, size_t len,
					  struct policy_loc loc);
struct policy_smtp *policy_add_smtp(struct policy *p, const char *name,
				    size_t len, struct policy_loc loc);
struct policy_rule *policy_add_rule(struct policy *p, struct policy_loc loc);
struct policy_ref *policy_add_ref(struct policy_refs *refs, const char *name,
				  size_t len, struct policy_loc loc);
struct policy_span *policy_add_span(struct policy_service *s, uint16_t first,
				    uint16_t last, struct policy_loc loc);
/* Give a single ref (interface, inspect) its name; replaces any old one. */
void policy_set_ref(struct policy_ref *ref, const char *name, size_t len,
		    struct policy_loc loc);

/*
 * Do two trees say the same thing? Places, resolved targets and the
 * invalid marks are not compared; names, order and every setting (set or
 * not, and its value when set) are.
 */
bool policy_equal(const struct policy *a, const struct policy *b);

/* The address as text ("192.0.2.1", "2001:db8::1"); buf holds 46 bytes. */
#define POLICY_ADDR_TEXT_MAX 46
const char *policy_addr_text(const struct policy_addr *a, char *buf);
/* Negative, 0 or positive as a is below, equal to or above b (same family). */
int policy_addr_compare(const struct policy_addr *a, const struct policy_addr *b);
/* Address bits of the family: 32 or 128. */
unsigned int policy_addr_bits(const struct policy_addr *a);

/* Memory exhaustion ends the program: a policy tool has nothing to save. */
void *policy_xrealloc(void *ptr, size_t size);
char *policy_xstrndup(const char *s, size_t len);

/* Grow array arr (of *cap elements) to hold at least need elements. */
void *policy_grow(void *arr, size_t *cap, size_t need, size_t size);

#endif /* FWADM_POLICY_AST_H */
