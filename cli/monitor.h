/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwadm monitor: its command line, the records rampart.ko sends, and how
 * they are written (text lines, pcap with DLT_NFLOG or with Check Point's
 * FW-1 monitor pseudo-header). Pure functions, unit-tested byte for byte.
 */
#ifndef FWADM_MONITOR_H
#define FWADM_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "fwadm.h"
#include "reply.h"

struct nlmsghdr;
struct bpf_program;

enum fwadm_mon_format {
	FWADM_MON_AUTO,		/* text on a terminal, else nflog */
	FWADM_MON_TEXT,
	FWADM_MON_NFLOG,	/* pcap, DLT_NFLOG */
	FWADM_MON_FW1,		/* pcap, DLT_EN10MB with the FW-1 header */
};

#define FWADM_MON_SNAPLEN_DEFAULT 65535

struct fwadm_mon_opts {
	const char *positions;	/* -p; NULL: the positions around fw */
	const char *letters;	/* -m; NULL: every letter */
	char *filter;		/* -e or the trailing words (malloc'd); NULL: none */
	uint32_t count;		/* -c; 0: no limit */
	uint32_t snaplen;	/* -s */
	uint32_t buffer;	/* -b: socket receive buffer; 0: the default */
	const char *output;	/* -w; NULL: standard output */
	bool drops;		/* --drops */
	bool help;
	enum fwadm_mon_format format;
};

/*
 * Parse fwadm monitor's arguments (argv[0] is "monitor"). Returns 0, or -1
 * with *what (and *word, the offending argument, or NULL) for a usage
 * error. o->filter is to be freed by the caller in both cases.
 */
int fwadm_mon_parse_args(int argc, char **argv, struct fwadm_mon_opts *o,
			 const char **what, const char **word);

/*
 * The RAMPART_MON_POS() bits of -p SPEC (NULL: the position before the fw
 * stage and the fw stage's, in both chains; "all"; or a list like
 * "i0,I1,o2" whose letters name the chain) kept to the letters of LETTERS
 * (NULL: all) in chain c. Returns 0, or -1 with a message in msg.
 */
int fwadm_mon_positions(const struct fwadm_chain *c, const char *spec,
			const char *letters, uint32_t *mask, char *msg,
			size_t size);

/* The letter a record at (dir, index) carries: i/o before fw, I/O after. */
char fwadm_mon_letter(const struct fwadm_chain *c, unsigned int dir,
		      unsigned int index);

/* Compile a pcap filter for DLT_RAW. Returns 0, or -1 with pcap's message. */
int fwadm_mon_compile(const char *expr, uint32_t snaplen,
		      struct bpf_program *prog, char *msg, size_t size);

/* One RAMPART_CMD_MONITOR_RECORD. data points into the message. */
struct fwadm_mon_record {
	uint32_t session;
	uint64_t time_ns;
	uint8_t family, hook, dir, position, letter, verdict;
	uint32_t ifindex_in, ifindex_out;
	char ifname_in[IF_NAMESIZE], ifname_out[IF_NAMESIZE];
	uint32_t reason, rule, conn_id;
	char text[512];
	uint32_t len;		/* the packet's length from its IP header */
	uint32_t caplen;	/* bytes in data */
	const uint8_t *data;
};

int fwadm_mon_parse_record(struct nlmsghdr *nlh, struct fwadm_mon_record *r,
			   struct fwadm_err *err);

/* "accept", "drop" or "other" */
const char *fwadm_mon_verdict_name(uint8_t verdict);

/*
 * "IF:I1 (DESC)[LEN]: SRC -> DST (PROTO) ..." with, for a drop,
 * " drop[ rule N]: TEXT". IF is the in interface in the in chain, the out
 * one in the out chain. Returns the length (as snprintf).
 */
int fwadm_mon_text(const struct fwadm_mon_record *r, const char *desc,
		   char *buf, size_t size);

/* The NFLOG prefix: "I1 fw0 fw accept", "I1 fw0 fw drop: TEXT". */
int fwadm_mon_prefix(const struct fwadm_mon_record *r, const char *stage,
		     char *buf, size_t size);

/* Bytes fwadm_mon_nflog() needs at most for r and prefix. */
size_t fwadm_mon_nflog_size(const struct fwadm_mon_record *r, const char *prefix);
/*
 * The DLT_NFLOG packet of r: the nfgenmsg header (res_id = position), then
 * TLVs PACKET_HDR, TIMESTAMP, IFINDEX_INDEV/OUTDEV (when known), PREFIX
 * and PAYLOAD last, capped to what a 16-bit TLV length holds. Returns its
 * length, 0 when size is too small.
 */
size_t fwadm_mon_nflog(const struct fwadm_mon_record *r, const char *prefix,
		       uint8_t *buf, size_t size);

#define FWADM_MON_FW1_HDR 14
/*
 * The FW-1 monitor packet of r: direction letter, position digit,
 * interface name (10 bytes, NUL-padded), ethertype, then the packet.
 * Returns its length, 0 when size is too small.
 */
size_t fwadm_mon_fw1(const struct fwadm_mon_record *r, uint8_t *buf, size_t size);

#endif /* FWADM_MONITOR_H */
