#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Open a policy transaction in this network namespace (POLICY_BEGIN and
one POLICY_ADD), print `begun PORTID`, then hold it until killed: a client
that dies in the middle of an install. Prints `failed ...` and exits 1 when
the kernel refuses."""

import struct
import sys
import time

import genl_probe as g


def main():
    nl = g.Genl()
    err, text, attrs = nl.genl(g.GENL_ID_CTRL, g.CTRL_CMD_GETFAMILY,
                               g.attr(g.CTRL_ATTR_FAMILY_NAME, b"rampart\0"))
    if err:
        print(f"failed: family lookup: errno {err} {text}", flush=True)
        return 1
    fam = struct.unpack("=H", attrs[g.CTRL_ATTR_FAMILY_ID][:2])[0]
    err, text, ticket = g.begin(nl, fam)
    if err:
        print(f"failed: begin: errno {err} {text}", flush=True)
        return 1
    err, text, _ = nl.genl(fam, g.RAMPART_CMD_POLICY_ADD,
                           g.attr(g.RAMPART_A_POLICY_TICKET, g.u32(ticket)) +
                           g.host("held", "192.0.2.1", 1))
    if err:
        print(f"failed: add: errno {err} {text}", flush=True)
        return 1
    print(f"begun {nl.sock.getsockname()[0]}", flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    sys.exit(main())
