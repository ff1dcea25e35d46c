#!/usr/bin/env python3
"""Writes synthetic inputs in the exact original formats for timing the converters.

movielens: ratings.csv, movies.csv, tags.csv, genome-tags.csv, genome-scores.csv in the
GroupLens layout (quoted titles with commas and doubled quotes, "(no genres listed)",
non-ASCII tags), with Zipf-like movie popularity and ratings grouped by user as in ml-25m.
mpd: data/mpd.slice.<start>-<end>.json files of 1000 playlists with every MPD field.
Deterministic (seeded); nothing is downloaded.
"""
import argparse
import json
import os
import random

GENRES = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
          "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
          "Thriller", "War", "Western", "IMAX"]
WORDS = ["road", "trip", "chill", "party", "summer", "workout", "love", "night", "rock", "jazz",
         "Café", "Müde", "ночь", "🔥", "vibes", "study", "old", "new", "happy", "sad"]


def zipf_choice(rng, n, s=1.1):
    # Inverse-transform sample of a power law on 1..n (0-based result), cheap for millions.
    u = rng.random()
    x = ((n ** (1 - s) - 1) * u + 1) ** (1 / (1 - s))
    return min(n - 1, int(x) - 1)


def movielens(out, ratings, movies, users, tags, genome_movies, genome_tags, rng):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "movies.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("movieId,title,genres\n")
        for m in range(1, movies + 1):
            if m % 10 == 0:
                title = f'"Movie {m}, The ({1950 + m % 70})"'
            elif m % 17 == 0:
                title = f'"Say ""{m}"" ({1950 + m % 70})"'
            else:
                title = f"Movie {m} ({1950 + m % 70})"
            genres = ("(no genres listed)" if m % 50 == 0 else
                      "|".join(rng.sample(GENRES, 1 + m % 3)))
            f.write(f"{m},{title},{genres}\n")
    per_user = max(1, ratings // users)
    written = 0
    with open(os.path.join(out, "ratings.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("userId,movieId,rating,timestamp\n")
        u = 0
        while written < ratings:
            u += 1
            n = min(ratings - written, max(1, int(per_user * (0.2 + 1.6 * rng.random()))))
            seen = sorted({zipf_choice(rng, movies) + 1 for _ in range(n)})
            t0 = 946684800 + rng.randrange(600_000_000)
            lines = [f"{u},{m},{rng.randrange(1, 11) / 2:.1f},{t0 + rng.randrange(10_000_000)}\n"
                     for m in seen]
            f.writelines(lines)
            written += len(lines)
    with open(os.path.join(out, "tags.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("userId,movieId,tag,timestamp\n")
        for i in range(tags):
            tag = " ".join(rng.sample(WORDS, 1 + i % 2))
            if i % 7 == 0:
                tag = f'"{tag}, {rng.choice(WORDS)}"'
            f.write(f"{rng.randrange(1, u + 1)},{zipf_choice(rng, movies) + 1},{tag},"
                    f"{1136073600 + i}\n")
    with open(os.path.join(out, "genome-tags.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("tagId,tag\n")
        for t in range(1, genome_tags + 1):
            f.write(f"{t},genome tag {t}\n")
    with open(os.path.join(out, "genome-scores.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("movieId,tagId,relevance\n")
        for m in range(1, genome_movies + 1):
            f.writelines(f"{m},{t},{rng.random() ** 3:.5f}\n" for t in range(1, genome_tags + 1))
    return written


def mpd(out, slices, tracks, rng):
    data = os.path.join(out, "data")
    os.makedirs(data, exist_ok=True)
    total = 0
    for s in range(slices):
        start = s * 1000
        playlists = []
        for pid in range(start, start + 1000):
            n = 5 + int(180 * rng.random() ** 2)
            items = []
            for pos in range(n):
                t = zipf_choice(rng, tracks)
                items.append({"pos": pos, "artist_name": f"Artist {t % 5000}",
                              "track_uri": f"spotify:track:{t:022d}",
                              "artist_uri": f"spotify:artist:{t % 5000:022d}",
                              "track_name": f"Track {t}", "album_uri": f"spotify:album:{t % 20000:022d}",
                              "duration_ms": 180000 + t % 60000, "album_name": f"Album {t % 20000}"})
            p = {"name": " ".join(rng.sample(WORDS, 1 + pid % 3)), "collaborative": "false",
                 "pid": pid, "modified_at": 1493424000, "num_tracks": n, "num_albums": n,
                 "num_followers": 1, "tracks": items, "num_edits": 3, "duration_ms": 200000 * n,
                 "num_artists": n}
            if pid % 20 == 0:
                p["description"] = "songs for " + rng.choice(WORDS)
            playlists.append(p)
            total += n
        name = f"mpd.slice.{start}-{start + 999}.json"
        with open(os.path.join(data, name), "w", encoding="utf-8") as f:
            json.dump({"info": {"generated_on": "2017-12-03 08:41:42.057563",
                                "slice": f"{start}-{start + 999}", "version": "v1"},
                       "playlists": playlists}, f, ensure_ascii=False, indent=4)
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("kind", choices=["movielens", "mpd"])
    p.add_argument("--out", required=True)
    p.add_argument("--ratings", type=int, default=5_000_000)
    p.add_argument("--movies", type=int, default=40_000)
    p.add_argument("--users", type=int, default=35_000)
    p.add_argument("--tags", type=int, default=200_000)
    p.add_argument("--genome-movies", type=int, default=2_000)
    p.add_argument("--genome-tags", type=int, default=1_128)
    p.add_argument("--slices", type=int, default=10)
    p.add_argument("--tracks", type=int, default=300_000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    if a.kind == "movielens":
        n = movielens(a.out, a.ratings, a.movies, a.users, a.tags, a.genome_movies,
                      a.genome_tags, rng)
        print(f"wrote {a.out}: {n} ratings, {a.genome_movies * a.genome_tags} genome scores")
    else:
        n = mpd(a.out, a.slices, a.tracks, rng)
        print(f"wrote {a.out}: {a.slices} slices, {n} playlist tracks")


if __name__ == "__main__":
    main()
