#!/usr/bin/env python3
"""scripts/dict-ratio.py - stored size of passages with and without the
preset dictionary (format 2 against format 1, docs/index-format.md).

    scripts/dict-ratio.py PASSAGE-FILE...

Each file is one passage (as corpus/referat-passages writes them).  Packs
each the way lib/passage/store.c does (level 6, 32 KB window, 5-byte
header) with plain zlib and with the dictionary of lib/passage/dict.c, and
prints both as a fraction of the raw text and the change.  A measurement,
not a test: docs/performance.md quotes it.
"""
import os
import re
import sys
import zlib

HEADER = 5


def load_dict():
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib", "passage", "dict.c")
    text = open(src).read()
    body = text[text.index("{") + 1:text.index("};")]
    return bytes(int(h, 16) for h in re.findall(r"0x([0-9a-f]{2})", body))


def packed_len(data, zdict=None):
    if zdict is None:
        c = zlib.compressobj(6, zlib.DEFLATED, 15)
    else:
        c = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, zdict)
    return HEADER + len(c.compress(data) + c.flush())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    zdict = load_dict()
    raw = plain = withdict = 0
    for path in sys.argv[1:]:
        data = open(path, "rb").read()
        raw += len(data)
        plain += packed_len(data)
        withdict += packed_len(data, zdict)
    n = len(sys.argv) - 1
    print("%d passages, mean %d bytes: plain zlib %.3f of raw, with the %d-byte dictionary %.3f (%+.0f%%)"
          % (n, raw // n, plain / raw, len(zdict), withdict / raw, 100.0 * (withdict - plain) / plain))


if __name__ == "__main__":
    main()
