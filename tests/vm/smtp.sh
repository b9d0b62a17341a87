#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: stock 71, debug 62
#
# SMTP inspection with real peers: Postfix receives behind the firewall,
# Postfix relays through it (PIPELINING, 8BITMIME, STARTTLS with a
# self-signed certificate), Exim sends with CHUNKING (BDAT) and PIPELINING,
# a client writes whole sessions one byte per TCP segment and sends BDAT
# chunks; every message arrives byte for byte, over IPv4 and IPv6. Each
# policy check, violated, gives the client its exact SMTP reply (or a
# reset), the log its reason and fwadm monitor --drops the dropped segment;
# the banner is masked where asked.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   10.0.1.2, fd00:1::2     rampart, fwadm log      10.0.2.2, fd00:2::2
#   postfix relay on        smtp inspection         postfix on :25 (mail-in),
#   127.0.0.1:25, exim,                             :2525 (strict), :2526 (watch)
#   smtp_peer.py, swaks
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"

T=${TMPDIR:-/tmp}/rp-smtp
rm -rf "$T"
mkdir -p "$T"
chmod 755 "$T"
SMTP="$PY $REPO/tests/vm/smtp_peer.py"
# Every process of this test on CPU 0, so that each direction's segments
# reach the firewall in the order they were sent, and the count of segments
# dropped beyond a gap (reason 48) below must be 0. On two CPUs a sender's
# segments leave from both (its own writes, and ACK-clocked sends in the
# softirq of the CPU the ACK came in on), the veth hands them to the
# firewall out of order, and inspection rightly drops what lies beyond a
# gap until the retransmission; stress.sh runs SMTP sessions that way.
taskset -p -c 0 $$ >/dev/null
LOG=$T/events.log
SV=$RP_SERVER4 SV6=$RP_SERVER6
# Exim's binary, unpacked by scripts/deps (the package conflicts with postfix).
EXIM=$REPO/build/peers/exim4/usr/sbin/exim4
# Message sizes: smaller on the debug kernel, which is several times slower.
# Random bytes for the larger messages, base64 in the message (4/3 more).
# 150000 gives 200 KB, under 256 segments of 1448 bytes: the most a client
# may have inspected and unacknowledged (docs/smtp.md, first copy wins),
# so no segment is dropped for that and none beyond a gap either.
BIG=150000
[ "${RAMPART_KERNEL:-stock}" = debug ] && BIG=60000
# On the debug kernel the glue's paths (locks, memory, injected replies)
# run with swaks, smtp-sink-like peers and Postfix as the server; the
# interoperation with a relaying Postfix and with Exim as the sender uses
# no other kernel code, and runs on the stock kernel only.
INTEROP=1
[ "${RAMPART_KERNEL:-stock}" = debug ] && INTEROP=0

# --- postfix instances ---------------------------------------------------------
PF_UID=$(id -u postfix) PF_GID=$(id -g postfix)

# pf_config DIR NAME EXTRA-MAIN-CF MASTER-CF-SERVICES
pf_config() {
	local dir=$1
	# The queue as postfix-script would create it: starting master(8)
	# directly skips postfix-script's checks, which take minutes under TCG.
	# (One install(1) per owner and mode: a process start costs about a
	# second on the debug kernel.)
	mkdir -p "$dir/queue/pid" && install -d -o postfix "$dir/data" &&
		install -d -o postfix -m 700 "$dir"/queue/{active,bounce,corrupt,defer,deferred} \
			"$dir"/queue/{flush,hold,incoming,private,saved,trace} &&
		install -d -o postfix -g postdrop -m 730 "$dir/queue/maildrop" &&
		install -d -o postfix -g postdrop -m 710 "$dir/queue/public" &&
		cat >"$dir/main.cf" <<-EOF &&
			compatibility_level = 3.6
			queue_directory = $dir/queue
			data_directory = $dir/data
			mail_owner = postfix
			setgid_group = postdrop
			syslog_name = $2
			maillog_file = $dir/maillog
			maillog_file_prefixes = $T
			smtpd_peername_lookup = no
			mydestination =
			alias_maps =
			alias_database =
			local_recipient_maps =
			biff = no
			$3
		EOF
		cat >"$dir/master.cf" <<-EOF
			$4
			pickup    unix  n - n 60   1 pickup
			cleanup   unix  n - n -    0 cleanup
			qmgr      unix  n - n 300  1 qmgr
			tlsmgr    unix  - - n 1000? 1 tlsmgr
			rewrite   unix  - - n -    - trivial-rewrite
			bounce    unix  - - n -    0 bounce
			defer     unix  - - n -    0 bounce
			trace     unix  - - n -    0 bounce
			verify    unix  - - n -    1 verify
			flush     unix  n - n 1000? 0 flush
			proxymap  unix  - - n -    - proxymap
			smtp      unix  - - n -    - smtp
			relay     unix  - - n -    - smtp
			showq     unix  n - n -    - showq
			error     unix  - - n -    - error
			retry     unix  - - n -    - error
			discard   unix  - - n -    - discard
			local     unix  - n n -    - local
			virtual   unix  - n n -    - virtual
			anvil     unix  - - n -    1 anvil
			scache    unix  - - n -    1 scache
			postlog   unix-dgram n - n - 1 postlogd
		EOF
}

SRV=$T/pf-server CLI=$T/pf-client
mkdir -p "$SRV/vmail"
chown postfix "$SRV/vmail"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-subj /CN=mx.example.org -days 2 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
chmod 644 "$T/key.pem"
pf_config "$SRV" pf-server "
inet_protocols = ipv4, ipv6
inet_interfaces = $SV, [$SV6]
myhostname = mx.example.org
smtpd_banner = \$myhostname ESMTP Postfix (Debian/GNU)
mynetworks = 127.0.0.0/8
virtual_mailbox_domains = example.org
virtual_mailbox_base = $SRV/vmail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$PF_UID
virtual_gid_maps = static:$PF_GID
virtual_minimum_uid = 1
message_size_limit = 20000000
smtpd_tls_cert_file = $T/cert.pem
smtpd_tls_key_file = $T/key.pem
smtpd_tls_security_level = may
" "smtp inet n - n - - smtpd
2525 inet n - n - - smtpd
2526 inet n - n - - smtpd"
[ "$INTEROP" = 0 ] || pf_config "$CLI" pf-client "
inet_protocols = ipv4
inet_interfaces = 127.0.0.1
myhostname = relay.example.com
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = [$SV]:25
smtp_tls_security_level = may
smtp_tls_loglevel = 1
" "127.0.0.1:25 inet n - n - - smtpd"
# pf_stop DIR: stop an instance as `postfix stop' does, by a SIGTERM to its
# master(8), which ends its children (without postfix-script's checks).
pf_stop() {
	local pid
	read -r pid <"$1/queue/pid/master.pid" && kill "$pid"
}
on_cleanup pf_stop "$SRV"
[ "$INTEROP" = 0 ] || on_cleanup pf_stop "$CLI"

# --- firewall ---------------------------------------------------------------------
cat >"$T/smtp.policy" <<EOF
host client $RP_CLIENT4;
host server $SV;
host client6 $RP_CLIENT6;
host server6 $SV6;
service smtp tcp 25;
service smtp-strict tcp 2525;
service smtp-watch tcp 2526;
service smtp-fake tcp 2527;

smtp mail-in {
	max-recipients 3;
	max-size 1000000;
	senders "*@example.com", "";
	recipients "*@example.org";
	action reject;
}
smtp strict {
	starttls deny;
	banner mask;
	action reset;
	action verb reject;
}
smtp watch { }

rule accept from client to server service smtp inspect mail-in;
rule accept from client to server service smtp-strict inspect strict;
rule accept from client to server service smtp-watch inspect watch;
rule accept from client to server service smtp-fake inspect mail-in;
rule accept from client6 to server6 service smtp inspect mail-in;
rule accept from client6 to server6 service smtp-strict inspect strict;
EOF

expect_success "insmod rampart.ko" load_rampart
topology_up
expect_output "the smtp policy installs" 'installed, 6 rules' \
	in_fw "$FWADM" policy install "$T/smtp.policy"
expect_output "policy show gives the resources back" 'action verb reject;' \
	in_fw "$FWADM" policy show
in_fw "$FWADM" policy show >"$T/shown.policy"
expect_output "what show prints verifies" ': OK$' in_fw "$FWADM" policy verify "$T/shown.policy"
in_fw "$FWADM" log >"$LOG" 2>&1 &
# Every drop, where and why, as an admin would watch it.
in_fw "$FWADM" monitor --drops --format text >"$T/drops.out" 2>"$T/drops.err" &
MON_PID=$!
on_cleanup kill "$MON_PID"
wait_for "fwadm monitor --drops runs" 10 grep -q '^fwadm: monitoring' "$T/drops.err"

# The scripted sessions (smtp_peer.py dialog and send) run in one client
# interpreter, started once: peer ARGS... runs `smtp_peer.py ARGS...' in it
# (in the client namespace) and returns that command's exit status.
coproc PEER_SERVE { in_client $SMTP serve 2>&1; }
on_cleanup kill "$PEER_SERVE_PID"
peer() {
	local line IFS=$'\t'
	printf '%s\n' "$*" >&"${PEER_SERVE[1]}" || { echo "the session client is gone"; return 1; }
	while IFS= read -r -t $((180 * RP_SLOW)) line <&"${PEER_SERVE[0]}"; do
		if [[ $line =~ ^END\ ([0-9]+)$ ]]; then
			return "${BASH_REMATCH[1]}"
		fi
		printf '%s\n' "$line"
	done
	echo "the session client did not answer"
	return 1
}

# Without the peers nothing below can mean anything: stop there.
PF_MASTER=$(postconf -c "$SRV" -h daemon_directory)/master
expect_success "postfix starts behind the firewall" in_server "$PF_MASTER" -c "$SRV" -w || finish
if [ "$INTEROP" = 1 ]; then
	expect_success "the relaying postfix starts" in_client "$PF_MASTER" -c "$CLI" -w || finish
fi
listening() { [ "$(in_server ss -Hltn | grep -c ':252[56] \|:25 ')" = 6 ]; }
wait_for "postfix listens on 25, 2525, 2526 (IPv4 and IPv6)" 30 listening || finish

# --- messages arrive byte for byte ------------------------------------------------

# make_msg FILE ID SIZE [TEXT]: a message with 8-bit text, SIZE bytes of
# body, and TEXT (printf escapes) before its last line.
make_msg() {
	{
		printf 'From: sender@example.com\nTo: rcpt@example.org\n'
		printf 'Subject: inspected %s\nMessage-ID: <%s@example.com>\n' "$2" "$2"
		printf 'Date: Tue, 01 Dec 2026 10:00:00 +0000\nMIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=iso-8859-1\n'
		printf 'Content-Transfer-Encoding: 8bit\n\n'
		printf 'Caf\351 cr\350me br\373l\351e\n'
		head -c "$3" /dev/urandom | base64
		printf "${4:-}"
		printf 'the end\n'
	} >"$1"
}

# delivered ID: the message with that Message-ID as delivered, without the
# header lines Postfix put in front of it (Return-Path, Delivered-To, Received).
delivered() {
	local f
	f=$(grep -l "^Message-ID: <$1@example.com>" "$SRV"/vmail/inbox/new/* 2>/dev/null | head -n 1)
	[ -n "$f" ] || return 1
	awk 'body || !/^(Return-Path:|X-Original-To:|Delivered-To:|Received:|[ \t])/ {
		body = 1; print }' "$f"
}

# expect_delivered DESC ID FILE: it arrived, and is the same bytes.
expect_delivered() {
	local want got
	wait_for "$1: delivered" 30 delivered "$2" || return 1
	want=$(sha256sum <"$3" | cut -d' ' -f1)
	got=$(delivered "$2" | sha256sum | cut -d' ' -f1)
	expect_eq "$1: delivered byte for byte (sha256)" "$want" "$got"
}

# swaks ends the data it sends with a CRLF of its own: one more empty line.
swaks_want() { { cat "$1"; echo; } >"$1.want"; }

make_msg "$T/m1" m1 "$BIG"
swaks_want "$T/m1"
expect_output "swaks with PIPELINING delivers through the inspected path" '250 2.0.0 Ok: queued' \
	in_client swaks --server "$SV" --from sender@example.com --to rcpt@example.org \
	--pipeline --data "@$T/m1"
expect_delivered "PIPELINING" m1 "$T/m1.want"

make_msg "$T/m2" m2 2000
swaks_want "$T/m2"
expect_output "swaks with STARTTLS delivers" '250 2.0.0 Ok: queued' \
	in_client swaks --server "$SV" --from sender@example.com --to rcpt@example.org \
	--tls --data "@$T/m2"
expect_delivered "STARTTLS" m2 "$T/m2.want"

if [ "$INTEROP" = 1 ]; then
	make_msg "$T/m3" m3 "$BIG"
	swaks_want "$T/m3"
	expect_output "postfix relays through the firewall (PIPELINING, STARTTLS, 8BITMIME)" \
		'250 2.0.0 Ok: queued' in_client swaks --server 127.0.0.1 \
		--from sender@example.com --to rcpt@example.org --data "@$T/m3"
	expect_delivered "postfix to postfix" m3 "$T/m3.want"
	expect_output "the relay spoke TLS to the server" 'TLS connection established to' \
		cat "$CLI/maillog"
fi

# Lines that a reader of commands would take for a command or an end.
TRAPS='.a line that starts with a dot\n..two\n.\nXEXCH50\nQUIT\n'
make_msg "$T/m4" m4 600 "$TRAPS"
expect_success "a client writing one byte per segment delivers (DATA)" \
	peer send --bytewise "$SV" 25 sender@example.com rcpt@example.org "$T/m4"
expect_delivered "one byte per segment" m4 "$T/m4"

make_msg "$T/m5" m5 "$BIG" "$TRAPS"
expect_success "BDAT chunks whose content holds command lines" \
	peer send --bdat "$SV" 25 sender@example.com rcpt@example.org "$T/m5"
expect_delivered "BDAT" m5 "$T/m5"

# Exim as the sending MTA: it uses CHUNKING (BDAT) and PIPELINING where the
# server offers them, which Postfix's client never does. TLS is avoided so
# that every chunk crosses the smtp stage in the clear. Exim refuses to run
# as root and looks its user up by name: an entry for this VM only, in
# copies of passwd and group bound over the (read-only) originals. A host
# that once had exim4 installed has a Debian-exim of its own, which a
# lookup would find first: the copies leave it out, and the VM's user gets
# an id that neither file uses.
EXD=$T/exim
mkdir -p "$EXD/spool"
EXIM_ID=64901
while cut -d: -f3 /etc/passwd /etc/group | grep -qx "$EXIM_ID"; do
	EXIM_ID=$((EXIM_ID + 1))
done
{
	grep -v '^Debian-exim:' /etc/passwd
	echo "Debian-exim:x:$EXIM_ID:$EXIM_ID::/nonexistent:/usr/sbin/nologin"
} >"$EXD/passwd"
{ grep -v '^Debian-exim:' /etc/group; echo "Debian-exim:x:$EXIM_ID:"; } >"$EXD/group"
chown "$EXIM_ID:$EXIM_ID" "$EXD/spool"
cat >"$EXD/exim.conf" <<EOF
exim_path = $EXIM
spool_directory = $EXD/spool
log_file_path = $EXD/spool/%slog
log_selector = +smtp_confirmation +received_recipients
primary_hostname = exim.example.com
qualify_domain = example.com
local_from_check = false
keep_environment =
begin routers
to_server:
  driver = manualroute
  route_list = * $SV
  transport = remote
  self = send
begin transports
remote:
  driver = smtp
  hosts_try_chunking = *
  hosts_avoid_tls = *
begin retry
* * F,1m,1m
EOF
exim_send() {
	in_client "$EXIM" -C "$EXD/exim.conf" -odf -oi -f sender@example.com rcpt@example.org <"$1"
}
if [ "$INTEROP" = 0 ]; then
	: # stock kernel only
elif [ -x "$EXIM" ] && mount --bind "$EXD/passwd" /etc/passwd && mount --bind "$EXD/group" /etc/group; then
	on_cleanup umount /etc/group /etc/passwd
	make_msg "$T/m6" m6 "$BIG" "$TRAPS"
	expect_success "exim delivers with BDAT through the inspected path" exim_send "$T/m6"
	expect_delivered "exim, BDAT" m6 "$T/m6"
	# Exim marks a delivery that used CHUNKING with K in its log line.
	expect_output "exim sent the message in BDAT chunks" '=> rcpt@example.org .* K C="250' \
		cat "$EXD/spool/mainlog"
else
	fail "exim runs in the VM" "no $EXIM (scripts/deps unpacks it) or no bind mount"
fi

# IPv6: the same inspection, and Rampart's replies and resets sent over it.
make_msg "$T/m7" m7 2000 "$TRAPS"
expect_success "over IPv6: a message through the inspected path" \
	peer send "$SV6" 25 sender@example.com rcpt@example.org "$T/m7"
expect_delivered "over IPv6" m7 "$T/m7"

# --- each check, violated: the exact reply, the logged reason ------------------

# expect_refusal DESC WANT-LAST-REPLY WANT-END PORT CHUNK...: a dialog with
# the server (DIALOG_HOST, or its IPv4 address).
expect_refusal() {
	local desc=$1 reply=$2 end=$3 out
	shift 3
	peer dialog "${DIALOG_HOST:-$SV}" "$@" >"$T/dialog.out" 2>&1
	out=$(<"$T/dialog.out")
	if [ "$(grep '^REPLY' <<<"$out" | tail -n 1)" = "REPLY $reply" ] &&
		[ "$(tail -n 1 <<<"$out")" = "$end" ]; then
		ok "$desc"
	else
		fail "$desc" "want last reply '$reply' then $end" "got:" "$(tail -n 5 <<<"$out")"
	fi
}

# expect_logged DESC REGEX: fwadm log shows it (events may take a moment).
expect_logged() {
	wait_for "$1" 10 grep -qE "$2" "$LOG"
}

expect_refusal "a verb not allowed: 550 and a close" \
	"550 5.5.1 Command XEXCH50 not allowed by policy mail-in" EOF \
	25 'EHLO c\r\n' 'XEXCH50\r\n'
expect_logged "logged: resource, check, command, action, reply" \
	'smtp mail-in: SMTP command verb not allowed by policy \(check verb, command XEXCH50, action reject, reply "550 5.5.1'
expect_eq "counted as drop reason 38 (smtp verb)" 1 "$(stat_of rp-fw drop 38)"
# The client's close after the reply went to Rampart, not to the reset server.
# (A function, so that each poll reads the counter anew.)
refused_later() { [ "$(stat_of rp-fw drop 50)" -ge 1 ]; }
wait_for "the client's FIN is taken as a later segment of the refused session (reason 50)" \
	10 refused_later
wait_for "fwadm monitor --drops saw the refused segment" 10 \
	grep -q ':25 (TCP).* drop ' "$T/drops.out"
expect_output "fwadm monitor --drops: the segment dropped at the smtp stage, and why" \
	'^fw0:I2 \(smtp inspection inbound\)\[[0-9]+\]: 10\.0\.1\.2:[0-9]+ -> 10\.0\.2\.2:25 \(TCP\) PA .* drop rule 1: smtp mail-in: SMTP command verb not allowed by policy \(check verb, command XEXCH50, action reject, reply "550 5\.5\.1 ' \
	cat "$T/drops.out"
expect_output "fwadm monitor --drops: the client's FIN after it, taken by Rampart" \
	'^fw0:I2 \(smtp inspection inbound\)\[[0-9]+\]: 10\.0\.1\.2:[0-9]+ -> 10\.0\.2\.2:25 \(TCP\) FA .* drop: segment of an SMTP session refused by policy$' \
	cat "$T/drops.out"

DIALOG_HOST=$SV6 expect_refusal "over IPv6: a verb not allowed: 550 and a close" \
	"550 5.5.1 Command XEXCH50 not allowed by policy mail-in" EOF \
	25 'EHLO c\r\n' 'XEXCH50\r\n'
expect_eq "both counted as drop reason 38 (smtp verb)" 2 "$(stat_of rp-fw drop 38)"

expect_refusal "written one byte per segment: the same reply" \
	"550 5.5.1 Command XEXCH50 not allowed by policy mail-in" EOF \
	--bytewise 25 'EHLO c\r\n' 'XEXCH50\r\n'

expect_refusal "a fourth recipient" "452 4.5.3 Too many recipients (policy limit 3)" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<a@example.com>\r\n' 'RCPT TO:<r1@example.org>\r\n' \
	'RCPT TO:<r2@example.org>\r\n' 'RCPT TO:<r3@example.org>\r\n' 'RCPT TO:<r4@example.org>\r\n'
expect_logged "logged: too many recipients" 'check recipients, command RCPT'

expect_refusal "a message over the size limit" "552 5.3.4 Message exceeds policy size limit" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<a@example.com>\r\n' 'RCPT TO:<r@example.org>\r\n' \
	'DATA\r\n' '@body:1200000'
expect_logged "logged: size" 'check size'
# A real client writes the whole body before it reads a reply: the rest of
# its body is acknowledged and dropped, so it reads the 552 and ends. The
# client's send buffer is made smaller than what is left of the body after
# the limit (as it is for a message of many megabytes), so that its writes
# depend on those acknowledgements.
make_msg "$T/m8" m8 900000
WMEM=$(in_client sysctl -n net.ipv4.tcp_wmem)
in_client sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536"
expect_output "swaks writing a message over the size limit reads the 552" \
	'<\*\* +552 5\.3\.4 Message exceeds policy size limit' \
	in_client timeout $((60 * RP_SLOW)) swaks --server "$SV" --from sender@example.com \
	--to rcpt@example.org --data "@$T/m8"
in_client sysctl -qw net.ipv4.tcp_wmem="$WMEM"

expect_refusal "a sender outside the patterns" "550 5.1.0 Sender not allowed by policy" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<a@evil.test>\r\n'
expect_refusal "a recipient outside the patterns" "550 5.1.1 Recipient not allowed by policy" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<>\r\n' 'RCPT TO:<x@evil.test>\r\n'
expect_refusal "a command line over 512 bytes" "500 5.5.2 Line too long" EOF \
	25 'EHLO c\r\n' "NOOP $(head -c 600 /dev/zero | tr '\0' x)\\r\\n"
expect_refusal "SMTP smuggling: a bare-LF end of data" \
	"554 5.7.0 Message rejected: ambiguous end of data (SMTP smuggling)" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<a@example.com>\r\n' 'RCPT TO:<r@example.org>\r\n' \
	'DATA\r\n' 'Subject: x\r\n\r\nhello\n.\nMAIL FROM:<b@example.com>\r\n.\r\n'
expect_logged "logged: smuggling" 'check smuggling'
# RFC 2920 3.1: DATA ends a pipelined group; text sent before its 354
# could be read by the server as commands or as the message.
expect_refusal "message text before the 354: out of sync" \
	"554 5.5.0 SMTP protocol synchronization error" EOF \
	25 'EHLO c\r\n' 'MAIL FROM:<a@example.com>\r\n' 'RCPT TO:<r@example.org>\r\n' \
	'DATA\r\nSubject: early\r\n'
expect_logged "logged: sync" 'check sync, command DATA'

# A server whose greeting is longer than max-reply-line (512 by default).
in_server $SMTP greet "$SV" 2527 600 &
GREET_PID=$!
wait_for "the long-greeting server listens" 10 \
	bash -c "ip netns exec $RP_NS_SERVER ss -Hltn | grep -q ':2527 '"
expect_refusal "a server reply line over 512 bytes: 451 to the client" \
	"451 4.5.0 Server reply line too long" EOF 2527
expect_logged "logged: reply-line" 'check reply-line'
wait "$GREET_PID"
# The smuggled message, had it reached Postfix, would have been queued
# before this one: once this one is delivered, its absence means something.
make_msg "$T/m9" m9 2000
expect_success "a message after the refusals goes through" \
	peer send "$SV" 25 sender@example.com rcpt@example.org "$T/m9"
wait_for "a message after the refusals: delivered" 30 delivered m9
expect_eq "the smuggled message never arrived" 0 \
	"$(cat "$SRV"/vmail/inbox/new/* | grep -c '^Subject: x')"

# --- the strict resource: banner mask, starttls deny with reset -------------------
expect_output "the banner is masked, code, domain and ESMTP kept" \
	'^REPLY 220 mx.example.org ESMTP \*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*$' \
	peer dialog "$SV" 2525 'QUIT\r\n'
expect_output "STARTTLS stays in the EHLO reply" '^REPLY 250.STARTTLS$' \
	peer dialog "$SV" 2525 'EHLO c\r\n'
expect_refusal "STARTTLS denied: the connection is reset" "250 CHUNKING" RESET \
	2525 'EHLO c\r\n' 'STARTTLS\r\n'
expect_logged "logged: starttls" 'smtp strict: .*check starttls, command STARTTLS, action reset'
DIALOG_HOST=$SV6 expect_refusal "over IPv6: STARTTLS denied, the connection is reset" \
	"250 CHUNKING" RESET 2525 'EHLO c\r\n' 'STARTTLS\r\n'
expect_refusal "per-check action: verb reject on the strict resource" \
	"550 5.5.1 Command TURN not allowed by policy strict" EOF 2525 'EHLO c\r\n' 'TURN\r\n'

# --- the watch resource: log only, nothing changes ------------------------------
expect_refusal "action log: the server answers the command itself" \
	"500 5.5.2 Error: command not recognized" OPEN 2526 'EHLO c\r\n' 'XEXCH50\r\n'
expect_logged "logged: the watched verb" 'smtp watch: .*check verb, command XEXCH50, action log'

expect_eq "no segment beyond a gap was dropped" 0 "$(stat_of rp-fw drop 48)"
unacked=$(stat_of rp-fw drop 55)
expect_eq "none for too many unacknowledged segments (reason 55)" 0 "${unacked:-0}"
expect_eq "no inspection state went missing" 0 "$(stat_of rp-fw drop 49)"
expect_clean_dmesg
finish
