/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replies of rampart.ko, read into plain structs. Parsing checks every
 * attribute the contract (linux/rampart.h) promises: presence, size and
 * value range; a reply that breaks it is rejected with FWADM_E_REPLY.
 * Unknown attributes are ignored, so newer modules stay readable.
 */
#ifndef FWADM_REPLY_H
#define FWADM_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fwadm.h"

struct nlmsghdr;
struct nlattr;

/* What an attribute of the contract holds, for checking its size. */
enum fwadm_attr_kind {
	FWADM_ATTR_U8,
	FWADM_ATTR_U16,
	FWADM_ATTR_U32,
	FWADM_ATTR_S32,
	FWADM_ATTR_U64,
	FWADM_ATTR_STR,		/* NUL-terminated */
	FWADM_ATTR_ADDR,	/* 16 bytes */
	FWADM_ATTR_NEST,
};

/* An attribute type of a set, indexed by type; name NULL: not one we know. */
struct fwadm_attr_spec {
	const char *name;	/* for messages: "RAMPART_A_ABI" */
	enum fwadm_attr_kind kind;
};

/*
 * Index the attributes in [head, head + len) by type into tb[0..max] (the
 * last one of a type that repeats), checking the size of every known one.
 * where names the attribute set in messages. Returns 0, or -1 with err
 * (FWADM_E_REPLY).
 */
int fwadm_attrs_index(struct nlattr **tb, int max,
		      const struct fwadm_attr_spec *spec, struct nlattr *head,
		      int len, const char *where, struct fwadm_err *err);
/* Is every attribute of types[] in tb? Returns 0, or -1 with err. */
int fwadm_attrs_require(struct nlattr **tb,
			const struct fwadm_attr_spec *spec, const int *types,
			size_t ntypes, const char *where, struct fwadm_err *err);
/*
 * The top-level attributes of a generic netlink message from rampart.ko,
 * indexed and checked as fwadm_attrs_index() does (tb has RAMPART_A_MAX + 1
 * entries).
 */
int fwadm_reply_index(struct nlattr **tb, struct nlmsghdr *nlh,
		      struct fwadm_err *err);

struct fwadm_version {
	char *version;		/* module version, "0.1.0" */
	uint32_t abi;
};

/* One stage of a chain; a GET_CHAIN reply fills priority, id and desc,
 * a GET_STATS reply packets, bytes and drops. */
struct fwadm_stage {
	uint8_t dir;		/* enum rampart_dir */
	uint32_t index;
	int32_t priority;
	uint32_t id;		/* enum rampart_stage */
	char *name;
	char *desc;
	uint64_t packets;
	uint64_t bytes;
	uint64_t drops;
};

struct fwadm_chain {
	bool started;
	size_t nstages;
	struct fwadm_stage *stages;	/* in reply order */
};

struct fwadm_drop {
	uint32_t reason;	/* enum rampart_drop_reason */
	char *text;		/* the kernel's text for it */
	uint64_t count;
};

/* The connection table's figures (RAMPART_A_CONN_STATS). */
struct fwadm_conn_stats {
	uint32_t entries, limit;
	uint32_t tombs, tombs_max;	/* remembered removals */
	uint64_t inserts, removals, evictions, full_drops, gc_runs;
	uint64_t late_passed, pickups;
};

struct fwadm_stats {
	bool started;
	size_t nstages;
	struct fwadm_stage *stages;
	size_t ndrops;
	struct fwadm_drop *drops;
	struct fwadm_conn_stats conns;
};

/* One connection of a CONN_GET dump. */
struct fwadm_conn_entry {
	uint32_t id;
	uint8_t family;		/* 4 or 6 */
	uint8_t proto;		/* IPPROTO_* */
	uint8_t src[16];	/* the opener; network order, IPv4 in 4 bytes */
	uint8_t dst[16];
	uint16_t sport, dport;	/* ICMP echo: the identifier */
	uint8_t state;		/* enum rampart_conn_state */
	uint32_t rule;		/* 0: none */
	char *service;		/* NULL: none */
	uint32_t timeout;	/* seconds until it expires */
	uint32_t age;		/* seconds since it was created */
	uint64_t packets[2];	/* [0] from the opener, [1] towards it */
	uint64_t bytes[2];
};

/* The connections of all the messages of one dump. */
struct fwadm_conns {
	size_t n, cap;
	struct fwadm_conn_entry *v;
};

/*
 * Each returns 0 with *out filled (release it with the matching free), or
 * -1 with err filled and *out left empty. *out need not be initialised.
 */
int fwadm_parse_version(struct nlmsghdr *nlh, struct fwadm_version *out,
			struct fwadm_err *err);
int fwadm_parse_chain(struct nlmsghdr *nlh, struct fwadm_chain *out,
		      struct fwadm_err *err);
int fwadm_parse_stats(struct nlmsghdr *nlh, struct fwadm_stats *out,
		      struct fwadm_err *err);

/*
 * Append the RAMPART_A_CONN entries of one CONN_GET message to list, which
 * starts zeroed. On error list keeps what earlier messages gave.
 */
int fwadm_parse_conns(struct nlmsghdr *nlh, struct fwadm_conns *list,
		      struct fwadm_err *err);
/* The RAMPART_A_CONN_COUNT of a CONN_FLUSH reply. */
int fwadm_parse_conn_count(struct nlmsghdr *nlh, uint32_t *count,
			   struct fwadm_err *err);
void fwadm_conns_free(struct fwadm_conns *list);

/* Release what parsing allocated; safe on an empty (zeroed) struct. */
void fwadm_version_free(struct fwadm_version *v);
void fwadm_chain_free(struct fwadm_chain *c);
void fwadm_stats_free(struct fwadm_stats *s);

/*
 * Copy string attribute a (NULL: none) into dst of size bytes, NUL
 * terminated, cut to fit; a missing terminator in a is tolerated.
 */
void fwadm_attr_copy_string(char *dst, size_t size, const struct nlattr *a);

/* "in", "out" or "?" */
const char *fwadm_dir_name(unsigned int dir);

#endif /* FWADM_REPLY_H */
