#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""SMTP transcripts (smtp/*.vec) to C (smtp_vectors.h) and fuzz seeds.

  smtp_vectors.py                 write smtp_vectors.h next to this script
  smtp_vectors.py --check         exit 1 when smtp_vectors.h is stale
  smtp_vectors.py --corpus DIR    write one seed per vector for smtp_fuzz

The format is described in README.md beside this script.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VEC_DIR = os.path.join(HERE, "smtp")
HEADER = os.path.join(HERE, "smtp_vectors.h")

CHECKS = ["none", "verb", "line", "reply-line", "recipients", "size",
          "starttls", "sender", "recipient", "smuggling", "sync"]
CHECK_ENUM = ["NONE", "VERB", "LINE", "REPLY_LINE", "RCPTS", "SIZE",
              "STARTTLS", "SENDER", "RECIPIENT", "SMUGGLING", "SYNC"]
ACTIONS = {"log": "LOG", "reject": "REJECT", "reset": "RESET"}
EVENTS = {"banner": "BANNER", "tls": "TLS", "sasl": "SASL",
          "message": "MESSAGE"}
MODES = {"inspect": "INSPECT", "tls": "TLS", "sasl": "SASL",
         "lost": "LOST", "closed": "CLOSED"}
VERBS = ["HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP",
         "QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH", "ETRN"]
MAX_EXTRA_VERBS = 8
MAX_PATTERNS = 8


class VecError(Exception):
    pass


def parse_data(text, where, inner=False):
    """Returns (bytes, [(pos, items)], [(start, end)])."""
    out = bytearray()
    notes = []
    masks = []
    open_mask = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(text):
            raise VecError(f"{where}: a backslash ends the line")
        esc = text[i + 1]
        i += 2
        simple = {"r": b"\r", "n": b"\n", "t": b"\t", "s": b" ", "\\": b"\\"}
        if esc in simple:
            out += simple[esc]
        elif esc == "x":
            m = re.match(r"[0-9a-fA-F]{2}", text[i:])
            if not m:
                raise VecError(f"{where}: \\x wants two hex digits")
            out.append(int(m.group(0), 16))
            i += 2
        elif esc == "*":
            m = re.match(r"(\d+)\{", text[i:])
            if not m:
                raise VecError(f"{where}: \\* wants N{{text}}")
            end = text.find("}", i + m.end())
            if end < 0:
                raise VecError(f"{where}: \\*N{{ without }}")
            part, _, _ = parse_data(text[i + m.end():end], where, inner=True)
            out += part * int(m.group(1))
            i = end + 1
        elif esc == "@" and not inner:
            if not text[i:].startswith("{"):
                raise VecError(f"{where}: \\@ wants {{result}}")
            end = text.find("}", i)
            if end < 0:
                raise VecError(f"{where}: \\@{{ without }}")
            notes.append((len(out), parse_result(text[i + 1:end], where)))
            i = end + 1
        elif esc == "[" and not inner:
            if open_mask is not None:
                raise VecError(f"{where}: \\[ inside \\[")
            open_mask = len(out)
        elif esc == "]" and not inner:
            if open_mask is None:
                raise VecError(f"{where}: \\] without \\[")
            if len(out) > open_mask:
                masks.append((open_mask, len(out)))
            open_mask = None
        else:
            raise VecError(f"{where}: unknown escape \\{esc}")
    if open_mask is not None:
        if len(out) > open_mask:
            masks.append((open_mask, len(out)))
    for pos, _ in notes:
        if pos >= len(out):
            raise VecError(f"{where}: \\@ must come before a byte")
    return bytes(out), notes, masks


def parse_result(spec, where):
    items = []
    for part in spec.split(";"):
        words = part.split()
        if not words:
            raise VecError(f"{where}: empty result")
        w = words[0]
        if w in CHECKS[1:]:
            if len(words) not in (2, 3) or words[1] not in ACTIONS:
                raise VecError(f"{where}: `{part.strip()}': CHECK ACTION [VERB]")
            items.append({"check": w, "action": words[1],
                          "verb": words[2] if len(words) == 3 else ""})
        elif w in EVENTS:
            want = 3 if w == "message" else 2
            if len(words) != want or not all(x.isdigit() for x in words[1:]):
                raise VecError(f"{where}: `{part.strip()}': wrong numbers")
            items.append({"event": w, "code": int(words[1]),
                          "size": int(words[2]) if w == "message" else 0})
        else:
            raise VecError(f"{where}: unknown result `{w}'")
    if sum(1 for x in items if "check" in x) > 1 or \
       sum(1 for x in items if "event" in x) > 1:
        raise VecError(f"{where}: one violation and one event per byte at most")
    return items


def parse_config(words, cfg, where):
    key, args = words[0], words[1:]

    def number():
        if len(args) != 1 or not args[0].isdigit():
            raise VecError(f"{where}: set {key} N")
        return int(args[0])

    def choice(a, b):
        if len(args) != 1 or args[0] not in (a, b):
            raise VecError(f"{where}: set {key} {a}|{b}")
        return args[0] == b

    if key == "verbs":
        if args and all(a[0] in "+-" for a in args):
            verbs, extra = set(VERBS), []
        else:
            verbs, extra = set(), []
        for a in args:
            sign, name = (a[0], a[1:]) if a[0] in "+-" else ("+", a)
            name = name.upper()
            if name in VERBS:
                (verbs.add if sign == "+" else verbs.discard)(name)
            elif sign == "+" and name not in extra:
                if len(name) > 15:
                    raise VecError(f"{where}: verb {name} too long")
                extra.append(name)
        if len(extra) > MAX_EXTRA_VERBS:
            raise VecError(f"{where}: too many extra verbs")
        cfg["verbs"], cfg["extra"] = verbs, extra
    elif key in ("max-line", "max-reply-line", "max-recipients", "max-size"):
        cfg[key] = number()
    elif key in ("senders", "recipients"):
        if len(args) > MAX_PATTERNS:
            raise VecError(f"{where}: at most {MAX_PATTERNS} patterns")
        cfg[key] = ["" if a == "<>" else a for a in args]
    elif key == "starttls":
        cfg[key] = choice("allow", "deny")
    elif key == "banner":
        cfg[key] = choice("pass", "mask")
    elif key == "smuggling":
        cfg[key] = not choice("on", "off")
    elif key == "action":
        if len(args) != 2 or args[1] not in ACTIONS or \
           (args[0] not in CHECKS[1:] and args[0] != "all"):
            raise VecError(f"{where}: set action CHECK|all ACTION")
        for c in (CHECKS[1:] if args[0] == "all" else [args[0]]):
            cfg.setdefault("action", {})[c] = args[1]
    else:
        raise VecError(f"{where}: unknown setting `{key}'")


def parse_vec(path):
    name = os.path.splitext(os.path.basename(path))[0]
    vec = {"name": name, "cfg": {}, "chunks": [], "items": [], "masks": [],
           "mode": "inspect", "comment": []}
    pos = {"C": 0, "S": 0}
    seen_data = False
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        where = f"{os.path.relpath(path, HERE)}:{n}"
        if line.startswith("C: ") or line.startswith("S: "):
            d = line[0]
            data, notes, masks = parse_data(line[3:], where)
            if not data:
                raise VecError(f"{where}: no bytes")
            for p, items in notes:
                for it in items:
                    it = dict(it, dir=d, at=pos[d] + p)
                    vec["items"].append(it)
            for a, b in masks:
                vec["masks"].append((d, pos[d] + a, b - a))
            vec["chunks"].append((d, data))
            pos[d] += len(data)
            seen_data = True
        elif line.startswith("#"):
            if not seen_data:
                vec["comment"].append(line[1:].strip())
        elif not line.strip():
            continue
        elif line.startswith("set "):
            if seen_data:
                raise VecError(f"{where}: set after data")
            parse_config(line.split()[1:], vec["cfg"], where)
        elif line.startswith("end "):
            m = line.split()
            if len(m) != 2 or m[1] not in MODES:
                raise VecError(f"{where}: end inspect|tls|sasl|lost|closed")
            vec["mode"] = m[1]
        else:
            raise VecError(f"{where}: not a vector line: {line!r}")
    if not vec["chunks"]:
        raise VecError(f"{path}: no data")
    return vec


def c_string(data):
    parts, cur = [], ""
    for b in data:
        if 0x20 <= b < 0x7f and chr(b) not in '"\\?':
            cur += chr(b)
        else:
            cur += "\\%03o" % b
        if len(cur) >= 64:
            parts.append(cur)
            cur = ""
    if cur or not parts:
        parts.append(cur)
    return "\n\t\t".join(f'"{p}"' for p in parts)


def c_ident(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def emit_config(vec):
    cfg, lines = vec["cfg"], []
    if "verbs" in cfg:
        bits = " | ".join(f"RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_{v})"
                          for v in VERBS if v in cfg["verbs"]) or "0"
        lines.append(f"cfg->verbs = {bits};")
        for i, v in enumerate(cfg["extra"]):
            lines.append(f'strcpy(cfg->extra_verbs[{i}], "{v}");')
        lines.append(f"cfg->n_extra_verbs = {len(cfg['extra'])};")
    fields = {"max-line": "max_line", "max-reply-line": "max_reply_line",
              "max-recipients": "max_rcpts", "max-size": "max_size"}
    for k, field in fields.items():
        if k in cfg:
            lines.append(f"cfg->{field} = {cfg[k]};")
    for k, field in (("senders", "senders"), ("recipients", "recipients")):
        if k in cfg:
            for i, p in enumerate(cfg[k]):
                lines.append(f"strcpy(cfg->{field}[{i}].text, {c_string(p.encode())});")
            lines.append(f"cfg->n_{field} = {len(cfg[k])};")
    for k, field in (("starttls", "starttls_deny"), ("banner", "banner_mask"),
                     ("smuggling", "smuggling")):
        if k in cfg:
            lines.append(f"cfg->{field} = {'true' if cfg[k] else 'false'};")
    for c, a in cfg.get("action", {}).items():
        lines.append(f"cfg->action[RAMPART_SMTP_CHECK_{CHECK_ENUM[CHECKS.index(c)]}]"
                     f" = RAMPART_SMTP_{ACTIONS[a]};")
    return lines


PREAMBLE = """\
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated by tests/vectors/smtp_vectors.py from the .vec files in
 * tests/vectors/smtp/: edit those and run it again. SMTP transcripts for the
 * parser of kmod/core/smtp.c; tests/vectors/smtp_replay.h replays them.
 * Include core/smtp.h and whatever declares strcpy() first.
 */
#ifndef RAMPART_SMTP_VECTORS_H
#define RAMPART_SMTP_VECTORS_H

struct smtp_vec_chunk {
\tunsigned int dir;\t\t/* RAMPART_SMTP_CLIENT or _SERVER */
\tunsigned int len;
\tconst char *data;
};

/* A violation and/or an event expected at byte at of direction dir. */
struct smtp_vec_item {
\tunsigned int dir, at;
\tunsigned char check, action, event;
\tunsigned short code;
\tunsigned long long size;
\tconst char *verb;
};

struct smtp_vec_mask {
\tunsigned int dir, at, len;
};

struct smtp_vec {
\tconst char *name;
\tvoid (*config)(struct rampart_smtp_config *cfg);
\tunsigned int mode;\t\t/* enum rampart_smtp_mode at the end */
\tunsigned int nchunks, nitems, nmasks;
\tconst struct smtp_vec_chunk *chunks;
\tconst struct smtp_vec_item *items;
\tconst struct smtp_vec_mask *masks;
};"""


def c_dir(d):
    return "RAMPART_SMTP_CLIENT" if d == "C" else "RAMPART_SMTP_SERVER"


def emit_header(vecs):
    o = PREAMBLE.split("\n")
    for v in vecs:
        ident = c_ident(v["name"])
        o.append("")
        about = next((c for c in v["comment"] if c), "")
        o.append(f"/* {v['name']}.vec: {about} */" if about else f"/* {v['name']}.vec */")
        o.append(f"static void smtp_vec_config_{ident}(struct rampart_smtp_config *cfg)")
        o.append("{")
        o.append("\trampart_smtp_config_default(cfg);")
        for line in emit_config(v):
            o.append("\t" + line)
        o.append("}")
        o.append("")
        o.append(f"static const struct smtp_vec_chunk smtp_vec_chunks_{ident}[] = {{")
        for d, data in v["chunks"]:
            o.append(f"\t{{ {c_dir(d)}, {len(data)},")
            o.append(f"\t\t{c_string(data)} }},")
        o.append("};")
        if v["items"]:
            o.append("")
            o.append(f"static const struct smtp_vec_item smtp_vec_items_{ident}[] = {{")
            for it in v["items"]:
                fields = [f".dir = {c_dir(it['dir'])}", f".at = {it['at']}"]
                if "check" in it:
                    fields.append(".check = RAMPART_SMTP_CHECK_" +
                                  CHECK_ENUM[CHECKS.index(it["check"])])
                    fields.append(f".action = RAMPART_SMTP_{ACTIONS[it['action']]}")
                    fields.append(f'.verb = "{it["verb"]}"')
                else:
                    fields.append(f".event = RAMPART_SMTP_EV_{EVENTS[it['event']]}")
                    fields.append(f".code = {it['code']}")
                    fields.append(f".size = {it['size']}")
                    fields.append('.verb = ""')
                o.append("\t{ " + ", ".join(fields) + " },")
            o.append("};")
        if v["masks"]:
            o.append("")
            o.append(f"static const struct smtp_vec_mask smtp_vec_masks_{ident}[] = {{")
            for d, at, n in v["masks"]:
                o.append(f"\t{{ {c_dir(d)}, {at}, {n} }},")
            o.append("};")
    o.append("")
    o.append("static const struct smtp_vec smtp_vecs[] = {")
    for v in vecs:
        ident = c_ident(v["name"])
        o.append("\t{")
        o.append(f'\t\t.name = "{v["name"]}",')
        o.append(f"\t\t.config = smtp_vec_config_{ident},")
        o.append(f"\t\t.mode = RAMPART_SMTP_{MODES[v['mode']]},")
        o.append(f"\t\t.nchunks = ARRAY_SIZE(smtp_vec_chunks_{ident}),")
        o.append(f"\t\t.chunks = smtp_vec_chunks_{ident},")
        if v["items"]:
            o.append(f"\t\t.nitems = ARRAY_SIZE(smtp_vec_items_{ident}),")
            o.append(f"\t\t.items = smtp_vec_items_{ident},")
        if v["masks"]:
            o.append(f"\t\t.nmasks = ARRAY_SIZE(smtp_vec_masks_{ident}),")
            o.append(f"\t\t.masks = smtp_vec_masks_{ident},")
        o.append("\t},")
    o.append("};")
    o.append("")
    o.append("#endif /* RAMPART_SMTP_VECTORS_H */")
    return "\n".join(o) + "\n"


def fuzz_seed(vec):
    """The input format of tests/fuzz/smtp_fuzz.c."""
    cfg = vec["cfg"]
    b0 = 0
    b0 |= 0x01 if cfg.get("banner") else 0
    b0 |= 0x02 if cfg.get("starttls") else 0
    b0 |= 0x04 if cfg.get("smuggling") is False else 0
    b0 |= 0x08 if cfg.get("senders") else 0
    b0 |= 0x10 if cfg.get("recipients") else 0
    b0 |= 0x20 if "verbs" in cfg else 0
    actions = set(cfg.get("action", {}).values())
    if actions == {"reject"}:
        b0 |= 0x40
    elif actions == {"reset"}:
        b0 |= 0x80
    elif actions:
        b0 |= 0xc0
    line = cfg.get("max-line", 512)
    b1 = 0 if line == 512 else min(255, max(1, line - 8))
    b2 = min(255, cfg.get("max-recipients", 0))
    b3 = min(255, (cfg.get("max-size", 0) + 15) // 16)
    out = bytearray([b0, b1, b2, b3])
    for d, data in vec["chunks"]:
        for i in range(0, len(data), 127):
            part = data[i:i + 127]
            out.append((0x80 if d == "S" else 0) | len(part))
            out += part
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--corpus")
    ap.add_argument("--output", default=HEADER)
    args = ap.parse_args()
    files = sorted(f for f in os.listdir(VEC_DIR) if f.endswith(".vec"))
    try:
        vecs = [parse_vec(os.path.join(VEC_DIR, f)) for f in files]
    except VecError as e:
        print(f"smtp_vectors.py: {e}", file=sys.stderr)
        return 1
    if args.corpus:
        os.makedirs(args.corpus, exist_ok=True)
        for v in vecs:
            with open(os.path.join(args.corpus, v["name"]), "wb") as f:
                f.write(fuzz_seed(v))
        return 0
    text = emit_header(vecs)
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = None
        if old != text:
            print(f"smtp_vectors.py: {os.path.relpath(args.output)} is stale: "
                  "run tests/vectors/smtp_vectors.py", file=sys.stderr)
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
