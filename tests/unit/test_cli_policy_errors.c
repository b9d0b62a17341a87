// SPDX-License-Identifier: GPL-2.0
/*
 * Policy diagnostics, to the letter: for each kind of mistake, the
 * message, its place (line:column-column), the line printed and the
 * carets under the offending word. Then several mistakes in one file,
 * all reported, in the order of the file, parsing going on after each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "policy_test_support.h"

struct error_case {
	const char *name;
	size_t errors;
	const char *input;
	const char *expected;
};

static const struct error_case cases[] = {

	{
		"invalid_character", 1,
		"host a 192.0.2.1; @\n",
		"t.policy:1:19: error: invalid character `@'\n"
		" host a 192.0.2.1; @\n"
		"                   ^\n",
	},
	{
		"invalid_byte", 1,
		"host a\x01"" 192.0.2.1;\n",
		"t.policy:1:7: error: invalid byte 0x01\n"
		" host a? 192.0.2.1;\n"
		"       ^\n",
	},
	{
		"non_ascii_bytes", 1,
		"host caf\xc3""\xa9"" 192.0.2.1;\n",
		"t.policy:1:9-10: error: non-ASCII byte 0xc3 outside a comment or string\n"
		" host caf\xc3""\xa9"" 192.0.2.1;\n"
		"         ^^\n",
	},
	{
		"unterminated_string", 2,
		"rule accept from any to any service any in \"eth0\n",
		"t.policy:1:44-48: error: unterminated string: a string ends with `\"' on its line\n"
		" rule accept from any to any service any in \"eth0\n"
		"                                            ^^^^^\n"
		"t.policy:1:49: error: expected a rule clause (from, to, service, in, out, track, inspect) or `;', found end of file\n"
		" rule accept from any to any service any in \"eth0\n"
		"                                                 ^\n",
	},
	{
		"expected_semicolon", 1,
		"host a 192.0.2.1\n"
		"host b 192.0.2.2;\n",
		"t.policy:2:1-4: error: expected `;', found `host'\n"
		" host b 192.0.2.2;\n"
		" ^^^^\n",
	},
	{
		"unknown_statement", 1,
		"hots a 192.0.2.1;\n",
		"t.policy:1:1-4: error: expected a statement (settings, host, network, range, group, service, smtp or rule), found `hots'\n"
		" hots a 192.0.2.1;\n"
		" ^^^^\n",
	},
	{
		"unclosed_block", 1,
		"host a 192.0.2.1;\n"
		"group g { a,\n",
		"t.policy:2:13: error: expected `}', found end of file\n"
		" group g { a,\n"
		"             ^\n"
		"t.policy:2:9: note: to match this `{'\n"
		" group g { a,\n"
		"         ^\n",
	},
	{
		"stray_brace", 1,
		"}\n",
		"t.policy:1:1: error: expected a statement (settings, host, network, range, group, service, smtp or rule), found `}'\n"
		" }\n"
		" ^\n",
	},
	{
		"expected_lbrace", 1,
		"settings max-connections 5;\n",
		"t.policy:1:10-24: error: expected `{', found `max-connections'\n"
		" settings max-connections 5;\n"
		"          ^^^^^^^^^^^^^^^\n",
	},
	{
		"expected_setting", 1,
		"settings { ; }\n",
		"t.policy:1:12: error: expected a setting or `}', found `;'\n"
		" settings { ; }\n"
		"            ^\n",
	},
	{
		"expected_second_word", 1,
		"service s tcp 25 { timeout; }\n",
		"t.policy:1:27: error: expected `start', `idle' or `end' after `timeout', found `;'\n"
		" service s tcp 25 { timeout; }\n"
		"                           ^\n",
	},
	{
		"unknown_setting", 1,
		"settings { frob on; }\n",
		"t.policy:1:12-15: error: unknown setting `frob'\n"
		" settings { frob on; }\n"
		"            ^^^^\n",
	},
	{
		"unknown_service_setting", 1,
		"service s tcp 25 { timeout fast 5; }\n",
		"t.policy:1:20-31: error: unknown service setting `timeout fast'\n"
		" service s tcp 25 { timeout fast 5; }\n"
		"                    ^^^^^^^^^^^^\n",
	},
	{
		"setting_twice", 1,
		"service s tcp 25 {\n"
		"\tpickup on;\n"
		"\tpickup off;\n"
		"}\n",
		"t.policy:3:2-7: error: `pickup' is already set\n"
		" \tpickup off;\n"
		" \t^^^^^^\n"
		"t.policy:2:2-7: note: first set here\n"
		" \tpickup on;\n"
		" \t^^^^^^\n",
	},
	{
		"expected_number", 1,
		"settings { max-connections many; }\n",
		"t.policy:1:28-31: error: expected a number, found `many'\n"
		" settings { max-connections many; }\n"
		"                            ^^^^\n",
	},
	{
		"expected_seconds", 1,
		"service s tcp 25 { timeout idle 5m; }\n",
		"t.policy:1:33-34: error: expected a number of seconds, found `5m'\n"
		" service s tcp 25 { timeout idle 5m; }\n"
		"                                 ^^\n",
	},
	{
		"expected_choice", 1,
		"settings { late-packet-grace yes; }\n",
		"t.policy:1:30-32: error: expected `off' or `on', found `yes'\n"
		" settings { late-packet-grace yes; }\n"
		"                              ^^^\n",
	},
	{
		"timeout_zero", 1,
		"service s udp 53 { timeout idle 0; }\n",
		"t.policy:1:33: error: timeout idle `0' out of range: 1 to 604800 seconds\n"
		" service s udp 53 { timeout idle 0; }\n"
		"                                 ^\n",
	},
	{
		"timeout_too_long", 1,
		"settings { tcp { timeout end 604801; } }\n",
		"t.policy:1:30-35: error: timeout end `604801' out of range: 1 to 604800 seconds\n"
		" settings { tcp { timeout end 604801; } }\n"
		"                              ^^^^^^\n",
	},
	{
		"connections_out_of_range", 1,
		"settings { max-connections 16777217; }\n",
		"t.policy:1:28-35: error: max-connections `16777217' out of range: 1 to 16777216\n"
		" settings { max-connections 16777217; }\n"
		"                            ^^^^^^^^\n",
	},
	{
		"huge_number", 1,
		"settings { max-connections 99999999999999999999; }\n",
		"t.policy:1:28-47: error: max-connections `99999999999999999999' out of range: 1 to 16777216\n"
		" settings { max-connections 99999999999999999999; }\n"
		"                            ^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"name_too_long", 1,
		"host aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 192.0.2.1;\n",
		"t.policy:1:6-69: error: name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is too long: at most 63 characters\n"
		" host aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 192.0.2.1;\n"
		"      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"invalid_name", 1,
		"host 1a 192.0.2.1;\n",
		"t.policy:1:6-7: error: invalid name `1a': a name starts with a letter or `_' and holds letters, digits, `_', `.' and `-'\n"
		" host 1a 192.0.2.1;\n"
		"      ^^\n",
	},
	{
		"expected_name", 1,
		"host ;\n",
		"t.policy:1:6: error: expected the name of the object, found `;'\n"
		" host ;\n"
		"      ^\n",
	},
	{
		"invalid_ipv4_address", 1,
		"host a 192.0.2.256;\n",
		"t.policy:1:8-18: error: invalid address `192.0.2.256'\n"
		" host a 192.0.2.256;\n"
		"        ^^^^^^^^^^^\n",
	},
	{
		"invalid_ipv6_address", 1,
		"host a 2001:db8::g;\n",
		"t.policy:1:8-18: error: invalid address `2001:db8::g'\n"
		" host a 2001:db8::g;\n"
		"        ^^^^^^^^^^^\n",
	},
	{
		"host_with_prefix", 1,
		"host a 192.0.2.0/24;\n",
		"t.policy:1:8-19: error: a host is one address, `192.0.2.0/24' is a prefix: use network\n"
		" host a 192.0.2.0/24;\n"
		"        ^^^^^^^^^^^^\n",
	},
	{
		"host_with_range", 1,
		"host a 192.0.2.1-192.0.2.2;\n",
		"t.policy:1:8-26: error: a host is one address, `192.0.2.1-192.0.2.2' is a range: use range\n"
		" host a 192.0.2.1-192.0.2.2;\n"
		"        ^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"expected_address", 1,
		"host a;\n",
		"t.policy:1:7: error: expected an address, found `;'\n"
		" host a;\n"
		"       ^\n",
	},
	{
		"network_without_length", 1,
		"network n 192.0.2.0;\n",
		"t.policy:1:11-19: error: expected a prefix ADDRESS/LENGTH, found `192.0.2.0'\n"
		" network n 192.0.2.0;\n"
		"           ^^^^^^^^^\n",
	},
	{
		"ipv6_prefix_too_long", 1,
		"network n 2001:db8::/129;\n",
		"t.policy:1:22-24: error: invalid prefix length `129': IPv6 prefixes are 0 to 128\n"
		" network n 2001:db8::/129;\n"
		"                      ^^^\n",
	},
	{
		"prefix_length_not_number", 1,
		"network n 192.0.2.0/x;\n",
		"t.policy:1:21: error: invalid prefix length `x': IPv4 prefixes are 0 to 32\n"
		" network n 192.0.2.0/x;\n"
		"                     ^\n",
	},
	{
		"range_without_dash", 1,
		"range r 192.0.2.1;\n",
		"t.policy:1:9-17: error: expected a range ADDRESS-ADDRESS, found `192.0.2.1'\n"
		" range r 192.0.2.1;\n"
		"         ^^^^^^^^^\n",
	},
	{
		"range_bad_end", 1,
		"range r 192.0.2.1-192.0.2.x;\n",
		"t.policy:1:19-27: error: invalid address `192.0.2.x'\n"
		" range r 192.0.2.1-192.0.2.x;\n"
		"                   ^^^^^^^^^\n",
	},
	{
		"address_in_rule", 1,
		"rule accept from 192.0.2.0/24 to any service any;\n",
		"t.policy:1:18-29: error: `192.0.2.0/24' is an address: name it (host, network or range) and use the name here\n"
		" rule accept from 192.0.2.0/24 to any service any;\n"
		"                  ^^^^^^^^^^^^\n",
	},
	{
		"invalid_reference", 1,
		"rule accept from a:b to any service any;\n",
		"t.policy:1:18-20: error: invalid name `a:b': a name starts with a letter or `_' and holds letters, digits, `_', `.' and `-'\n"
		" rule accept from a:b to any service any;\n"
		"                  ^^^\n",
	},
	{
		"reference_name_too_long", 1,
		"rule accept from any to any service ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss;\n",
		"t.policy:1:37-100: error: name `ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss...' is too long: at most 63 characters\n"
		" rule accept from any to any service ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss;\n"
		"                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"empty_group", 1,
		"group g { }\n",
		"t.policy:1:7: error: group `g' has no members\n"
		" group g { }\n"
		"       ^\n",
	},
	{
		"group_missing_comma", 1,
		"host a 192.0.2.1;\n"
		"host b 192.0.2.2;\n"
		"group g { a b }\n",
		"t.policy:3:13: error: expected `,' or `}', found `b'\n"
		" group g { a b }\n"
		"             ^\n",
	},
	{
		"port_zero", 1,
		"service s tcp 0;\n",
		"t.policy:1:15: error: port `0' out of range: ports are 1 to 65535\n"
		" service s tcp 0;\n"
		"               ^\n",
	},
	{
		"port_too_big", 1,
		"service s udp 65536;\n",
		"t.policy:1:15-19: error: port `65536' out of range: ports are 1 to 65535\n"
		" service s udp 65536;\n"
		"               ^^^^^\n",
	},
	{
		"port_not_number", 2,
		"service s tcp http, 1-x;\n",
		"t.policy:1:15-18: error: invalid port `http': ports are numbers from 1 to 65535\n"
		" service s tcp http, 1-x;\n"
		"               ^^^^\n"
		"t.policy:1:23: error: invalid port `x': ports are numbers from 1 to 65535\n"
		" service s tcp http, 1-x;\n"
		"                       ^\n",
	},
	{
		"unknown_icmp_type", 1,
		"service s icmp echo;\n",
		"t.policy:1:16-19: error: unknown icmp type `echo'\n"
		" service s icmp echo;\n"
		"                ^^^^\n",
	},
	{
		"unknown_icmpv6_type", 1,
		"service s icmpv6 neighbor-solicitation;\n",
		"t.policy:1:18-38: error: unknown icmpv6 type `neighbor-solicitation'\n"
		" service s icmpv6 neighbor-solicitation;\n"
		"                  ^^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"icmp_type_too_big", 1,
		"service s icmp 256;\n",
		"t.policy:1:16-18: error: icmp type `256' out of range: 0 to 255\n"
		" service s icmp 256;\n"
		"                ^^^\n",
	},
	{
		"unknown_protocol", 1,
		"service s sctp 5;\n",
		"t.policy:1:11-14: error: unknown protocol `sctp': expected tcp, udp, icmp or icmpv6\n"
		" service s sctp 5;\n"
		"           ^^^^\n",
	},
	{
		"expected_protocol", 1,
		"service s;\n",
		"t.policy:1:10: error: expected a protocol (tcp, udp, icmp or icmpv6), found `;'\n"
		" service s;\n"
		"          ^\n",
	},
	{
		"expected_port", 1,
		"service s tcp;\n",
		"t.policy:1:14: error: expected a port or port range, found `;'\n"
		" service s tcp;\n"
		"              ^\n",
	},
	{
		"expected_icmp_type", 1,
		"service s icmpv6 ;\n",
		"t.policy:1:18: error: expected an icmp type, found `;'\n"
		" service s icmpv6 ;\n"
		"                  ^\n",
	},
	{
		"expected_service_end", 1,
		"service s tcp 25 udp;\n",
		"t.policy:1:18-20: error: expected `,', `;' or `{', found `udp'\n"
		" service s tcp 25 udp;\n"
		"                  ^^^\n",
	},
	{
		"smtp_option", 1,
		"smtp inbound { max-lines 1000; }\n",
		"t.policy:1:16-24: error: unknown smtp option `max-lines'\n"
		" smtp inbound { max-lines 1000; }\n"
		"                ^^^^^^^^^\n",
	},
	{
		"smtp_line_range", 1,
		"smtp m { max-line 2000000; }\n",
		"t.policy:1:19-25: error: max-line `2000000' out of range: 0 to 1048576 bytes\n"
		" smtp m { max-line 2000000; }\n"
		"                   ^^^^^^^\n",
	},
	{
		"smtp_verb_twice", 1,
		"smtp m { verbs HELO, mail, helo; }\n",
		"t.policy:1:28-31: error: verb `helo' listed twice\n"
		" smtp m { verbs HELO, mail, helo; }\n"
		"                            ^^^^\n",
	},
	{
		"smtp_verb_invalid", 1,
		"smtp m { verbs HELO, X.Y; }\n",
		"t.policy:1:22-24: error: invalid SMTP verb `X.Y': 1 to 15 letters, digits or `-'\n"
		" smtp m { verbs HELO, X.Y; }\n"
		"                      ^^^\n",
	},
	{
		"smtp_too_many_verbs", 1,
		"smtp m { verbs A1, A2, A3, A4, A5, A6, A7, A8, A9; }\n",
		"t.policy:1:48-49: error: too many verbs: at most 8 besides the 15 known ones\n"
		" smtp m { verbs A1, A2, A3, A4, A5, A6, A7, A8, A9; }\n"
		"                                                ^^\n",
	},
	{
		"smtp_pattern_unquoted", 1,
		"smtp m { senders example.com; }\n",
		"t.policy:1:18-28: error: expected an address pattern in quotes (\"*@example.com\"), found `example.com'\n"
		" smtp m { senders example.com; }\n"
		"                  ^^^^^^^^^^^\n",
	},
	{
		"smtp_patterns_twice", 1,
		"smtp m { recipients \"a@b\";\n"
		"  recipients \"c@d\"; }\n",
		"t.policy:2:3-12: error: `recipients' is already set\n"
		"   recipients \"c@d\"; }\n"
		"   ^^^^^^^^^^\n"
		"t.policy:1:10-19: note: first set here\n"
		" smtp m { recipients \"a@b\";\n"
		"          ^^^^^^^^^^\n",
	},
	{
		"smtp_action_unknown_check", 1,
		"smtp m { action verbs reject; }\n",
		"t.policy:1:17-21: error: expected `log', `reject' or `reset', found `verbs'\n"
		" smtp m { action verbs reject; }\n"
		"                 ^^^^^\n"
		"t.policy:1:10-15: note: or a check: verb, line, reply-line, recipients, size, starttls, sender, recipient, smuggling or sync\n"
		" smtp m { action verbs reject; }\n"
		"          ^^^^^^\n",
	},
	{
		"smtp_check_action_twice", 1,
		"smtp m { action size reject; action size reset; }\n",
		"t.policy:1:30-40: error: `action size' is already set\n"
		" smtp m { action size reject; action size reset; }\n"
		"                              ^^^^^^^^^^^\n"
		"t.policy:1:10-20: note: first set here\n"
		" smtp m { action size reject; action size reset; }\n"
		"          ^^^^^^^^^^^\n",
	},
	{
		"smtp_starttls_word", 1,
		"smtp m { starttls strip; }\n",
		"t.policy:1:19-23: error: expected `allow' or `deny', found `strip'\n"
		" smtp m { starttls strip; }\n"
		"                   ^^^^^\n",
	},
	{
		"smtp_body_not_option", 1,
		"smtp inbound { ; }\n",
		"t.policy:1:16: error: expected an smtp option or `}', found `;'\n"
		" smtp inbound { ; }\n"
		"                ^\n",
	},
	{
		"invalid_interface", 1,
		"rule accept from any to any service any in ../x;\n",
		"t.policy:1:44-47: error: invalid interface name `../x': 1 to 15 characters, not `.' or `..', without `/', `:', `\"' or spaces\n"
		" rule accept from any to any service any in ../x;\n"
		"                                            ^^^^\n",
	},
	{
		"interface_too_long", 1,
		"rule accept from any to any service any out \"abcdefghijklmnop\";\n",
		"t.policy:1:45-62: error: invalid interface name `abcdefghijklmnop': 1 to 15 characters, not `.' or `..', without `/', `:', `\"' or spaces\n"
		" rule accept from any to any service any out \"abcdefghijklmnop\";\n"
		"                                             ^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"expected_interface", 1,
		"rule accept from any to any service any in ;\n",
		"t.policy:1:44: error: expected an interface name, found `;'\n"
		" rule accept from any to any service any in ;\n"
		"                                            ^\n",
	},
	{
		"expected_clause", 1,
		"rule accept from any to any service any frob;\n",
		"t.policy:1:41-44: error: expected a rule clause (from, to, service, in, out, track, inspect) or `;', found `frob'\n"
		" rule accept from any to any service any frob;\n"
		"                                         ^^^^\n",
	},
	{
		"clause_twice", 1,
		"rule accept from any from any to any service any;\n",
		"t.policy:1:22-25: error: `from' given twice in rule 1\n"
		" rule accept from any from any to any service any;\n"
		"                      ^^^^\n"
		"t.policy:1:13-16: note: first given here\n"
		" rule accept from any from any to any service any;\n"
		"             ^^^^\n",
	},
	{
		"rule_without_to", 1,
		"rule accept from any service any;\n",
		"t.policy:1:1-4: error: rule 1 has no `to': write `to any' to match every destination\n"
		" rule accept from any service any;\n"
		" ^^^^\n",
	},
	{
		"unknown_action", 1,
		"rule permit from any to any service any;\n",
		"t.policy:1:6-11: error: expected `accept', `drop' or `reject', found `permit'\n"
		" rule permit from any to any service any;\n"
		"      ^^^^^^\n",
	},
	{
		"reserved_word_in_list", 1,
		"rule accept from to any service any;\n",
		"t.policy:1:18-19: error: expected an object name, found `to'\n"
		" rule accept from to any service any;\n"
		"                  ^^\n",
	},
	{
		"bad_track", 1,
		"rule accept from any to any service any track loud;\n",
		"t.policy:1:47-50: error: expected `none' or `log', found `loud'\n"
		" rule accept from any to any service any track loud;\n"
		"                                               ^^^^\n",
	},
	{
		"object_defined_twice", 1,
		"host a 192.0.2.1;\n"
		"network a 192.0.2.0/24;\n",
		"t.policy:2:9: error: object `a' is already defined\n"
		" network a 192.0.2.0/24;\n"
		"         ^\n"
		"t.policy:1:6: note: first defined here\n"
		" host a 192.0.2.1;\n"
		"      ^\n",
	},
	{
		"service_defined_twice", 1,
		"service s tcp 25;\n"
		"service s udp 53;\n",
		"t.policy:2:9: error: service `s' is already defined\n"
		" service s udp 53;\n"
		"         ^\n"
		"t.policy:1:9: note: first defined here\n"
		" service s tcp 25;\n"
		"         ^\n",
	},
	{
		"smtp_defined_twice", 1,
		"smtp m { }\n"
		"smtp m { }\n",
		"t.policy:2:6: error: smtp resource `m' is already defined\n"
		" smtp m { }\n"
		"      ^\n"
		"t.policy:1:6: note: first defined here\n"
		" smtp m { }\n"
		"      ^\n",
	},
	{
		"reserved_object_name", 1,
		"host any 192.0.2.1;\n",
		"t.policy:1:6-8: error: `any' is a reserved word: it cannot name an object\n"
		" host any 192.0.2.1;\n"
		"      ^^^\n",
	},
	{
		"reserved_service_name", 1,
		"service from tcp 1;\n",
		"t.policy:1:9-12: error: `from' is a reserved word: it cannot name a service\n"
		" service from tcp 1;\n"
		"         ^^^^\n",
	},
	{
		"unknown_service", 1,
		"network dmz 198.51.100.0/24;\n"
		"rule accept from dmz to any service smtps;\n",
		"t.policy:2:37-41: error: unknown service `smtps'\n"
		" rule accept from dmz to any service smtps;\n"
		"                                     ^^^^^\n",
	},
	{
		"unknown_object", 1,
		"rule accept from any to mx service any;\n",
		"t.policy:1:25-26: error: unknown object `mx'\n"
		" rule accept from any to mx service any;\n"
		"                         ^^\n",
	},
	{
		"object_named_like_service", 1,
		"service dns udp 53;\n"
		"rule accept from dns to any service any;\n",
		"t.policy:2:18-20: error: unknown object `dns'\n"
		" rule accept from dns to any service any;\n"
		"                  ^^^\n"
		"t.policy:1:9-11: note: `dns' is defined here as a service\n"
		" service dns udp 53;\n"
		"         ^^^\n",
	},
	{
		"unknown_smtp_resource", 1,
		"service smtp tcp 25;\n"
		"rule accept from any to any service smtp inspect nosuch;\n",
		"t.policy:2:50-55: error: unknown smtp resource `nosuch'\n"
		" rule accept from any to any service smtp inspect nosuch;\n"
		"                                                  ^^^^^^\n",
	},
	{
		"member_twice", 1,
		"host a 192.0.2.1;\n"
		"group g { a, a }\n",
		"t.policy:2:14: error: `a' is listed twice in group `g'\n"
		" group g { a, a }\n"
		"              ^\n"
		"t.policy:2:11: note: first listed here\n"
		" group g { a, a }\n"
		"           ^\n",
	},
	{
		"reference_twice", 1,
		"service s tcp 25;\n"
		"rule accept from any to any service s, s;\n",
		"t.policy:2:40: error: `s' is listed twice in rule 1\n"
		" rule accept from any to any service s, s;\n"
		"                                        ^\n"
		"t.policy:2:37: note: first listed here\n"
		" rule accept from any to any service s, s;\n"
		"                                     ^\n",
	},
	{
		"host_bits_ipv4", 1,
		"network n 192.0.2.1/24;\n",
		"t.policy:1:11-22: error: network `n' has host bits set: write 192.0.2.0/24 (or a host for one address)\n"
		" network n 192.0.2.1/24;\n"
		"           ^^^^^^^^^^^^\n",
	},
	{
		"host_bits_ipv6", 1,
		"network n 2001:db8::1/32;\n",
		"t.policy:1:11-24: error: network `n' has host bits set: write 2001:db8::/32 (or a host for one address)\n"
		" network n 2001:db8::1/32;\n"
		"           ^^^^^^^^^^^^^^\n",
	},
	{
		"range_mixed_families", 1,
		"range r 192.0.2.1-2001:db8::1;\n",
		"t.policy:1:9-29: error: range `r' mixes IPv4 and IPv6: both ends must be of one family\n"
		" range r 192.0.2.1-2001:db8::1;\n"
		"         ^^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"range_reversed", 1,
		"range r 2001:db8::9-2001:db8::1;\n",
		"t.policy:1:9-31: error: range `r' is reversed: 2001:db8::9 is above 2001:db8::1\n"
		" range r 2001:db8::9-2001:db8::1;\n"
		"         ^^^^^^^^^^^^^^^^^^^^^^^\n",
	},
	{
		"any_in_group", 1,
		"host a 192.0.2.1;\n"
		"group g { a, any }\n",
		"t.policy:2:14-16: error: `any' cannot be a group member: a group with it would be any\n"
		" group g { a, any }\n"
		"              ^^^\n",
	},
	{
		"group_cycle", 1,
		"group a { b }\n"
		"group b { c }\n"
		"group c { a }\n",
		"t.policy:3:11: error: group cycle: a -> b -> c -> a\n"
		" group c { a }\n"
		"           ^\n",
	},
	{
		"group_contains_itself", 1,
		"group a { a }\n",
		"t.policy:1:11: error: group cycle: a -> a\n"
		" group a { a }\n"
		"           ^\n",
	},
	{
		"setting_not_for_protocol", 1,
		"service dns udp 53 { timeout start 5; }\n",
		"t.policy:1:22-34: error: `timeout start' does not apply to udp services (only to tcp)\n"
		" service dns udp 53 { timeout start 5; }\n"
		"                      ^^^^^^^^^^^^^\n",
	},
	{
		"out_of_state_not_for_udp", 1,
		"settings { udp { out-of-state accept; } }\n",
		"t.policy:1:18-29: error: `out-of-state' does not apply to udp (only to tcp, icmp and icmpv6)\n"
		" settings { udp { out-of-state accept; } }\n"
		"                  ^^^^^^^^^^^^\n",
	},
	{
		"port_range_reversed", 1,
		"service s tcp 90-80;\n",
		"t.policy:1:15-19: error: port range 90-80 is reversed: write 80-90\n"
		" service s tcp 90-80;\n"
		"               ^^^^^\n",
	},
	{
		"any_with_others", 1,
		"service s tcp 25;\n"
		"rule accept from any to any service any, s;\n",
		"t.policy:2:37-39: error: `any' cannot be listed with other services\n"
		" rule accept from any to any service any, s;\n"
		"                                     ^^^\n",
	},
	{
		"families_never_meet", 1,
		"host a 192.0.2.1;\n"
		"host b 2001:db8::1;\n"
		"rule accept from a to b service any;\n",
		"t.policy:3:23: error: rule 1 can never match: its sources are IPv4 only and its destinations IPv6 only\n"
		" rule accept from a to b service any;\n"
		"                       ^\n",
	},
	{
		"service_family", 1,
		"network n 192.0.2.0/24;\n"
		"service ping6 icmpv6 echo-request;\n"
		"rule accept from n to any service ping6;\n",
		"t.policy:3:35-39: error: service `ping6' is icmpv6, which is IPv6 only, and rule 1 matches IPv4 addresses only\n"
		" rule accept from n to any service ping6;\n"
		"                                   ^^^^^\n",
	},
	{
		"inspect_any", 1,
		"service smtp tcp 25;\n"
		"rule accept from any to any service smtp inspect any;\n",
		"t.policy:2:50-52: error: `inspect any' names no smtp resource\n"
		" rule accept from any to any service smtp inspect any;\n"
		"                                                  ^^^\n",
	},
	{
		"inspect_drop_rule", 1,
		"service smtp tcp 25;\n"
		"smtp m { }\n"
		"rule drop from any to any service smtp inspect m;\n",
		"t.policy:3:48: error: only accept rules can inspect: rule 1 is a drop rule\n"
		" rule drop from any to any service smtp inspect m;\n"
		"                                                ^\n",
	},
	{
		"inspect_any_service", 1,
		"smtp m { }\n"
		"rule accept from any to any service any inspect m;\n",
		"t.policy:2:37-39: error: smtp inspection needs tcp services: `any' matches every protocol\n"
		" rule accept from any to any service any inspect m;\n"
		"                                     ^^^\n",
	},
	{
		"inspect_udp_service", 1,
		"service dns udp 53;\n"
		"smtp m { }\n"
		"rule accept from any to any service dns inspect m;\n",
		"t.policy:3:37-39: error: smtp inspection needs tcp services: `dns' is udp\n"
		" rule accept from any to any service dns inspect m;\n"
		"                                     ^^^\n",
	},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void run_case(void **state)
{
	const struct error_case *c = *state;
	struct checked r = check_text(c->input);

	assert_string_equal(r.diag, c->expected);
	assert_int_equal(r.errors, c->errors);
	checked_free(&r);
}

static const char several_mistakes[] =
	"# several mistakes; every one is reported\n"
	"host mx 192.0.2.25\n"
	"host mx6 2001:db8::25;\n"
	"network dmz 198.51.100.0/24;\n"
	"service smtp tcp 25 {\n"
	"\ttimeout idle 0;\n"
	"\tpickup maybe;\n"
	"}\n"
	"group mail { mx, mx6, mx7 }\n"
	"rule accept from dmz to any service smtps;\n"
	"rule accept from any to mail service smtp\n"
	"rule drop from any to any service any;\n";

/* Every error of the file, each once, in file order; parsing recovers. */
static void test_several_mistakes(void **state)
{
	struct checked r = check_text(several_mistakes);

	(void)state;
	assert_string_equal(r.diag,
"t.policy:3:1-4: error: expected `;', found `host'\n"
" host mx6 2001:db8::25;\n"
" ^^^^\n"
"t.policy:6:15: error: timeout idle `0' out of range: 1 to 604800 seconds\n"
" \ttimeout idle 0;\n"
" \t             ^\n"
"t.policy:7:9-13: error: expected `off' or `on', found `maybe'\n"
" \tpickup maybe;\n"
" \t       ^^^^^\n"
"t.policy:9:23-25: error: unknown object `mx7'\n"
" group mail { mx, mx6, mx7 }\n"
"                       ^^^\n"
"t.policy:10:37-41: error: unknown service `smtps'\n"
" rule accept from dmz to any service smtps;\n"
"                                     ^^^^^\n"
"t.policy:12:1-4: error: expected a rule clause (from, to, service, in, out, track, inspect) or `;', found `rule'\n"
" rule drop from any to any service any;\n"
" ^^^^\n");
	assert_int_equal(r.errors, 6);
	/* What could be read is in the tree: recovery lost nothing else. */
	assert_int_equal(r.p->n_objects, 4);
	assert_int_equal(r.p->n_services, 1);
	assert_int_equal(r.p->n_rules, 3);
	assert_false(r.p->rules[0].invalid);
	assert_true(r.p->rules[1].invalid);
	assert_false(r.p->rules[2].invalid);
	assert_int_equal(r.p->rules[2].action, POLICY_DROP);
	checked_free(&r);
}

/* A statement that cannot be read does not hide the ones after it. */
static void test_recovery_after_blocks(void **state)
{
	struct checked r = check_text(
		"service x tcp { timeout idle 5; }\n"
		"settings { tcp { timeout fast 5; } max-connections 10 }\n"
		"group g { a b, c }\n"
		"host a 192.0.2.1;\n");

	(void)state;
	assert_string_equal(r.diag,
"t.policy:1:15: error: expected a port or port range, found `{'\n"
" service x tcp { timeout idle 5; }\n"
"               ^\n"
"t.policy:2:18-29: error: unknown service setting `timeout fast'\n"
" settings { tcp { timeout fast 5; } max-connections 10 }\n"
"                  ^^^^^^^^^^^^\n"
"t.policy:2:55: error: expected `;', found `}'\n"
" settings { tcp { timeout fast 5; } max-connections 10 }\n"
"                                                       ^\n"
"t.policy:3:13: error: expected `,' or `}', found `b'\n"
" group g { a b, c }\n"
"             ^\n");
	assert_int_equal(r.p->n_objects, 2);
	assert_int_equal(r.p->objects[1].kind, POLICY_HOST);
	assert_true(r.p->settings.global[POLICY_MAX_CONNECTIONS].set);
	checked_free(&r);
}

/* An object whose value is unreadable still counts as defined. */
static void test_unreadable_definition_no_cascade(void **state)
{
	struct checked r = check_text(
		"host mx 192.0.2.300;\n"
		"service smtp tcp 99999;\n"
		"rule accept from any to mx service smtp;\n");

	(void)state;
	assert_int_equal(r.errors, 2);
	assert_null(strstr(r.diag, "unknown"));
	checked_free(&r);
}

/* Input with NUL bytes is read to its end, not to the first NUL. */
static void test_nul_bytes(void **state)
{
	static const char text[] = "host a 192.0.2.1;\0\0\nhost b 192.0.2.2;\n";
	struct checked r = check_bytes(text, sizeof(text) - 1);

	(void)state;
	assert_string_equal(r.diag,
"t.policy:1:18-19: error: invalid byte 0x00\n"
" host a 192.0.2.1;??\n"
"                  ^^\n");
	assert_int_equal(r.p->n_objects, 2);
	checked_free(&r);
}

/* The place of an error at the end of the file is just past the last word. */
static void test_end_of_file_place(void **state)
{
	struct checked r = check_text("host a 192.0.2.1\n\n# done\n");

	(void)state;
	assert_string_equal(r.diag,
"t.policy:1:17: error: expected `;', found end of file\n"
" host a 192.0.2.1\n"
"                 ^\n");
	checked_free(&r);

	r = check_text("");
	assert_string_equal(r.diag, "");
	assert_int_equal(r.errors, 0);
	checked_free(&r);
}

/* A tree not read from text has no places: messages name no line. */
static void test_error_without_place(void **state)
{
	struct policy *p = policy_new();
	struct policy_diags d;
	struct policy_rule *r;
	char *out = NULL;
	size_t len;
	FILE *f;

	(void)state;
	r = policy_add_rule(p, (struct policy_loc){ 0 });
	policy_add_ref(&r->from, "any", 3, (struct policy_loc){ 0 });
	policy_add_ref(&r->to, "nowhere", 7, (struct policy_loc){ 0 });
	policy_add_ref(&r->services, "any", 3, (struct policy_loc){ 0 });
	policy_diags_init(&d);
	assert_int_equal(policy_check(p, &d), 1);
	f = open_memstream(&out, &len);
	policy_diags_print(&d, "kernel", "", 0, f);
	fclose(f);
	assert_string_equal(out, "kernel: error: unknown object `nowhere'\n");
	free(out);
	policy_diags_free(&d);
	policy_free(p);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_several_mistakes),
		cmocka_unit_test(test_recovery_after_blocks),
		cmocka_unit_test(test_unreadable_definition_no_cascade),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_end_of_file_place),
		cmocka_unit_test(test_error_without_place),
	};
	const size_t n_fixed = sizeof(fixed) / sizeof(fixed[0]);
	struct CMUnitTest tests[N_CASES + sizeof(fixed) / sizeof(fixed[0])];
	size_t i;

	for (i = 0; i < N_CASES; i++)
		tests[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = run_case,
			.initial_state = (void *)&cases[i],
		};
	for (i = 0; i < n_fixed; i++)
		tests[N_CASES + i] = fixed[i];
	return _cmocka_run_group_tests("policy diagnostics", tests,
				       N_CASES + n_fixed,
				       NULL, NULL);
}
