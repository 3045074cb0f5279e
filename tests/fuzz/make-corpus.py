#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of fuzz_hsmon into a directory (default: corpus/
next to this script).  The input layout is described at the top of
fuzz_hsmon.c: a configuration byte, the packet length, one split position
per page fragment, the packet, then 10-byte state machine steps.
Checksums are left at zero: hsmon does not read them."""

import os
import struct
import sys

# configuration byte
V6, OUT, LOWER = 0x01, 0x02, 0x10


def frags(n):
    return n << 2


# TCP flags
FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20

# state machine events (enum hsmon_event) and step flags
EV_SYN, EV_ACK, EV_RST_IN, EV_SYNACK, EV_RST_OUT, EV_TIMEOUT, EV_EVICT, EV_MAX = range(8)
REL_SEQ, REL_ACK = 0x04, 0x08

CLIENT4, SERVER4 = bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1])
CLIENT6 = bytes.fromhex("fd000000000000000000000000000002")
SERVER6 = bytes.fromhex("fd000000000000000000000000000001")
CPORT, SPORT = 50000, 8080
J, K = 1000000, 7000000


def tcp(flags, seq=0, ack=0, doff=5, inbound=True, length=None, opts=b""):
    """A TCP header (data offset @doff) cut or padded to @length bytes."""
    sport, dport = (CPORT, SPORT) if inbound else (SPORT, CPORT)
    th = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4, flags, 64240, 0, 0)
    th += opts
    if length is None:
        length = max(doff * 4, len(th))
    return (th + bytes(length))[:length]


MSS = bytes([2, 4, 0x05, 0xB4])


def ipv4(payload, inbound=True, frag_off=0x4000, proto=6, ihl=5, tot_len=None):
    src, dst = (CLIENT4, SERVER4) if inbound else (SERVER4, CLIENT4)
    if tot_len is None:
        tot_len = ihl * 4 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot_len, 1, frag_off, 64, proto, 0,
                      src, dst)
    return hdr + bytes(ihl * 4 - 20) + payload


def ipv6(payload, nexthdr=6, inbound=True):
    src, dst = (CLIENT6, SERVER6) if inbound else (SERVER6, CLIENT6)
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nexthdr, 64, src, dst) + payload


def opt_hdr(nexthdr):
    """Hop-by-hop or destination options: 8 bytes, one PadN option."""
    return bytes([nexthdr, 0, 1, 4, 0, 0, 0, 0])


def frag_hdr(nexthdr, offset, more):
    return struct.pack("!BBHI", nexthdr, 0, offset << 3 | more, 0x12345678)


def step(slot, event, seq=0, ack=0, rel=0):
    return struct.pack("!BBII", slot | rel, event, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF)


def split(offset, length):
    """The split byte that puts a fragment boundary at @offset of @length."""
    p = -(-offset * 255 // length)
    assert p <= 255 and p * length // 255 == offset
    return p


def seed(cfg, packet, splits=(), steps=b""):
    assert len(splits) == (cfg >> 2) & 3
    return bytes([cfg]) + struct.pack("!H", len(packet)) + bytes(splits) + packet + steps


# After an inbound SYN (J) on slot 0: our SYN+ACK (K, J+1), the final ACK.
HANDSHAKE = step(0, EV_SYNACK, K, J + 1) + step(0, EV_ACK, 1, 1, REL_SEQ | REL_ACK)

SEEDS = {
    # well-formed handshake segments, both directions
    "v4-syn-in": seed(0, ipv4(tcp(SYN, J, doff=6, opts=MSS)), steps=HANDSHAKE),
    "v4-synack-out": seed(OUT, ipv4(tcp(SYN | ACK, K, J + 1, doff=6, opts=MSS, inbound=False),
                                    inbound=False),
                          steps=step(0, EV_ACK, 1, 1, REL_SEQ | REL_ACK)),
    "v4-ack-in": seed(0, ipv4(tcp(ACK, J + 1, K + 1))),
    "v4-rst-in": seed(0, ipv4(tcp(RST, J + 1)),
                      steps=step(2, EV_SYN, J) + step(2, EV_RST_IN, 1, 0, REL_SEQ)),
    # our own connections' segments, which hsmon skips
    "v4-syn-out": seed(OUT, ipv4(tcp(SYN, J, doff=6, opts=MSS, inbound=False), inbound=False)),
    "v6-ack-out": seed(V6 | OUT, ipv6(tcp(ACK, K + 1, J + 1, inbound=False), inbound=False)),
    "v6-rst-out": seed(V6 | OUT, ipv6(tcp(RST | ACK, 0, J + 1, inbound=False), inbound=False),
                       steps=step(0, EV_RST_OUT)),
    # IPv6 extension headers: hop-by-hop (0) then destination options (60)
    "v6-syn-hbh-dst": seed(V6, ipv6(opt_hdr(60) + opt_hdr(6) + tcp(SYN, J, doff=6, opts=MSS),
                                    nexthdr=0),
                           steps=HANDSHAKE),
    # IPv6 first fragment carrying the TCP header
    "v6-frag": seed(V6, ipv6(frag_hdr(6, 0, 1) + tcp(SYN, J), nexthdr=44)),
    # malformed TCP headers
    "v4-trunc": seed(0, ipv4(tcp(SYN, J, length=12), tot_len=32)),
    "v4-doff4": seed(0, ipv4(tcp(SYN, J, doff=4, length=20))),
    "v4-doff15": seed(0, ipv4(tcp(SYN, J, doff=15, length=20))),
    "v4-syn-fin": seed(0, ipv4(tcp(SYN | FIN, J))),
    "v4-frag-first": seed(0, ipv4(tcp(SYN, J), frag_off=0x2000)),
    # non-linear: linear IP header, then three page fragments
    "v4-nonlinear": seed(frags(3), ipv4(tcp(SYN, J, doff=6, opts=MSS)),
                         splits=(split(20, 44), split(26, 44), split(40, 44)),
                         steps=HANDSHAKE),
    "v6-nonlinear-lower": seed(V6 | LOWER | frags(2),
                               bytes(16) + ipv6(opt_hdr(6) + tcp(ACK, J + 1, K + 1), nexthdr=0),
                               splits=(split(56, 84), split(70, 84))),
    # the state machine on its own: timeouts, eviction, late ACK, bad events
    "fsm-only": seed(0x20, b"",
                     steps=step(0, EV_SYN, J) + step(0, EV_SYNACK, K, J + 1) +
                     step(0, EV_TIMEOUT) + step(0, EV_ACK, 1, 1, REL_SEQ | REL_ACK) +
                     step(1, EV_SYN, J) + step(1, EV_TIMEOUT) +
                     step(2, EV_SYN, 5) + step(2, EV_SYN, 6) + step(2, EV_EVICT) +
                     step(3, EV_MAX, 1) + step(3, 0xFF, 2) + step(3, EV_RST_OUT)),
}


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(outdir, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
