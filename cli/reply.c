// SPDX-License-Identifier: GPL-2.0
/*
 * Reading GET_VERSION, GET_CHAIN, GET_STATS, CONN_GET and CONN_FLUSH
 * replies into structs, and the attribute checks every reader of replies
 * shares.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "reply.h"

static const struct fwadm_attr_spec top_spec[RAMPART_A_MAX + 1] = {
	[RAMPART_A_VERSION] = { "RAMPART_A_VERSION", FWADM_ATTR_STR },
	[RAMPART_A_ABI] = { "RAMPART_A_ABI", FWADM_ATTR_U32 },
	[RAMPART_A_STARTED] = { "RAMPART_A_STARTED", FWADM_ATTR_U8 },
	[RAMPART_A_CHAIN] = { "RAMPART_A_CHAIN", FWADM_ATTR_NEST },
	[RAMPART_A_STAGE_STATS] = { "RAMPART_A_STAGE_STATS", FWADM_ATTR_NEST },
	[RAMPART_A_DROP_STATS] = { "RAMPART_A_DROP_STATS", FWADM_ATTR_NEST },
	[RAMPART_A_STAGE] = { "RAMPART_A_STAGE", FWADM_ATTR_NEST },
	[RAMPART_A_DROP] = { "RAMPART_A_DROP", FWADM_ATTR_NEST },
	[RAMPART_A_POLICY_TICKET] = { "RAMPART_A_POLICY_TICKET", FWADM_ATTR_U32 },
	[RAMPART_A_POLICY_FLAGS] = { "RAMPART_A_POLICY_FLAGS", FWADM_ATTR_U32 },
	[RAMPART_A_POLICY_GENERATION] = { "RAMPART_A_POLICY_GENERATION",
					  FWADM_ATTR_U32 },
	[RAMPART_A_SETTINGS] = { "RAMPART_A_SETTINGS", FWADM_ATTR_NEST },
	[RAMPART_A_OBJECT] = { "RAMPART_A_OBJECT", FWADM_ATTR_NEST },
	[RAMPART_A_SERVICE] = { "RAMPART_A_SERVICE", FWADM_ATTR_NEST },
	[RAMPART_A_SMTP] = { "RAMPART_A_SMTP", FWADM_ATTR_NEST },
	[RAMPART_A_RULE] = { "RAMPART_A_RULE", FWADM_ATTR_NEST },
	[RAMPART_A_CONN] = { "RAMPART_A_CONN", FWADM_ATTR_NEST },
	[RAMPART_A_CONN_COUNT] = { "RAMPART_A_CONN_COUNT", FWADM_ATTR_U32 },
	[RAMPART_A_CONN_STATS] = { "RAMPART_A_CONN_STATS", FWADM_ATTR_NEST },
};

static const struct fwadm_attr_spec stage_spec[RAMPART_STAGE_A_MAX + 1] = {
	[RAMPART_STAGE_A_DIR] = { "RAMPART_STAGE_A_DIR", FWADM_ATTR_U8 },
	[RAMPART_STAGE_A_INDEX] = { "RAMPART_STAGE_A_INDEX", FWADM_ATTR_U32 },
	[RAMPART_STAGE_A_PRIORITY] = { "RAMPART_STAGE_A_PRIORITY", FWADM_ATTR_S32 },
	[RAMPART_STAGE_A_ID] = { "RAMPART_STAGE_A_ID", FWADM_ATTR_U32 },
	[RAMPART_STAGE_A_NAME] = { "RAMPART_STAGE_A_NAME", FWADM_ATTR_STR },
	[RAMPART_STAGE_A_DESC] = { "RAMPART_STAGE_A_DESC", FWADM_ATTR_STR },
	[RAMPART_STAGE_A_PACKETS] = { "RAMPART_STAGE_A_PACKETS", FWADM_ATTR_U64 },
	[RAMPART_STAGE_A_BYTES] = { "RAMPART_STAGE_A_BYTES", FWADM_ATTR_U64 },
	[RAMPART_STAGE_A_DROPS] = { "RAMPART_STAGE_A_DROPS", FWADM_ATTR_U64 },
};

static const struct fwadm_attr_spec drop_spec[RAMPART_DROP_A_MAX + 1] = {
	[RAMPART_DROP_A_REASON] = { "RAMPART_DROP_A_REASON", FWADM_ATTR_U32 },
	[RAMPART_DROP_A_TEXT] = { "RAMPART_DROP_A_TEXT", FWADM_ATTR_STR },
	[RAMPART_DROP_A_COUNT] = { "RAMPART_DROP_A_COUNT", FWADM_ATTR_U64 },
};

static const struct fwadm_attr_spec conn_spec[RAMPART_CONN_A_MAX + 1] = {
	[RAMPART_CONN_A_ID] = { "RAMPART_CONN_A_ID", FWADM_ATTR_U32 },
	[RAMPART_CONN_A_FAMILY] = { "RAMPART_CONN_A_FAMILY", FWADM_ATTR_U8 },
	[RAMPART_CONN_A_PROTO] = { "RAMPART_CONN_A_PROTO", FWADM_ATTR_U8 },
	[RAMPART_CONN_A_SRC] = { "RAMPART_CONN_A_SRC", FWADM_ATTR_ADDR },
	[RAMPART_CONN_A_DST] = { "RAMPART_CONN_A_DST", FWADM_ATTR_ADDR },
	[RAMPART_CONN_A_SPORT] = { "RAMPART_CONN_A_SPORT", FWADM_ATTR_U16 },
	[RAMPART_CONN_A_DPORT] = { "RAMPART_CONN_A_DPORT", FWADM_ATTR_U16 },
	[RAMPART_CONN_A_STATE] = { "RAMPART_CONN_A_STATE", FWADM_ATTR_U8 },
	[RAMPART_CONN_A_RULE] = { "RAMPART_CONN_A_RULE", FWADM_ATTR_U32 },
	[RAMPART_CONN_A_SERVICE] = { "RAMPART_CONN_A_SERVICE", FWADM_ATTR_STR },
	[RAMPART_CONN_A_TIMEOUT] = { "RAMPART_CONN_A_TIMEOUT", FWADM_ATTR_U32 },
	[RAMPART_CONN_A_AGE] = { "RAMPART_CONN_A_AGE", FWADM_ATTR_U32 },
	[RAMPART_CONN_A_PACKETS_ORIG] = { "RAMPART_CONN_A_PACKETS_ORIG",
					  FWADM_ATTR_U64 },
	[RAMPART_CONN_A_BYTES_ORIG] = { "RAMPART_CONN_A_BYTES_ORIG",
					FWADM_ATTR_U64 },
	[RAMPART_CONN_A_PACKETS_REPLY] = { "RAMPART_CONN_A_PACKETS_REPLY",
					   FWADM_ATTR_U64 },
	[RAMPART_CONN_A_BYTES_REPLY] = { "RAMPART_CONN_A_BYTES_REPLY",
					 FWADM_ATTR_U64 },
};

static const struct fwadm_attr_spec cs_spec[RAMPART_CS_A_MAX + 1] = {
	[RAMPART_CS_A_ENTRIES] = { "RAMPART_CS_A_ENTRIES", FWADM_ATTR_U32 },
	[RAMPART_CS_A_LIMIT] = { "RAMPART_CS_A_LIMIT", FWADM_ATTR_U32 },
	[RAMPART_CS_A_TOMBS] = { "RAMPART_CS_A_TOMBS", FWADM_ATTR_U32 },
	[RAMPART_CS_A_TOMBS_MAX] = { "RAMPART_CS_A_TOMBS_MAX", FWADM_ATTR_U32 },
	[RAMPART_CS_A_INSERTS] = { "RAMPART_CS_A_INSERTS", FWADM_ATTR_U64 },
	[RAMPART_CS_A_REMOVALS] = { "RAMPART_CS_A_REMOVALS", FWADM_ATTR_U64 },
	[RAMPART_CS_A_EVICTIONS] = { "RAMPART_CS_A_EVICTIONS", FWADM_ATTR_U64 },
	[RAMPART_CS_A_FULL_DROPS] = { "RAMPART_CS_A_FULL_DROPS", FWADM_ATTR_U64 },
	[RAMPART_CS_A_GC_RUNS] = { "RAMPART_CS_A_GC_RUNS", FWADM_ATTR_U64 },
	[RAMPART_CS_A_LATE_PASSED] = { "RAMPART_CS_A_LATE_PASSED",
				       FWADM_ATTR_U64 },
	[RAMPART_CS_A_PICKUPS] = { "RAMPART_CS_A_PICKUPS", FWADM_ATTR_U64 },
};

static const char *const kind_name[] = {
	[FWADM_ATTR_U8] = "a u8",
	[FWADM_ATTR_U16] = "a u16",
	[FWADM_ATTR_U32] = "a u32",
	[FWADM_ATTR_S32] = "an s32",
	[FWADM_ATTR_U64] = "a u64",
	[FWADM_ATTR_STR] = "a NUL-terminated string",
	[FWADM_ATTR_ADDR] = "a 16-byte address",
	[FWADM_ATTR_NEST] = "a nest",
};

static bool attr_fits(const struct nlattr *a, enum fwadm_attr_kind kind)
{
	int len = nla_len(a);

	switch (kind) {
	case FWADM_ATTR_U8:
		return len == 1;
	case FWADM_ATTR_U16:
		return len == 2;
	case FWADM_ATTR_U32:
	case FWADM_ATTR_S32:
		return len == 4;
	case FWADM_ATTR_U64:
		return len == 8;
	case FWADM_ATTR_STR:
		return len >= 1 && memchr(nla_data(a), '\0', (size_t)len);
	case FWADM_ATTR_ADDR:
		return len == 16;
	case FWADM_ATTR_NEST:
		return len >= 0;
	}
	return false;
}

int fwadm_attrs_index(struct nlattr **tb, int max,
		      const struct fwadm_attr_spec *spec, struct nlattr *head,
		      int len, const char *where, struct fwadm_err *err)
{
	struct nlattr *a;
	int rem;

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);

		if (type > max || !spec[type].name)
			continue;
		if (!attr_fits(a, spec[type].kind)) {
			fwadm_err_set(err, FWADM_E_REPLY, 0,
				      "%s: %s is not %s (%d bytes)", where,
				      spec[type].name, kind_name[spec[type].kind],
				      nla_len(a));
			return -1;
		}
		tb[type] = a;
	}
	/* rem < 0 only when the last attribute lacks its padding. */
	if (rem > 0) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "%s: %d bytes that are not an attribute", where,
			      rem);
		return -1;
	}
	return 0;
}

int fwadm_attrs_require(struct nlattr **tb,
			const struct fwadm_attr_spec *spec, const int *types,
			size_t ntypes, const char *where, struct fwadm_err *err)
{
	size_t i;

	for (i = 0; i < ntypes; i++) {
		if (!tb[types[i]]) {
			fwadm_err_set(err, FWADM_E_REPLY, 0, "%s: %s missing",
				      where, spec[types[i]].name);
			return -1;
		}
	}
	return 0;
}

static int dup_str(char **dst, const struct nlattr *a, struct fwadm_err *err)
{
	*dst = strdup(nla_data(a));
	if (!*dst) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		return -1;
	}
	return 0;
}

int fwadm_reply_index(struct nlattr **tb, struct nlmsghdr *nlh,
		      struct fwadm_err *err)
{
	struct genlmsghdr *gnlh;

	if (nlh->nlmsg_len < NLMSG_HDRLEN || !genlmsg_valid_hdr(nlh, 0)) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "message too short for a generic netlink header");
		return -1;
	}
	gnlh = nlmsg_data(nlh);
	return fwadm_attrs_index(tb, RAMPART_A_MAX, top_spec,
				 genlmsg_attrdata(gnlh, 0),
				 genlmsg_attrlen(gnlh, 0), "reply", err);
}

/* Count the entries of type in a nest, for allocating before parsing. */
static size_t count_entries(struct nlattr *nest, int type)
{
	struct nlattr *a;
	size_t n = 0;
	int rem;

	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) == type)
			n++;
	return n;
}

void fwadm_attr_copy_string(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = 0;

	if (a) {
		n = (size_t)nla_len(a);
		if (n && ((const char *)nla_data(a))[n - 1] == '\0')
			n--;
		if (n >= size)
			n = size - 1;
		memcpy(dst, nla_data(a), n);
	}
	dst[n] = '\0';
}

const char *fwadm_dir_name(unsigned int dir)
{
	switch (dir) {
	case RAMPART_DIR_IN:
		return "in";
	case RAMPART_DIR_OUT:
		return "out";
	}
	return "?";
}

static void stage_free(struct fwadm_stage *s)
{
	free(s->name);
	free(s->desc);
	s->name = NULL;
	s->desc = NULL;
}

/*
 * Parse one RAMPART_A_STAGE nest; want lists the attributes the command's
 * reply must carry.
 */
static int parse_stage(struct nlattr *nest, size_t nth, const int *want,
		       size_t nwant, struct fwadm_stage *st,
		       struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_STAGE_A_MAX + 1];
	char where[48];

	memset(st, 0, sizeof(*st));
	snprintf(where, sizeof(where), "RAMPART_A_STAGE #%zu", nth);
	if (fwadm_attrs_index(tb, RAMPART_STAGE_A_MAX, stage_spec,
			      nla_data(nest), nla_len(nest), where, err) < 0 ||
	    fwadm_attrs_require(tb, stage_spec, want, nwant, where, err) < 0)
		return -1;

	st->dir = nla_get_u8(tb[RAMPART_STAGE_A_DIR]);
	if (st->dir != RAMPART_DIR_IN && st->dir != RAMPART_DIR_OUT) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "%s: RAMPART_STAGE_A_DIR %u is not a direction",
			      where, st->dir);
		return -1;
	}
	st->index = nla_get_u32(tb[RAMPART_STAGE_A_INDEX]);
	if (tb[RAMPART_STAGE_A_PRIORITY])
		st->priority = (int32_t)nla_get_u32(tb[RAMPART_STAGE_A_PRIORITY]);
	if (tb[RAMPART_STAGE_A_ID])
		st->id = nla_get_u32(tb[RAMPART_STAGE_A_ID]);
	if (tb[RAMPART_STAGE_A_PACKETS])
		st->packets = nla_get_u64(tb[RAMPART_STAGE_A_PACKETS]);
	if (tb[RAMPART_STAGE_A_BYTES])
		st->bytes = nla_get_u64(tb[RAMPART_STAGE_A_BYTES]);
	if (tb[RAMPART_STAGE_A_DROPS])
		st->drops = nla_get_u64(tb[RAMPART_STAGE_A_DROPS]);
	if (dup_str(&st->name, tb[RAMPART_STAGE_A_NAME], err) < 0)
		goto fail;
	if (tb[RAMPART_STAGE_A_DESC] &&
	    dup_str(&st->desc, tb[RAMPART_STAGE_A_DESC], err) < 0)
		goto fail;
	return 0;
fail:
	stage_free(st);
	return -1;
}

/* Parse every RAMPART_A_STAGE of a nest into a new array. */
static int parse_stages(struct nlattr *list, const char *list_name,
			const int *want, size_t nwant,
			struct fwadm_stage **out, size_t *nout,
			struct fwadm_err *err)
{
	struct fwadm_stage *stages;
	struct nlattr *tb[RAMPART_A_MAX + 1];
	struct nlattr *a;
	size_t n, i = 0;
	int rem;

	*out = NULL;
	*nout = 0;
	/* Checks the nest's layout and the size of known attributes in it. */
	if (fwadm_attrs_index(tb, RAMPART_A_MAX, top_spec, nla_data(list),
			      nla_len(list), list_name, err) < 0)
		return -1;
	n = count_entries(list, RAMPART_A_STAGE);
	if (n == 0)
		return 0;
	stages = calloc(n, sizeof(*stages));
	if (!stages) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		return -1;
	}
	nla_for_each_nested(a, list, rem) {
		if (nla_type(a) != RAMPART_A_STAGE)
			continue;
		if (parse_stage(a, i + 1, want, nwant, &stages[i], err) < 0)
			goto fail;
		i++;
	}
	*out = stages;
	*nout = n;
	return 0;
fail:
	while (i > 0)
		stage_free(&stages[--i]);
	free(stages);
	return -1;
}

static int parse_drop(struct nlattr *nest, size_t nth, struct fwadm_drop *d,
		      struct fwadm_err *err)
{
	static const int want[] = {
		RAMPART_DROP_A_REASON, RAMPART_DROP_A_TEXT, RAMPART_DROP_A_COUNT,
	};
	struct nlattr *tb[RAMPART_DROP_A_MAX + 1];
	char where[48];

	memset(d, 0, sizeof(*d));
	snprintf(where, sizeof(where), "RAMPART_A_DROP #%zu", nth);
	if (fwadm_attrs_index(tb, RAMPART_DROP_A_MAX, drop_spec,
			      nla_data(nest), nla_len(nest), where, err) < 0 ||
	    fwadm_attrs_require(tb, drop_spec, want,
				sizeof(want) / sizeof(want[0]), where, err) < 0)
		return -1;
	d->reason = nla_get_u32(tb[RAMPART_DROP_A_REASON]);
	d->count = nla_get_u64(tb[RAMPART_DROP_A_COUNT]);
	return dup_str(&d->text, tb[RAMPART_DROP_A_TEXT], err);
}

static int parse_drops(struct nlattr *list, struct fwadm_drop **out,
		       size_t *nout, struct fwadm_err *err)
{
	struct fwadm_drop *drops;
	struct nlattr *tb[RAMPART_A_MAX + 1];
	struct nlattr *a;
	size_t n, i = 0;
	int rem;

	*out = NULL;
	*nout = 0;
	if (fwadm_attrs_index(tb, RAMPART_A_MAX, top_spec, nla_data(list),
			      nla_len(list), "RAMPART_A_DROP_STATS", err) < 0)
		return -1;
	n = count_entries(list, RAMPART_A_DROP);
	if (n == 0)
		return 0;
	drops = calloc(n, sizeof(*drops));
	if (!drops) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		return -1;
	}
	nla_for_each_nested(a, list, rem) {
		if (nla_type(a) != RAMPART_A_DROP)
			continue;
		if (parse_drop(a, i + 1, &drops[i], err) < 0) {
			free(drops[i].text);
			goto fail;
		}
		i++;
	}
	*out = drops;
	*nout = n;
	return 0;
fail:
	while (i > 0)
		free(drops[--i].text);
	free(drops);
	return -1;
}

int fwadm_parse_version(struct nlmsghdr *nlh, struct fwadm_version *out,
			struct fwadm_err *err)
{
	static const int want[] = { RAMPART_A_VERSION, RAMPART_A_ABI };
	struct nlattr *tb[RAMPART_A_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (fwadm_reply_index(tb, nlh, err) < 0 ||
	    fwadm_attrs_require(tb, top_spec, want,
				sizeof(want) / sizeof(want[0]), "reply",
				err) < 0)
		return -1;
	out->abi = nla_get_u32(tb[RAMPART_A_ABI]);
	return dup_str(&out->version, tb[RAMPART_A_VERSION], err);
}

void fwadm_version_free(struct fwadm_version *v)
{
	free(v->version);
	v->version = NULL;
}

int fwadm_parse_chain(struct nlmsghdr *nlh, struct fwadm_chain *out,
		      struct fwadm_err *err)
{
	static const int want[] = { RAMPART_A_STARTED, RAMPART_A_CHAIN };
	static const int want_stage[] = {
		RAMPART_STAGE_A_DIR, RAMPART_STAGE_A_INDEX,
		RAMPART_STAGE_A_PRIORITY, RAMPART_STAGE_A_ID,
		RAMPART_STAGE_A_NAME, RAMPART_STAGE_A_DESC,
	};
	struct nlattr *tb[RAMPART_A_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (fwadm_reply_index(tb, nlh, err) < 0 ||
	    fwadm_attrs_require(tb, top_spec, want,
				sizeof(want) / sizeof(want[0]), "reply",
				err) < 0)
		return -1;
	out->started = nla_get_u8(tb[RAMPART_A_STARTED]) != 0;
	return parse_stages(tb[RAMPART_A_CHAIN], "RAMPART_A_CHAIN", want_stage,
			    sizeof(want_stage) / sizeof(want_stage[0]),
			    &out->stages, &out->nstages, err);
}

void fwadm_chain_free(struct fwadm_chain *c)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)
		stage_free(&c->stages[i]);
	free(c->stages);
	c->stages = NULL;
	c->nstages = 0;
}

static int parse_conn_stats(struct nlattr *nest, struct fwadm_conn_stats *cs,
			    struct fwadm_err *err)
{
	static const int want[] = {
		RAMPART_CS_A_ENTRIES, RAMPART_CS_A_LIMIT, RAMPART_CS_A_TOMBS,
		RAMPART_CS_A_TOMBS_MAX, RAMPART_CS_A_INSERTS,
		RAMPART_CS_A_REMOVALS, RAMPART_CS_A_EVICTIONS,
		RAMPART_CS_A_FULL_DROPS, RAMPART_CS_A_GC_RUNS,
		RAMPART_CS_A_LATE_PASSED, RAMPART_CS_A_PICKUPS,
	};
	struct nlattr *tb[RAMPART_CS_A_MAX + 1];

	if (fwadm_attrs_index(tb, RAMPART_CS_A_MAX, cs_spec, nla_data(nest),
			      nla_len(nest), "RAMPART_A_CONN_STATS", err) < 0 ||
	    fwadm_attrs_require(tb, cs_spec, want,
				sizeof(want) / sizeof(want[0]),
				"RAMPART_A_CONN_STATS", err) < 0)
		return -1;
	cs->entries = nla_get_u32(tb[RAMPART_CS_A_ENTRIES]);
	cs->limit = nla_get_u32(tb[RAMPART_CS_A_LIMIT]);
	cs->tombs = nla_get_u32(tb[RAMPART_CS_A_TOMBS]);
	cs->tombs_max = nla_get_u32(tb[RAMPART_CS_A_TOMBS_MAX]);
	cs->inserts = nla_get_u64(tb[RAMPART_CS_A_INSERTS]);
	cs->removals = nla_get_u64(tb[RAMPART_CS_A_REMOVALS]);
	cs->evictions = nla_get_u64(tb[RAMPART_CS_A_EVICTIONS]);
	cs->full_drops = nla_get_u64(tb[RAMPART_CS_A_FULL_DROPS]);
	cs->gc_runs = nla_get_u64(tb[RAMPART_CS_A_GC_RUNS]);
	cs->late_passed = nla_get_u64(tb[RAMPART_CS_A_LATE_PASSED]);
	cs->pickups = nla_get_u64(tb[RAMPART_CS_A_PICKUPS]);
	return 0;
}

int fwadm_parse_stats(struct nlmsghdr *nlh, struct fwadm_stats *out,
		      struct fwadm_err *err)
{
	static const int want[] = {
		RAMPART_A_STARTED, RAMPART_A_STAGE_STATS, RAMPART_A_DROP_STATS,
		RAMPART_A_CONN_STATS,
	};
	static const int want_stage[] = {
		RAMPART_STAGE_A_DIR, RAMPART_STAGE_A_INDEX,
		RAMPART_STAGE_A_NAME, RAMPART_STAGE_A_PACKETS,
		RAMPART_STAGE_A_BYTES, RAMPART_STAGE_A_DROPS,
	};
	struct nlattr *tb[RAMPART_A_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (fwadm_reply_index(tb, nlh, err) < 0 ||
	    fwadm_attrs_require(tb, top_spec, want,
				sizeof(want) / sizeof(want[0]), "reply",
				err) < 0)
		return -1;
	out->started = nla_get_u8(tb[RAMPART_A_STARTED]) != 0;
	if (parse_stages(tb[RAMPART_A_STAGE_STATS], "RAMPART_A_STAGE_STATS",
			 want_stage, sizeof(want_stage) / sizeof(want_stage[0]),
			 &out->stages, &out->nstages, err) < 0)
		return -1;
	if (parse_drops(tb[RAMPART_A_DROP_STATS], &out->drops, &out->ndrops,
			err) < 0 ||
	    parse_conn_stats(tb[RAMPART_A_CONN_STATS], &out->conns, err) < 0) {
		fwadm_stats_free(out);
		return -1;
	}
	return 0;
}

void fwadm_stats_free(struct fwadm_stats *s)
{
	size_t i;

	for (i = 0; i < s->nstages; i++)
		stage_free(&s->stages[i]);
	free(s->stages);
	for (i = 0; i < s->ndrops; i++)
		free(s->drops[i].text);
	free(s->drops);
	s->stages = NULL;
	s->drops = NULL;
	s->nstages = 0;
	s->ndrops = 0;
}

static int parse_conn(struct nlattr *nest, size_t nth,
		      struct fwadm_conn_entry *c, struct fwadm_err *err)
{
	static const int want[] = {
		RAMPART_CONN_A_ID, RAMPART_CONN_A_FAMILY, RAMPART_CONN_A_PROTO,
		RAMPART_CONN_A_SRC, RAMPART_CONN_A_DST, RAMPART_CONN_A_SPORT,
		RAMPART_CONN_A_DPORT, RAMPART_CONN_A_STATE, RAMPART_CONN_A_RULE,
		RAMPART_CONN_A_TIMEOUT, RAMPART_CONN_A_AGE,
		RAMPART_CONN_A_PACKETS_ORIG, RAMPART_CONN_A_BYTES_ORIG,
		RAMPART_CONN_A_PACKETS_REPLY, RAMPART_CONN_A_BYTES_REPLY,
	};
	struct nlattr *tb[RAMPART_CONN_A_MAX + 1];
	char where[48];

	memset(c, 0, sizeof(*c));
	snprintf(where, sizeof(where), "RAMPART_A_CONN #%zu", nth);
	if (fwadm_attrs_index(tb, RAMPART_CONN_A_MAX, conn_spec,
			      nla_data(nest), nla_len(nest), where, err) < 0 ||
	    fwadm_attrs_require(tb, conn_spec, want,
				sizeof(want) / sizeof(want[0]), where, err) < 0)
		return -1;
	c->family = nla_get_u8(tb[RAMPART_CONN_A_FAMILY]);
	if (c->family != 4 && c->family != 6) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "%s: RAMPART_CONN_A_FAMILY %u is not 4 or 6",
			      where, c->family);
		return -1;
	}
	c->id = nla_get_u32(tb[RAMPART_CONN_A_ID]);
	c->proto = nla_get_u8(tb[RAMPART_CONN_A_PROTO]);
	memcpy(c->src, nla_data(tb[RAMPART_CONN_A_SRC]), sizeof(c->src));
	memcpy(c->dst, nla_data(tb[RAMPART_CONN_A_DST]), sizeof(c->dst));
	c->sport = nla_get_u16(tb[RAMPART_CONN_A_SPORT]);
	c->dport = nla_get_u16(tb[RAMPART_CONN_A_DPORT]);
	c->state = nla_get_u8(tb[RAMPART_CONN_A_STATE]);
	c->rule = nla_get_u32(tb[RAMPART_CONN_A_RULE]);
	c->timeout = nla_get_u32(tb[RAMPART_CONN_A_TIMEOUT]);
	c->age = nla_get_u32(tb[RAMPART_CONN_A_AGE]);
	c->packets[0] = nla_get_u64(tb[RAMPART_CONN_A_PACKETS_ORIG]);
	c->bytes[0] = nla_get_u64(tb[RAMPART_CONN_A_BYTES_ORIG]);
	c->packets[1] = nla_get_u64(tb[RAMPART_CONN_A_PACKETS_REPLY]);
	c->bytes[1] = nla_get_u64(tb[RAMPART_CONN_A_BYTES_REPLY]);
	if (tb[RAMPART_CONN_A_SERVICE])
		return dup_str(&c->service, tb[RAMPART_CONN_A_SERVICE], err);
	return 0;
}

int fwadm_parse_conns(struct nlmsghdr *nlh, struct fwadm_conns *list,
		      struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_A_MAX + 1];
	struct genlmsghdr *gnlh;
	struct nlattr *a;
	size_t n;
	int rem;

	if (fwadm_reply_index(tb, nlh, err) < 0)
		return -1;
	gnlh = nlmsg_data(nlh);
	n = 0;
	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0), rem)
		if (nla_type(a) == RAMPART_A_CONN)
			n++;
	if (n > list->cap - list->n) {
		size_t cap = list->cap ? list->cap : 16;
		struct fwadm_conn_entry *v;

		while (cap - list->n < n)
			cap *= 2;
		v = realloc(list->v, cap * sizeof(*v));
		if (!v) {
			fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
			return -1;
		}
		list->v = v;
		list->cap = cap;
	}
	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) != RAMPART_A_CONN)
			continue;
		if (parse_conn(a, list->n + 1, &list->v[list->n], err) < 0) {
			free(list->v[list->n].service);
			return -1;
		}
		list->n++;
	}
	return 0;
}

int fwadm_parse_conn_count(struct nlmsghdr *nlh, uint32_t *count,
			   struct fwadm_err *err)
{
	static const int want[] = { RAMPART_A_CONN_COUNT };
	struct nlattr *tb[RAMPART_A_MAX + 1];

	*count = 0;
	if (fwadm_reply_index(tb, nlh, err) < 0 ||
	    fwadm_attrs_require(tb, top_spec, want, 1, "reply", err) < 0)
		return -1;
	*count = nla_get_u32(tb[RAMPART_A_CONN_COUNT]);
	return 0;
}

void fwadm_conns_free(struct fwadm_conns *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].service);
	free(list->v);
	list->v = NULL;
	list->n = 0;
	list->cap = 0;
}
