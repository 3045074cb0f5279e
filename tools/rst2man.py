#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make hsmon's manual pages from Documentation/hsmon.rst, their one source.

    rst2man.py hsmonstat.8 RST USAGE VERSION > hsmonstat.8
    rst2man.py hsmon.7 RST - VERSION > hsmon.7

hsmonstat(8) is the manual's sections "hsmonstat" and "Prometheus,
node_exporter and Grafana", its SYNOPSIS the "Usage:" lines of
"hsmonstat --help" (the file USAGE); hsmon(7) is the rest of the manual,
pointing to hsmonstat(8) for those sections.  So neither page can say
something the manual or the program does not.

Only the reStructuredText that the manual uses is understood: section
titles (underlined with = or -), paragraphs, "::" literal blocks,
definition lists, "- " bullet lists, simple tables (kept as they are),
``literal`` and *emphasis*, comments.  python3 only, no docutils.
"""
import re
import sys

TOOL_SECTIONS = ["hsmonstat", "Prometheus, node_exporter and Grafana"]
TABLE_BORDER = re.compile(r"^=+( +=+)+\s*$")


def esc(text):
    """Text for roff: backslashes escaped, then the inline markup."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"``(.+?)``", lambda m: "\\fB" + m.group(1).replace("-", "\\-") + "\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"\\fI\1\\fR", text)
    text = re.sub(r"`([^`<]+?) <[^>]+>`_", r"\1", text)
    return text


def line_out(text):
    """A line of roff text: one starting with . or ' protected."""
    return "\\&" + text if text[:1] in ".'" else text


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def take_indented(lines, i, min_indent):
    """Lines from i indented by min_indent or more (blank lines within)."""
    out = []
    while i < len(lines):
        if lines[i].strip():
            if indent_of(lines[i]) < min_indent:
                break
            out.append(lines[i])
        else:
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j == len(lines) or indent_of(lines[j]) < min_indent:
                break
            out.append("")
        i += 1
    return out, i


def dedent(lines):
    n = min((indent_of(l) for l in lines if l.strip()), default=0)
    return [l[n:] for l in lines]


def verbatim(lines, out):
    out.append(".RS 4")
    out.append(".nf")
    for l in dedent(lines):
        out.append(line_out(l.replace("\\", "\\e")))
    out.append(".fi")
    out.append(".RE")


def item_body(sub, out):
    """The roff of a list item's body after its .TP or .IP line: the first
    paragraph directly, the rest, indented as it is, between .RS and .RE."""
    if sub[:1] == [".PP"]:
        out.append(sub[1])
        sub = sub[2:]
    else:
        out.append("\\&")
    if sub:
        out += [".RS"] + sub + [".RE"]


def table(lines, border, out):
    """A simple table as it is, without its inline markup, realigned."""
    starts = [m.start() for m in re.finditer(r"=+", border)]
    rows = []
    for l in lines:
        cells = [l[a:b] for a, b in zip(starts, starts[1:] + [len(l)])]
        rows.append([re.sub(r"``(.+?)``", r"\1", c).rstrip() for c in cells])
    widths = [max(len(r[k]) for r in rows if k < len(r)) for k in range(len(starts))]
    verbatim(["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows], out)


def blocks(lines, out):
    """roff for lines, already dedented to 0, into out."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith(".. "):		# a comment, and what is indented under it
            _, i = take_indented(lines, i + 1, 1)
            continue
        if TABLE_BORDER.match(line):
            j = i + 1
            while j < len(lines) and not TABLE_BORDER.match(lines[j]):
                j += 1
            table(lines[i + 1:j], line, out)
            i = j + 1
            continue
        if line.startswith("- "):
            body, i = take_indented(lines, i + 1, 2)
            out.append(".IP \\(bu 2")
            sub = []
            blocks([line[2:]] + [l[2:] for l in body], sub)
            item_body(sub, out)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt.strip() and indent_of(nxt) > 0 and not line.rstrip().endswith("::"):
            body, i = take_indented(lines, i + 1, 1)
            out.append(".TP")
            out.append(line_out(esc(line.strip())))
            sub = []
            blocks(dedent(body), sub)
            item_body(sub, out)
            continue
        para = []
        while i < len(lines) and lines[i].strip() and indent_of(lines[i]) == 0:
            para.append(lines[i])
            i += 1
        literal = para[-1].rstrip().endswith("::")
        if literal:
            para[-1] = para[-1].rstrip()[:-2].rstrip()
            if para[-1] and not para[-1].endswith(" "):
                para[-1] += ":"
            para = [p for p in para if p.strip()]
        if para:		# one line: inline markup may span the lines
            out.append(".PP")
            out.append(line_out(esc(" ".join(p.strip() for p in para))))
        if literal:
            block, i = take_indented(lines, i, 1)
            if not block:		# "::" then a blank line, then the block
                while i < len(lines) and not lines[i].strip():
                    i += 1
                block, i = take_indented(lines, i, 1)
            verbatim(block, out)


def sections(rst):
    """[(title, level, lines)] of the manual, the document title left out."""
    lines = rst.split("\n")
    out, cur, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        under = lines[i + 1] if i + 1 < len(lines) else ""
        if (line.strip() and re.fullmatch(r"(=+|-+)", under) and
                len(under) >= len(line.strip()) and not re.fullmatch(r"=+", line)):
            prev = lines[i - 1] if i else ""
            if re.fullmatch(r"=+", prev):	# over- and underlined: the title
                i += 2
                continue
            cur = (line.strip(), 1 if under[0] == "=" else 2, [])
            out.append(cur)
            i += 2
            continue
        if cur:
            cur[2].append(line)
        i += 1
    return out


def page(name, rst, usage, version):
    secs = sections(rst)
    out = []
    if name == "hsmonstat.8":
        out += ['.TH HSMONSTAT 8 "" "hsmon %s" "hsmon"' % version,
                ".SH NAME", "hsmonstat \\- show the TCP handshake counters of the hsmon module",
                ".SH SYNOPSIS", ".nf"]
        for l in usage:
            out.append(line_out(esc(l.replace("Usage: ", "").strip()).replace("-", "\\-")))
        out.append(".fi")
        wanted = [s for s in secs if s[0] in TOOL_SECTIONS]
        if [s[0] for s in wanted] != TOOL_SECTIONS:
            sys.exit("rst2man.py: the manual has no sections %s" % TOOL_SECTIONS)
        for k, (title, _, body) in enumerate(wanted):
            out.append(".SH " + ("DESCRIPTION" if not k else '"%s"' % title.upper()))
            blocks(body, out)
        out += [".SH SEE ALSO", "\\fBhsmon\\fR(7), \\fBnode_exporter\\fR(1), \\fBpromtool\\fR(1),",
                "\\fBip-netns\\fR(8), \\fBnsenter\\fR(1)"]
    elif name == "hsmon.7":
        out += ['.TH HSMON 7 "" "hsmon %s" "hsmon"' % version,
                ".SH NAME", "hsmon \\- TCP handshake monitor for Linux servers"]
        intro = rst.split("\n")
        first = next(i for i, l in enumerate(intro) if l.strip() and not l.startswith("..")
                     and not re.fullmatch(r"=+", l) and i > 4)
        end = next(i for i, l in enumerate(intro) if l.strip() == secs[0][0])
        out.append(".SH DESCRIPTION")
        blocks(intro[first:end], out)
        for title, level, body in secs:
            if title in TOOL_SECTIONS:
                out.append(".SH " + '"%s"' % title.upper())
                out += [".PP", "See \\fBhsmonstat\\fR(8)."]
                continue
            out.append((".SH " if level == 1 else ".SS ") + '"%s"' %
                       (title.upper() if level == 1 else title))
            blocks(body, out)
        out += [".SH SEE ALSO", "\\fBhsmonstat\\fR(8), \\fBsysctl\\fR(8), \\fBip-netns\\fR(8)"]
    else:
        sys.exit("rst2man.py: no page %s (hsmonstat.8, hsmon.7)" % name)
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: rst2man.py hsmonstat.8|hsmon.7 RST USAGE|- VERSION")
    name, rst_path, usage_path, version = argv
    rst = open(rst_path).read()
    usage = []
    if usage_path != "-":
        text = open(usage_path).read()
        usage = text[text.index("Usage:"):].split("\n\n")[0].split("\n")
    sys.stdout.write(page(name, rst, usage, version))


if __name__ == "__main__":
    main(sys.argv[1:])
