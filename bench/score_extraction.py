#!/usr/bin/env python3
"""Scores `dossier extract --json` against the ground truth of a generated corpus.

usage: score_extraction.py CORPUS_DIR TRUTH_JSON EXTRACT_JSON

The corpus and truth come from ../shared/bench/gen_corpus.py (or any generator
with the same truth format). Prints, over all documents: title and date
accuracy, junk lines left in the body, article lines lost, comment counts,
distinct-actor precision and recall, quote-speaker accuracy and date recall.
"""
import json
import os
import sys


def norm(text):
    return " ".join(text.split())


def main():
    corpus, truth_path, extract_path = sys.argv[1:4]
    truth = json.load(open(truth_path, encoding="utf-8"))
    extracted = {s["file"]: s for s in json.load(open(extract_path, encoding="utf-8"))["sources"]}
    docs = truth["documents"]
    aliases = {}
    for name, actor in truth["actors"].items():
        for alias in [name] + actor.get("aliases", []):
            aliases[alias] = name
    stats = dict(docs=0, title=0, date=0, date_known=0, junk=0, junk_left=0, lines=0, lines_lost=0,
                 comments_true=0, comments_found=0, comment_docs_exact=0, comment_docs=0,
                 actor_tp=0, actor_fp=0, actor_fn=0, quotes=0, quote_found=0, quote_speaker=0,
                 dates=0, dates_found=0)
    fp_names, fn_names = {}, {}
    for doc in docs:
        source = extracted.get(doc["file"])
        if source is None:
            continue
        stats["docs"] += 1
        lines = open(os.path.join(corpus, doc["file"]), encoding="utf-8").read().split("\n")
        body = [norm(p) for p in source["body"]]
        body_text = "\n".join(body)
        removed = {norm(r) for r in source["removed"]}
        stats["title"] += norm(source["title"]) == norm(doc["title"])
        if doc.get("date"):
            stats["date_known"] += 1
            stats["date"] += source["published"] == doc["date"]
        junk = set(doc["junk_lines"])
        end = (doc["comments_line"] or len(lines) + 1) - 1
        for number in junk:
            stats["junk"] += 1
            if norm(lines[number - 1]) in body:
                stats["junk_left"] += 1
        for number in range(2, end + 1):  # line 1 is the headline
            line = norm(lines[number - 1])
            if not line or number in junk or line.lower().startswith("published:"):
                continue
            stats["lines"] += 1
            if line not in body_text:
                stats["lines_lost"] += 1
        if doc["comments"]:
            stats["comment_docs"] += 1
            stats["comments_true"] += doc["comments"]
            stats["comments_found"] += len(source["comments"])
            stats["comment_docs_exact"] += len(source["comments"]) == doc["comments"]
        true_actors = set(doc["actors"])
        found = set()
        for actor in source["actors"]:
            found.add(aliases.get(actor["name"], actor["name"]))
        stats["actor_tp"] += len(true_actors & found)
        stats["actor_fp"] += len(found - true_actors)
        stats["actor_fn"] += len(true_actors - found)
        for name in found - true_actors:
            fp_names[name] = fp_names.get(name, 0) + 1
        for name in true_actors - found:
            fn_names[name] = fn_names.get(name, 0) + 1
        # Quotes are matched in reading order, so that a sentence quoted twice is matched twice.
        found_quotes = [(norm(q["text"]).strip(" ,.“”\""), q["speaker"]) for q in source["quotes"]]
        used = set()
        for quote in doc["quotes"]:
            stats["quotes"] += 1
            text = norm(quote["text"]).strip(" ,.“”\"")
            match = next((i for i, (k, _) in enumerate(found_quotes) if i not in used and (text[:40] in k or k[:40] in text)), None)
            if match is not None:
                used.add(match)
                stats["quote_found"] += 1
                speaker = found_quotes[match][1]
                stats["quote_speaker"] += speaker is not None and aliases.get(speaker, speaker) == quote["speaker"]
        found_dates = {e["date"] for e in source["events"]}
        for date in doc["dates"]:
            # Without a stated publication date, "on Monday" or "March 3" cannot be placed: not counted.
            if source["published"] is None and not any(part.isdigit() and len(part) == 4 for part in date["text"].split()):
                continue
            stats["dates"] += 1
            stats["dates_found"] += date["iso"] in found_dates
    s = stats
    pct = lambda a, b: f"{100 * a / b:.1f}%" if b else "n/a"
    precision = pct(s["actor_tp"], s["actor_tp"] + s["actor_fp"])
    recall = pct(s["actor_tp"], s["actor_tp"] + s["actor_fn"])
    print(f"documents {s['docs']}")
    print(f"title exact {pct(s['title'], s['docs'])}; published date {pct(s['date'], s['date_known'])}")
    print(f"junk lines left in body {s['junk_left']}/{s['junk']}; article lines lost {s['lines_lost']}/{s['lines']}")
    print(f"comments found {s['comments_found']}/{s['comments_true']}; documents with the exact count {s['comment_docs_exact']}/{s['comment_docs']}")
    print(f"actors (distinct per document) precision {precision} recall {recall}")
    print(f"quotes found {pct(s['quote_found'], s['quotes'])}; speaker right {pct(s['quote_speaker'], s['quotes'])}")
    print(f"dates found {pct(s['dates_found'], s['dates'])}")
    if "-v" in sys.argv:
        print("most frequent false actors:", sorted(fp_names.items(), key=lambda x: -x[1])[:25])
        print("most frequent missed actors:", sorted(fn_names.items(), key=lambda x: -x[1])[:25])


if __name__ == "__main__":
    main()
