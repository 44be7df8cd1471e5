"""A synthetic, made-up corpus for the speed bench: people, organizations, projects and Otter-style transcripts.

    python bench/synthetic.py OUT_DIR --transcripts N [--seed S]

Transcript lengths follow a log-normal distribution with a median of 30 KB, cut at 5 KB and 90 KB.
Every name is invented; the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path

FIRST = ["Ada", "Bram", "Cleo", "Dario", "Esme", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaia", "Lior", "Mira",
         "Nils", "Odile", "Pavel", "Quinn", "Rosa", "Soren", "Talia", "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zora"]
LAST = ["Albrecht", "Barros", "Castell", "Dunmore", "Eklund", "Ferreira", "Gallo", "Hartwell", "Ibarra", "Jansen",
        "Kowal", "Lindgren", "Moreau", "Novak", "Okafor", "Pereira", "Quist", "Rahman", "Sato", "Tanaka"]
ORG_WORDS = ["Amber", "Birch", "Cobalt", "Dune", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel",
             "Lumen", "Meridian", "Nimbus", "Onyx", "Pylon", "Quartz", "Ridge", "Summit", "Tundra"]
ORG_SUFFIX = ["Labs", "Logistics", "Systems", "Analytics", "Holdings"]
PROJECT_WORDS = ["Falcon", "Heron", "Lynx", "Orca", "Puma", "Raven", "Sable", "Tern", "Wren", "Yak"]
TOPICS = ["the importer", "the billing export", "the restore path", "the staging cluster", "the onboarding flow",
          "the data retention policy", "the search latency", "the pricing page", "the audit log", "the sync agent"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MEDIAN_BYTES = 30 * 1024
MAX_BYTES = 90 * 1024
MIN_BYTES = 5 * 1024


@dataclass(frozen=True)
class Cast:
    people: list[str]
    organizations: list[str]
    projects: list[str]


def make_cast(rng: random.Random, people: int = 120, organizations: int = 40, projects: int = 20) -> Cast:
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(names)
    orgs = [f"{w} {s}" for w in ORG_WORDS for s in ORG_SUFFIX]
    rng.shuffle(orgs)
    return Cast(names[:people], orgs[:organizations], [f"Project {w}" for w in PROJECT_WORDS][:projects])


def sentence(rng: random.Random, focus: Cast, attendees: list[str], speaker: str) -> str:
    """One thing said; organizations and projects come from the few this meeting is about."""
    other = rng.choice([a for a in attendees if a != speaker] or attendees)
    org, project, topic = rng.choice(focus.organizations), rng.choice(focus.projects), rng.choice(TOPICS)
    number = rng.randint(2, 950)
    templates = [
        f"I'll send the notes on {topic} to {other.split()[0]} by {rng.choice(DAYS)}.",
        f"{other.split()[0]}, can you check {topic} for {org} before the review?",
        f"We decided to keep {topic} as it is until {project} ships.",
        f"{org} processed {number},000 records last week without errors.",
        f"The budget for {project} is ${number}K for the next quarter.",
        f"Let's go with the second option for {topic}.",
        f"I think the main risk is that {topic} slips again.",
        f"Do we know who owns {topic} at {org}?",
        "Yeah, that makes sense to me.",
        f"So the numbers from last time were about {number} per hour, which is fine.",
        f"Okay, let me look at {topic} after this call.",
        f"We talked with {org} about {project} and they seemed happy with the timeline.",
        "Right, right. And then the other thing is the meeting next week.",
        f"Honestly I'm not sure, we should probably ask {other.split()[0]} about it.",
    ]
    return rng.choice(templates)


def transcript(rng: random.Random, cast: Cast, index: int, start: dt.date) -> tuple[str, str]:
    """(file name, text) of one meeting transcript in the Otter export shape."""
    size = int(min(MAX_BYTES, max(MIN_BYTES, math.exp(rng.gauss(math.log(MEDIAN_BYTES), 0.45)))))
    attendees = rng.sample(cast.people, rng.randint(2, 5))
    date = start + dt.timedelta(days=index % 700)
    focus = Cast(attendees, rng.sample(cast.organizations, 2), rng.sample(cast.projects, 1))
    title = f"{focus.organizations[0]} sync {index}"
    lines = [title, f"{date:%a, %b %d, %Y} 10:00 AM", ""]
    seconds, length = 4, sum(len(x) + 1 for x in lines)
    while length < size:
        speaker = rng.choice(attendees)
        said = " ".join(sentence(rng, focus, attendees, speaker) for _ in range(rng.randint(1, 4)))
        block = [f"{speaker}  {seconds // 60}:{seconds % 60:02d}", said, ""]
        lines += block
        length += sum(len(x) + 1 for x in block)
        seconds += rng.randint(5, 40)
    return f"{date.isoformat()} {title}.txt", "\n".join(lines)


def write_inbox(folder: Path, count: int, seed: int = 7, start: dt.date = dt.date(2025, 1, 6)) -> list[Path]:
    """`count` transcripts written into `folder`; returns their paths."""
    rng = random.Random(seed)
    cast = make_cast(rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = transcript(rng, cast, index, start)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_inbox(args.out, args.transcripts, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} transcripts, {total / 2**20:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
