"""Near-duplicate bullets and tasks (DESIGN §7): the rule on its labelled pairs, and merging lines with it."""

from __future__ import annotations

import numpy as np
from conftest import FIXTURES

from notesmith.plan import dedup
from notesmith.plan.dedup import same_statement
from notesmith.plan.merge import merge_lines

MEETING = "([[2026-04-02 - Vendor review|2026-04-02]])"
LATER = "([[2026-04-09 - Vendor follow-up|2026-04-09]])"


def labelled_pairs():
    for line in (FIXTURES / "dedup-pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, a, b = line.split("\t")
            yield label == "same", a, b


def test_precision_and_recall_on_the_labelled_pairs():
    said = [(truth, same_statement(f"- {a}", f"- {b}")) for truth, a, b in labelled_pairs()]
    tp = sum(t and s for t, s in said)
    precision = tp / sum(s for _, s in said)
    recall = tp / sum(t for t, _ in said)
    assert precision >= 0.95 and recall >= 0.8, (precision, recall)


def test_figures_names_negation_and_swapped_words_keep_facts_apart():
    assert same_statement("- Offer deadline is 2025-10-08. " + MEETING, "- The offer deadline is 2025-10-08.")
    for a, b in (("Northwind made a $2M offer.", "Northwind made a $200K offer."),
                 ("Sam Okafor will send the budget.", "Sam Reyes will send the budget."),
                 ("Finance will approve the design.", "Finance will not approve the design."),
                 ("Choose the single-site design.", "Choose the dual-site design."),
                 ("Mei sends the scripts to Nadia.", "Nadia sends the scripts to Mei.")):
        assert not same_statement(f"- {a}", f"- {b}"), (a, b)


def test_a_restated_fact_is_not_added_and_the_existing_line_gains_the_new_source():
    existing = [f"- Kestrel is scheduled to go live on 2026-05-04. {MEETING}", "- Written by hand: ask about SSO."]
    candidates = [f"- Kestrel go-live is planned for 2026-05-04. {LATER}",
                  f"- Kestrel go-live is planned for 2026-06-04. {LATER}",
                  f"- Ask about SSO. {LATER}"]
    lines, written = merge_lines(existing, candidates, set(), group_updates=True)
    assert written == [candidates[1]]
    assert lines[0] == candidates[1], "a changed date is a new fact, placed above the one it updates"
    assert lines[1] == "- Kestrel is scheduled to go live on 2026-05-04. ([[2026-04-02 - Vendor review|2026-04-02]], " \
                       "[[2026-04-09 - Vendor follow-up|2026-04-09]])"
    assert lines[2] == existing[1], "a line without provenance is never touched"


def test_a_restated_task_is_one_task_with_its_status_kept():
    done = "- [x] Send the pricing deck to Contoso @[[Dana Whitfield]] 🆔 t7k2mq 📅 2026-04-10 ✅ 2026-04-09 #task"
    again = "- [?] Send Contoso the pricing deck @[[Dana Whitfield]] 🆔 q9w8e7 📅 2026-04-10 #task #proposed"
    other_owner = "- [?] Send the pricing deck to Contoso @[[Robin Hale]] 🆔 z1x2c3 📅 2026-04-10 #task #proposed"
    lines, written = merge_lines([done], [again, other_owner], set())
    assert lines == [done, other_owner] and written == [other_owner]


def test_lines_moved_by_an_update_are_still_found_by_later_restatements():
    existing = [f"- Kestrel go-live is planned for 2026-05-04. {MEETING}", f"- Ask about SSO. {MEETING}"]
    candidates = [f"- Kestrel go-live is planned for 2026-06-04. {LATER}",
                  f"- We should ask about SSO. {LATER}",
                  f"- Kestrel is scheduled to go live on 2026-06-04. {LATER}",
                  f"- Kestrel is scheduled to go live on 2026-05-04. {LATER}"]
    lines, written = merge_lines(existing, candidates, set(), group_updates=True)
    assert written == [candidates[0]]
    assert [line.split(" (")[0] for line in lines] == ["- Kestrel go-live is planned for 2026-06-04.",
                                                       "- Kestrel go-live is planned for 2026-05-04.",
                                                       "- Ask about SSO."]
    assert all(LATER.strip("()") in line for line in lines[1:]), "the moved lines gained the restatements' sources"


def test_a_task_said_two_ways_is_one_task_and_a_done_one_stays_done():
    """A vault written when tasks were copied as said ("Robin, can you send me…"), the same meeting extracted
    again in today's wording ("Send Tomás Ortega…"): the same owner, due date and work is the same task, so
    nothing comes back as a proposal; other work, or the same work for someone else, stays apart."""
    done = ("- [x] Robin, can you send me the restore cost estimate before Tuesday's review? @[[Robin Hale]] "
            "🆔 h691lq ➕ 2026-03-12 📅 2026-03-17 ✅ 2026-03-13 #task")
    runbook = ("- [ ] I'll write the runbook for the snapshot restore and send it to you by Thursday. @[[Robin Hale]] "
               "🆔 v4j7qh ➕ 2026-03-02 📅 2026-03-05 #task")
    again = ["- [?] Send Tomás Ortega the restore cost estimate before Tuesday's review @[[Robin Hale]] 🆔 muzryj "
             "➕ 2026-03-12 📅 2026-03-17 #task #proposed",
             "- [?] Write the runbook for the snapshot restore and send it to Tomás Ortega @[[Robin Hale]] 🆔 wbob1w "
             "➕ 2026-03-02 📅 2026-03-05 #task #proposed"]
    lines, written = merge_lines([done, runbook], again, emitted=set())
    assert lines == [done, runbook] and written == []
    for a, b in (("Send the deck to Ana @[[Robin Hale]]", "Send the deck to Ben @[[Robin Hale]]"),
                 ("Send the deck @[[Robin Hale]] 📅 2026-03-06", "Send the deck @[[Mei Chen]] 📅 2026-03-06"),
                 ("Send the deck @[[Robin Hale]] 📅 2026-03-06", "Send the deck @[[Robin Hale]] 📅 2026-03-13"),
                 ("Prepare the pricing proposal @[[Robin Hale]]", "Prepare the pricing slides @[[Robin Hale]]")):
        assert not same_statement(f"- [ ] {a} #task", f"- [?] {b} #task #proposed"), (a, b)


def _texts() -> list[str]:
    said = [text for _, a, b in labelled_pairs() for text in (a, b)]
    return list(dict.fromkeys([*said, "Ünïcode – naïve café 🚀 résumé", "x", " ".join(said[:40]), "ok ok ok"]))


def test_a_text_embedded_with_others_has_the_bits_it_has_embedded_alone():
    """Merging embeds the texts it compares in one call: the vectors, and so every verdict, are those of one text
    at a time (the tokenizer pads the shorter texts of a call; padding adds exact zeros to the pooled sums)."""
    texts = _texts()
    alone = []
    for text in texts:
        vector = dedup._encoder().embed([text])[0]
        alone.append(vector / float(np.linalg.norm(vector)))
    for size in (2, 5, 64, 100, len(texts)):
        dedup._VECTORS.clear()
        for start in range(0, len(texts), size):
            dedup._embed_all(texts[start:start + size])
        for text, vector in zip(texts, alone, strict=True):
            assert dedup._VECTORS[text].tobytes() == vector.tobytes(), (size, text)

