#!/usr/bin/env python3
"""Writes a simulated catalogue in the dataset layout for timing `gensr-data embed` and `ids`.

Items fall in topics of --topic-size items. A user's history is a walk that stays in its topic
with probability --stay and otherwise jumps to a uniform item; titles carry the topic's word
and two random words; each item gets --queries training queries (its topic word and a random
word); --eval-queries of them, on random items, are validation queries and as many test
queries (so the search task can be evaluated). Not a model of any real data: only sizes
(items, interactions, text) matter here.

  python3 bench/semantic_ids/catalogue.py --items 100000 --users 50000 --out /tmp/cat100k
"""
import argparse
import os
import random


def word(rng, syllables=("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "su")):
    return "".join(rng.choice(syllables) for _ in range(3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--length", type=int, default=20, help="interactions per user")
    ap.add_argument("--topic-size", type=int, default=100)
    ap.add_argument("--stay", type=float, default=0.8)
    ap.add_argument("--queries", type=int, default=1, help="training queries per item")
    ap.add_argument("--eval-queries", type=int, default=0,
                    help="validation and as many test queries, on random items")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    topics = (a.items + a.topic_size - 1) // a.topic_size
    topic_words = [word(rng) + str(t) for t in range(topics)]
    vocabulary = [word(rng) + "x" + str(v) for v in range(5000)]

    with open(os.path.join(a.out, "items.tsv"), "w") as f:
        f.write("item_id\ttitle\n")
        for i in range(a.items):
            t = i // a.topic_size
            f.write(f"i{i}\t{topic_words[t]} {rng.choice(vocabulary)} {rng.choice(vocabulary)}\n")
    with open(os.path.join(a.out, "interactions.tsv"), "w") as f:
        f.write("user_id\titem_id\ttimestamp\n")
        for u in range(a.users):
            item = rng.randrange(a.items)
            lines = []
            for step in range(a.length):
                lines.append(f"u{u}\ti{item}\t{step}\n")
                if rng.random() < a.stay:
                    t = item // a.topic_size
                    item = min(a.items - 1, t * a.topic_size + rng.randrange(a.topic_size))
                else:
                    item = rng.randrange(a.items)
            f.writelines(lines)
    with open(os.path.join(a.out, "queries.tsv"), "w") as fq, \
            open(os.path.join(a.out, "qrels.tsv"), "w") as fr:
        fq.write("query_id\ttext\tsplit\n")
        fr.write("query_id\titem_id\trelevance\n")
        q = 0
        for i in range(a.items):
            for _ in range(a.queries):
                fq.write(f"q{q}\t{topic_words[i // a.topic_size]} {rng.choice(vocabulary)}\ttrain\n")
                fr.write(f"q{q}\ti{i}\t1\n")
                q += 1
        for split in ("valid", "test"):
            for _ in range(a.eval_queries):
                i = rng.randrange(a.items)
                fq.write(f"q{q}\t{topic_words[i // a.topic_size]} {rng.choice(vocabulary)}\t{split}\n")
                fr.write(f"q{q}\ti{i}\t1\n")
                q += 1


if __name__ == "__main__":
    main()
