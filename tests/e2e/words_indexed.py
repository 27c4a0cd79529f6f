#!/usr/bin/env python3
"""words_indexed.py - the property of trust_junk.sh: every word of every
file is in the index, except words inside the runs of encoded data that
referat-index left out.

    words_indexed.py DUMP BLOBS ROOT...

DUMP is dump-index's output for an index of the files under the ROOTs (as
given to referat-index).  BLOBS holds the data runs planted in the files,
one per line ("PATH<TAB>RUN"): the words of a run must NOT be in the file's
passages, every other word must.  A word is a run of letters (Unicode,
or digits after NFC and with a URL's percent escapes decoded; an '@'
before a letter counts as a letter, as OCR reads Ø); it is
found when the file's passages hold it as a term, as a part of a joined
term ("helse-x", "sj@lland"), or joined with the word after a line-end
hyphen ("neu-" / "romodulation").  Prints each missing word with its file
and exits 1 when a word is missing or a run's word is found.
"""
import os
import re
import sys
import unicodedata
import urllib.parse

LETTERS = re.compile(r"(?:[^\W_]|@(?=[^\W\d_]))+")


def file_id(path):
    """indexer/write.c idx_file_id: FNV-1a of the path, 16 hex digits."""
    h = 0xCBF29CE484222325
    for b in path.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def read_terms(dump):
    """File id -> the set of unprefixed terms and of their parts.  A
    passage's block lists its terms, then its values ("value SLOT HEX"),
    then its data ("data LEN SUM"): the term lines are those before."""
    terms, blocks = {}, []
    for line in open(dump, encoding="utf-8", errors="replace"):
        if line.startswith("== Q"):
            blocks.append((line[4:].rsplit("-", 1)[0], []))
        elif blocks:
            blocks[-1][1].append(line.split())
    for fid, lines in blocks:
        if lines and lines[-1][0] == "data":
            lines.pop()
        while lines and lines[-1][0] == "value":
            lines.pop()
        cur = terms.setdefault(fid, set())
        for f in lines:
            t = f[0]
            if "A" <= t[0] <= "Z":
                continue
            cur.add(t)
            cur.update(p for p in re.split(r"[-/.@]", t) if p)
    return terms


def text_of(path):
    raw = open(path, "rb").read()
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        s = raw.decode("cp1252", errors="replace")
    # A URL's percent escapes are its characters (lib/analysis/tokenize.c).
    s = re.sub(r"(?i)\b(?:https?://|ftp://|www\.)\S+",
               lambda m: urllib.parse.unquote(m.group(), errors="replace"), s)
    return unicodedata.normalize("NFC", s.replace("\u00ad", ""))


def words(text):
    """(word, word joined with the next across a line-end hyphen or None)."""
    ms = list(LETTERS.finditer(text))
    for i, m in enumerate(ms):
        joined = None
        if i + 1 < len(ms):
            gap = text[m.end():ms[i + 1].start()]
            if re.fullmatch(r"-[ \t]*\r?\n\s*", gap):
                joined = m.group() + ms[i + 1].group()
        yield m.group().lower(), joined and joined.lower()


def main():
    dump, blobs_file, roots = sys.argv[1], sys.argv[2], sys.argv[3:]
    terms = read_terms(dump)
    blobs = {}
    for line in open(blobs_file, encoding="utf-8"):
        path, run = line.rstrip("\n").split("\t")
        blobs.setdefault(path, []).append(run)
    files = sorted(os.path.join(d, f) for r in roots for d, _, fs in os.walk(r) for f in fs)
    missing = found_data = nwords = 0
    prev_joined = None
    for path in files:
        have = terms.get(file_id(path))
        if have is None:
            print("%s: no passages in the index" % path)
            missing += 1
            continue
        text = text_of(path)
        for run in blobs.get(path, []):
            if run not in text:
                print("%s: planted run not found in the file" % path)
                missing += 1
            text = text.replace(run, " ")
            for w, _ in words(run):
                if w in have and len(w) >= 8:
                    print("%s: word of a data run indexed: %s" % (path, w))
                    found_data += 1
        for w, joined in words(text):
            nwords += 1
            ok = w in have or (joined and joined in have) or (prev_joined and prev_joined in have)
            prev_joined = joined
            if not ok:
                print("%s: not indexed: %s" % (path, w))
                missing += 1
    print("# %d files, %d words, %d missing, %d data words indexed" %
          (len(files), nwords, missing, found_data))
    return 1 if missing or found_data or not files else 0


if __name__ == "__main__":
    sys.exit(main())
