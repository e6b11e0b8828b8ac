#!/usr/bin/env python3
"""One random edit of a corpus, of the kinds an analyst's corpus sees between builds.

usage: edit_corpus.py CORPUS SEED

The edit, chosen by SEED (same seed, same corpus: same edit), is one of: a sentence naming
two people of the source (with a date) appended to a source; its headline replaced; its first
dates moved by a day; a long line deleted; a source removed; a copy of a source added under a
new headline; a few words swapped. Prints the kind and the file. For checking incremental
builds (bench/incremental_check.sh), not a benchmark.
"""
import os
import random
import re
import sys

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def main():
    corpus, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    files = sorted(f for f in os.listdir(corpus) if f.endswith((".txt", ".md")))
    path = os.path.join(corpus, rng.choice(files))
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    lines = text.split("\n")
    kind = rng.choice(["append", "retitle", "redate", "delete-line", "remove", "add", "swap-words"])
    if kind == "append":
        # Two capitalised pairs of words from the source itself: most are its people.
        names = sorted(set(re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text))) or ["The ministry", "The council"]
        first, second = rng.choice(names), rng.choice(names)
        text += f"\n{first} said on {rng.randint(1, 28)} March 202{rng.randint(0, 5)} that {second} would attend the next round of talks.\n"
    elif kind == "retitle":
        lines[0] = rng.choice(["A new headline from the desk", "The talks: what we know so far", "Analysis: the gamble and its limits"])
        text = "\n".join(lines)
    elif kind == "redate":
        text = re.sub(rf"\b(\d{{1,2}}) ({MONTHS})\b", lambda m: f"{int(m.group(1)) % 27 + 1} {m.group(2)}", text, count=2)
    elif kind == "delete-line":
        long_lines = [i for i, line in enumerate(lines) if len(line) > 60]
        if long_lines:
            del lines[rng.choice(long_lines)]
        text = "\n".join(lines)
    elif kind == "remove":
        os.remove(path)
        print(kind, os.path.basename(path))
        return
    elif kind == "add":
        path = os.path.join(corpus, f"zz-added-{seed}.txt")
        text = "A second report on the same events\n" + "\n".join(lines[1:])
    else:
        text = text.replace(" the ", " a ", 3)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(kind, os.path.basename(path))


if __name__ == "__main__":
    main()
