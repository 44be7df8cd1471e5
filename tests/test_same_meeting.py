"""One note per meeting, by content (issue 21 item 4): two records of one meeting under other titles and file names
become one note listing both sources, without a bullet twice; two meetings that only look alike stay two notes.
"""

from __future__ import annotations

import re

import yaml
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st
from vaults import make_vault, run_ingest

from notesmith.plan.dedup import same_statement
from notesmith.plan.merge import merge_lines
from notesmith.plan.similarity import _NUMBER, figures

# ---------------------------------------------------------------- one QBR: the raw transcript and a note embedding it

QBR_LINES = [
    ("[00:00:02.10] Jabra Speak 710 : Thanks for making the time, Priya. Agenda is the rate limits, the usage report "
     "and the renewal."),
    ("[00:00:09.40] Priya Nair : Let's start with the rate limits. Our nightly sync jobs keep hitting the ceiling "
     "during the month-end close."),
    "[00:00:21.80] Marcus Webb : We can raise it. The new queue can take three thousand requests a minute per tenant.",
    ("[00:00:30.20] Jabra Speak 710 : Marcus, can you raise the Heliograph limit to three thousand requests a minute "
     "by May 22?"),
    ("[00:00:36.90] Marcus Webb : Yes, I'll raise the limit by the twenty second, it's a config change plus a load "
     "test."),
    "[00:00:45.10] Priya Nair : I'll share the month-end load numbers from April so you can size it.",
    ("[00:00:53.60] Priya Nair : For the renewal, honestly, it depends on this. If the limit holds through the June "
     "close, we renew for two years."),
    ("[00:01:04.30] Jabra Speak 710 : Understood. I'll send you the renewal proposal with the two-year option by next "
     "Tuesday."),
    ("[00:01:12.80] Priya Nair : I need to confirm the budget with our finance director before I can commit to two "
     "years."),
    ("[00:01:21.40] Marcus Webb : The usage report shows about two hundred weekly users, up from one hundred and "
     "twenty in January."),
    "[00:01:31.00] Jabra Speak 710 : Great, that's the number I'll put in the proposal. Thanks both.",
]
QBR_RAW = "\n\n".join(QBR_LINES) + "\n"
QBR_NOTE = """---
type: transcript
date: '2026-05-12'
---

# Heliograph Freight QBR — the renewal hinges on the rate limit

## Summary

Heliograph's nightly sync jobs hit the rate limit at the month-end close. Marcus will raise it to 3,000 requests a
minute by May 22; Priya says the two-year renewal depends on the fix.

## Key facts learned

- Heliograph has about 200 weekly users, up from 120 in January.
- The new queue takes 3,000 requests a minute per tenant.

## Decisions

- The two-year renewal depends on the rate limit holding through the June close.

## Action items

- [ ] Raise the Heliograph rate limit to 3,000 requests a minute @Marcus Webb 📅 2026-05-22
- [ ] Send Priya the renewal proposal with the two-year option @Robin Hale 📅 2026-05-19
- [ ] Share the April month-end load numbers @Priya Nair
- [ ] Confirm the two-year budget with the finance director @Priya Nair

## Transcript (auto)

```text
""" + QBR_RAW + "```\n"

# ------------------------------------------------ one kickoff: a Teams export and an undated local recording

KICKOFF_TURNS = [
    ("Robin Hale", "So this is the Orbit Foods kickoff for the pilot, thanks Elena for setting it up."),
    ("Elena Sokolova", ("Happy to. We have two hundred and forty stores and every region keeps its own copy of the "
                        "sales tables, so nobody knows which one is the truth.")),
    ("Elena Sokolova", "What I need is to show our CIO that a catalog fixes that within a quarter."),
    ("Robin Hale", ("Then let's scope the pilot to two regions. We'd need the store count per region and the size "
                    "of each warehouse.")),
    ("Elena Sokolova", "I'll send the store count and the warehouse sizes by Friday."),
    ("Dev Patel", "And I'll send Elena the pilot plan by June 10, with the success criteria we agreed."),
    ("Elena Sokolova", "Good. Our security team will want the data residency statement before anything connects."),
    ("Dev Patel", "I'll book a call with your security team for next week."),
    ("Robin Hale", "Great, that's everything for today. Thanks both."),
]
KICKOFF_VTT = "WEBVTT\n\n" + "\n".join(
    f"00:0{i}:0{i}.000 --> 00:0{i}:5{i}.000\n<v {who}>{said}</v>\n" for i, (who, said) in enumerate(KICKOFF_TURNS))
LOCAL_LABEL = {"Robin Hale": "MacBook Pro Microphone", "Elena Sokolova": "Unknown", "Dev Patel": "Speaker 2"}
KICKOFF_LOCAL = "\n\n".join(f"[00:0{i}:0{i}.00] {LOCAL_LABEL[who]} : {said}"
                            for i, (who, said) in enumerate(KICKOFF_TURNS)) + "\n"

# ---------------------------------------------------------------- one budget sync, saved twice

BUDGET_SYNC = """---
date: 2026-04-21
participants: [Robin Hale, Lucia Brenner, Owen Achebe]
---
# Budget sync

## Notes
- Lucia presented the Q3 forecast; cloud spend is 12% over plan because of the staging clusters.
- Owen thinks two of the staging clusters can be shut down after the migration.
- We agreed to freeze new staging clusters until the migration is done.

## Action items
- [ ] Shut down the two idle staging clusters @Owen Achebe 📅 2026-04-30
- [ ] Send the revised Q3 forecast to finance @Lucia Brenner 📅 2026-04-24
"""
BUDGET_SYNC_EDITED = BUDGET_SYNC.replace(
    "- We agreed", "- Lucia wants the forecast reviewed every month from now on.\n- We agreed")

# ------------------------------------------------ one pilot review: a Zoom export and the notetaker's mail

REVIEW_TURNS = [
    ("Robin Hale", "Hi everyone, welcome to the Orbit pilot review."),
    ("Elena Sokolova", "The pilot met its goals in both regions, the analysts found the right sales table in minutes."),
    ("Dev Patel", "Search usage doubled in the second month, and the support tickets about stale tables dropped."),
    ("Elena Sokolova", "I'll present the pilot results to our CIO on June 16."),
    ("Robin Hale", "Dev, can you send Elena the commercial proposal for all regions by June 19?"),
    ("Dev Patel", "Yes, I'll send the commercial proposal for all regions by the nineteenth."),
    ("Robin Hale", "And I'll book the rollout planning session with the regional leads."),
    ("Elena Sokolova", "Perfect. The CIO will want the price per region, so keep that in the proposal."),
]
REVIEW_VTT = "WEBVTT\n\n" + "\n".join(
    f"{i + 1}\n00:0{i}:00.000 --> 00:0{i}:09.000\n{who}: {said}\n" for i, (who, said) in enumerate(REVIEW_TURNS))
REVIEW_MAIL = """From: "Meeting Summary with AI Companion" <no-reply@meetings.example>
To: Robin Hale <robin.hale@bluefin.example>
Subject: Meeting summary for Orbit pilot review
Date: Tue, 9 Jun 2026 15:02:11 +0000
Message-ID: <ai-summary-7@meetings.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Meeting summary for Orbit pilot review

Quick recap

Elena Sokolova said the pilot met its goals in both regions. Dev Patel reported that search usage doubled in the
second month. Next the pilot results go to the Orbit CIO and a commercial proposal covers all regions.

Next steps

  - Elena will present the pilot results to the Orbit CIO on June 16.
  - Dev will send the commercial proposal for all regions by June 19.
  - Robin will book the rollout planning session with the regional leads.

AI-generated content may be inaccurate or misleading. Always check for accuracy.

Please do not reply to this message. This message was sent from an unmonitored address.
"""

# ------------------------------------------------ one renewal call: the predecessor's note and the recording

RENEWAL_TURNS = [
    ("Robin Hale", "Thanks for joining, Tessa. Today is about the renewal terms."),
    ("Tessa Morgan", "We're ready to sign for three years if the uplift is capped."),
    ("Robin Hale", "We can cap the uplift at four percent a year for the three-year term."),
    ("Tessa Morgan", "That works for us. Send me the contract by Friday and I'll get the purchase order approved."),
    ("Jonah Reyes", "I'll prepare the contract with the four percent cap today."),
    ("Tessa Morgan", "Our procurement needs the security addendum as well, the one from last year."),
    ("Robin Hale", "I'll send you the security addendum with the contract."),
]
RENEWAL_VTT = "WEBVTT\n\n" + "\n".join(
    f"{i + 1}\n00:0{i}:00.000 --> 00:0{i}:08.000\n{who}: {said}\n" for i, (who, said) in enumerate(RENEWAL_TURNS))
RENEWAL_NOTE = """---
type: customer
title: Tessa agreed the three-year renewal with a 4% uplift cap
date: '2026-07-07'
account: Harlow Outfitters
participants:
- Tessa Morgan
- Jonah Reyes
- Robin Hale
tags:
- type/customer
---

# Tessa agreed the three-year renewal with a 4% uplift cap

**Date**: 2026-07-07
**Account**: [[Harlow Outfitters]]
**Attendees**: Tessa Morgan, Jonah Reyes, Robin Hale

## Summary

Harlow Outfitters will renew for three years with the uplift capped at 4% a year. Tessa gets the purchase order
approved once the contract arrives.

## Action Items
- [ ] Send the three-year contract with the 4% cap to Tessa. @Robin 📅 2026-07-10 ⏫ #task
- [ ] Get the purchase order approved. @Tessa 🔼 #task
- [ ] Send the security addendum with the contract. @Robin 🔼 #task

## Decisions
- Uplift capped at 4% a year for the three-year term.
"""


def ingest(tmp_path, files: dict[str, str], runs: int = 1):
    """A vault whose Inbox gets `files`, in `runs` ingest runs of about equal share (in that order)."""
    vault = make_vault(tmp_path / "vault")
    names = list(files)
    for run in range(runs):
        for name in names[run::runs] if runs > 1 else names:
            (vault / "Inbox" / name).write_text(files[name], encoding="utf-8")
        report = run_ingest(vault)
        assert report.count("failed") == 0
    return vault


def meeting_notes(vault) -> list[str]:
    return sorted(p.relative_to(vault).as_posix() for p in (vault / "Meetings").rglob("*.md"))


def the_one_note(vault) -> tuple[dict, dict[str, list[str]]]:
    """The vault's only meeting note: its frontmatter and its body's bullets by section."""
    notes = meeting_notes(vault)
    assert len(notes) == 1, notes
    text = (vault / notes[0]).read_text(encoding="utf-8")
    _, frontmatter, body = text.split("---\n", 2)
    sections: dict[str, list[str]] = {}
    heading = ""
    for line in body.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        elif line.startswith("- "):
            sections.setdefault(heading, []).append(line)
    return yaml.safe_load(frontmatter), sections


def assert_one_note_from(vault, *names: str) -> dict[str, list[str]]:
    frontmatter, sections = the_one_note(vault)
    assert sorted(source.rsplit("/", 1)[-1] for source in frontmatter["sources"]) == sorted(names)
    for heading, lines in sections.items():
        for i, line in enumerate(lines):
            twice = [earlier for earlier in lines[:i] if same_statement(line, earlier)]
            assert not twice, (heading, line, twice)
    return sections


def test_a_note_that_embeds_its_transcript_and_the_raw_transcript_are_one_meeting(tmp_path):
    vault = ingest(tmp_path, {"2026-05-12 Heliograph QBR.txt": QBR_RAW, "QBR summary - Heliograph.md": QBR_NOTE})
    sections = assert_one_note_from(vault, "2026-05-12 Heliograph QBR.txt", "QBR summary - Heliograph.md")
    tasks = " ".join(sections["Action Items"])
    assert tasks.count("proposal") == 1 and tasks.count("load numbers") == 1, sections["Action Items"]
    queue = [line for line in sections["Key Information"] if "requests a minute" in line]
    assert len(queue) == 1, "'three thousand requests' said and '3,000 requests' written are one fact"


def test_an_undated_local_recording_with_speaker_labels_joins_the_dated_export(tmp_path):
    vault = ingest(tmp_path, {"Teams Meeting (Parallels) Transcription.txt": KICKOFF_LOCAL,
                              "2026-06-03 Orbit Foods kickoff.vtt": KICKOFF_VTT}, runs=2)
    sections = assert_one_note_from(vault, "Teams Meeting (Parallels) Transcription.txt",
                                    "2026-06-03 Orbit Foods kickoff.vtt")
    assert " ".join(sections["Action Items"]).count("store count") == 1, sections["Action Items"]


def test_a_copy_saved_again_with_a_line_added_converges(tmp_path):
    vault = ingest(tmp_path, {"2026-04-21 Budget sync.md": BUDGET_SYNC,
                              "2026-04-21 Budget sync (2).md": BUDGET_SYNC_EDITED})
    assert_one_note_from(vault, "2026-04-21 Budget sync.md", "2026-04-21 Budget sync (2).md")


def test_the_notetakers_summary_mail_joins_the_recording_in_either_order(tmp_path):
    files = {"GMT20260609-140000_Recording.transcript.vtt": REVIEW_VTT,
             "Meeting Summary with AI Companion - Orbit pilot review.eml": REVIEW_MAIL}
    for order, runs in ((files, 1), (dict(reversed(files.items())), 2)):
        vault = ingest(tmp_path / f"runs{runs}", order, runs=runs)
        sections = assert_one_note_from(vault, *files)
        assert " ".join(sections["Action Items"]).count("commercial proposal") == 1, sections["Action Items"]


def test_a_written_note_whose_people_are_label_lines_joins_the_recording(tmp_path):
    vault = ingest(tmp_path, {"2026-07-07 - Tessa agreed the three-year renewal with a 4% uplift cap.md": RENEWAL_NOTE,
                              "2026-07-07 Harlow renewal call.vtt": RENEWAL_VTT})
    sections = assert_one_note_from(vault, "2026-07-07 - Tessa agreed the three-year renewal with a 4% uplift cap.md",
                                    "2026-07-07 Harlow renewal call.vtt")
    assert " ".join(sections["Action Items"]).count("security addendum") == 1, sections["Action Items"]


def test_a_task_written_in_the_summary_and_said_in_the_call_is_one_line_and_other_work_stays():
    written = "- [ ] Share the April month-end load numbers @[[Priya Nair]] 🆔 k2m9qa 📅 2026-05-15 #task"
    said = ["- [?] I'll share the month-end load numbers from April so you can size it. 🆔 p4t7xw #task #proposed",
            "- [?] Share the month-end load numbers from April @Priya 🆔 r8v2nc #task #proposed",
            "- [?] Share the April month-end load numbers @[[Marcus Webb]] 🆔 b6d3hs #task #proposed",
            "- [?] Explain the April month-end load numbers @[[Priya Nair]] 🆔 z5q1ke #task #proposed",
            "- [?] Share the March month-end load numbers @[[Priya Nair]] 🆔 c7w4mj #task #proposed",
            "- [?] Share the April month-end load numbers @[[Priya Nair]] 🆔 f3n8ty 📅 2026-05-22 #task #proposed"]
    lines, added = merge_lines([written], said, emitted=set())
    assert added == said[2:], "another owner, other work, another month or another due date is another task"
    assert lines == [written, *said[2:]]


# ---------------------------------------------------------------- near misses: alike, but two meetings

WEEKLY_OPENING = [("Robin Hale", "Welcome to the platform weekly. Agenda is incidents, then the roadmap, then hiring."),
                  ("Mei Lin", "No incidents this week on my side, the on-call was quiet.")]
WEEKLY_TALK = {
    "2026-05-04": [("Arjun Mehta", ("The Postgres connector spike is done, it handles schemas up to ten thousand "
                                    "tables.")),
                   ("Robin Hale", "Arjun, can you write up the connector results for the design review?"),
                   ("Mei Lin", "For hiring, the data engineer loop is ready, we start interviews on Monday."),
                   ("Robin Hale", "I'll send the interview schedule to the panel today.")],
    "2026-05-11": [("Arjun Mehta", ("The search ranking proposal is ready, it boosts tables that people query "
                                    "often.")),
                   ("Robin Hale", "Mei, can you review the ranking proposal before Thursday?"),
                   ("Mei Lin", "On hiring, we made an offer to the second data engineer candidate."),
                   ("Robin Hale", "I'll update the headcount plan with the new start date.")],
    "undated": [("Arjun Mehta", ("The lineage prototype draws the graph for one warehouse, but it is slow on big "
                                 "schemas.")),
                ("Robin Hale", "Arjun, can you profile the lineage prototype on the biggest schema?"),
                ("Mei Lin", "For hiring, the recruiter wants the job description for the platform lead."),
                ("Robin Hale", "I'll draft the platform lead job description this week.")],
}


def otter(turns: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"{who}  0:{i:02d}\n{said}" for i, (who, said) in enumerate(turns)) + "\n"


def test_a_weekly_series_with_the_same_agenda_stays_one_note_per_week(tmp_path):
    vault = ingest(tmp_path, {"2026-05-04 Platform weekly.txt": otter(WEEKLY_OPENING + WEEKLY_TALK["2026-05-04"]),
                              "2026-05-11 Platform weekly.txt": otter(WEEKLY_OPENING + WEEKLY_TALK["2026-05-11"]),
                              "Platform weekly.txt": otter(WEEKLY_OPENING + WEEKLY_TALK["undated"])})
    notes = meeting_notes(vault)
    assert len(notes) == 3, notes


DAILY_TEMPLATE = """---
tags:
- daily
---

# {title}

<!-- Morning review: yesterday's open items first -->

## Due today or overdue

```tasks
not done
due before tomorrow
sort by due
group by priority
hide recurrence rule
```

## In progress on projects

```tasks
not done
filter by function task.file.folder.includes("Projects/")
sort by priority
group by filename
short mode
```

## Today

{today}

## Journal

{journal}

<!-- end of daily template -->
"""


def test_two_daily_notes_of_one_template_stay_two_even_when_one_is_undated(tmp_path):
    vault = ingest(tmp_path, {
        "2026-07-01.md": DAILY_TEMPLATE.format(title="Wednesday, July 1, 2026",
                                               today="- [ ] Call Tessa about the renewal", journal="Quiet day."),
        "Daily note.md": DAILY_TEMPLATE.format(title="Daily note", today="- [ ] Book the offsite venue",
                                               journal="Long day.")})
    notes = meeting_notes(vault)
    assert len(notes) == 2, notes


ONE_ON_ONE = [("Robin Hale", "Hi Dev, let's talk about your promotion case and the hiring plan."),
              ("Dev Patel", "I think the promotion case is strong after the Orbit pilot, I led the whole rollout."),
              ("Robin Hale", "Agreed. I'll write the promotion case for you by Friday."),
              ("Dev Patel", "On hiring, we still need a data engineer for the platform team."),
              ("Robin Hale", "Then post the data engineer requisition this week, and I'll approve it."),
              ("Dev Patel", "Will do. I'd also like to mentor the new hire when they start.")]
PRICING_CALL = [("Robin Hale", "Dev, thanks for the quick call on the Orbit pricing."),
                ("Dev Patel", "Orbit wants a price per region, and a discount if they take all regions at once."),
                ("Robin Hale", "Let's offer eight percent for all regions, but not more."),
                ("Dev Patel", "I'll send Orbit the revised quote with the regional prices tomorrow."),
                ("Robin Hale", "And update the discount approval rules so sales can offer the eight percent."),
                ("Dev Patel", "Sure, I'll update the discount rules after the quote goes out.")]
PRICING_SUMMARY = """---
date: 2026-06-16
participants: [Robin Hale, Dev Patel]
---
# Orbit pricing decisions

## Decisions
- Offer Orbit 8% off for taking all regions at once, and no more.

## Action items
- [ ] Send Orbit the revised quote with the regional prices @Dev Patel 📅 2026-06-17
- [ ] Update the discount approval rules for the 8% offer @Dev Patel
"""


def cues(turns: list[tuple[str, str]]) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{i + 1}\n00:0{i}:00.000 --> 00:0{i}:09.000\n{who}: {said}\n"
                                    for i, (who, said) in enumerate(turns))


def test_two_calls_on_one_day_with_the_same_person_stay_two_and_the_summary_finds_its_own(tmp_path):
    vault = ingest(tmp_path, {"2026-06-16 1on1 Dev.vtt": cues(ONE_ON_ONE),
                              "2026-06-16 Orbit pricing with Dev.vtt": cues(PRICING_CALL),
                              "Orbit pricing decisions.md": PRICING_SUMMARY})
    notes = meeting_notes(vault)
    assert len(notes) == 2, notes
    one_on_one = next((vault / n).read_text(encoding="utf-8") for n in notes if "1on1" in n)
    assert "Orbit pricing decisions.md" not in one_on_one and "revised quote" not in one_on_one


# ---------------------------------------------------------------- figures said in words are figures

UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def said(n: int) -> str:
    """How a transcriber writes `n` (below a million): "two hundred and forty", "three thousand and twelve"."""
    thousands, rest = divmod(n, 1000)
    hundreds, below = divmod(rest, 100)
    words = [said(thousands), "thousand"] if thousands else []
    words += [UNITS[hundreds], "hundred"] if hundreds else []
    if below and words:
        words.append("and")
    words += [UNITS[below]] if below < 20 else [TENS[below // 10] + (f"-{UNITS[below % 10]}" if below % 10 else "")]
    return " ".join(w for w in words if w)


@given(st.integers(min_value=10, max_value=999_999), st.booleans())
def test_a_number_said_in_words_is_the_figure_written_in_digits(n, percent):
    unit = "percent" if percent else "requests a minute"
    written = f"{n:,}%" if percent else f"{n:,} requests a minute"
    assert figures(f"The queue takes {said(n)} {unit}.") == figures(f"The queue takes {written}.")


@given(st.text(alphabet="$€£0129٣.,:/-% kKmMbx\nmillion"))
def test_numbers_are_found_as_the_plain_pattern_finds_them(text):
    plain = re.compile(r"[$€£]?\d+(?:[.,:/-]\d+)*\s*(?:%|[kKmMbB]\b|million|billion|thousand)?")
    assert _NUMBER.findall(text) == plain.findall(text)
    assert [m.span() for m in _NUMBER.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_small_counts_and_ordinals_are_words():
    assert figures("It's one big thing, two of us were there on the fourteenth.") == frozenset()


def test_an_owner_said_by_first_name_is_the_person_an_earlier_record_of_the_meeting_named(tmp_path):
    """Jordan's note of the Tidewater QBR names Theo Lindqvist; the MacWhisper transcript of the same call, its
    speakers device labels, has "Theo, can you raise the Tidewater limit…": Theo is that Theo, linked, and the
    work he was asked is the one task the note already lists."""
    archive = FIXTURES / "archive"
    names = ["2025-03-04 - Grant confirmed Tidewater renewal hinges on API rate limits and a.md",
             "2025-03-04 Tidewater QBR.md"]
    vault = make_vault(tmp_path / "vault", [archive / name for name in names])
    assert run_ingest(vault).count("ingested") == 2
    frontmatter, sections = the_one_note(vault)
    limit = [line for line in sections["Action Items"] if "limit" in line]
    assert len(limit) == 1 and "@[[Theo Lindqvist]]" in limit[0], sections["Action Items"]
    assert not [line for line in sections["Action Items"] if re.search(r"@Theo\b", line)]
