"""Entity matching: e-mail, name, alias, accents; first names only when unique in the meeting; never a guess."""

from __future__ import annotations

from notesmith.domain import (
    ExtractedParticipant,
    Extraction,
    MeetingKind,
    Mentions,
    Task,
)
from notesmith.domain.entity import Entity, EntityKind
from notesmith.domain.owner import Owner
from notesmith.resolve.registry import Registry, owner_entity
from notesmith.resolve.resolver import resolve


def person(name, *emails, aliases=()):
    return Entity(kind=EntityKind.person, name=name, emails=list(emails), aliases=list(aliases),
                  note_path=f"People/{name}.md")


def registry(*entities):
    owner = owner_entity(Owner("Robin Hale", ("Robin",), ("robin.hale@bluefin.example",)), "People/Robin Hale.md")
    return Registry([owner, *entities])


def extraction(participants=(), tasks=(), mentions=Mentions(), summary="", title=None):
    return Extraction(source_id="s", extractor="rules", kind=MeetingKind.internal, summary=summary, title=title,
                      participants=[ExtractedParticipant(name=n, email=e) for n, e in participants],
                      tasks=list(tasks), mentions=mentions)


def test_email_wins_over_a_different_spelling():
    reg = registry(person("Tomás Ortega", "tomas.ortega@bluefin.example"))
    result = resolve(extraction([("T. Ortega", "Tomas.Ortega@bluefin.example")]), reg)
    assert [p.entity.name for p in result.participants] == ["Tomás Ortega"] and not result.participants[0].is_new


def test_accents_and_case_do_not_make_a_new_person():
    reg = registry(person("Tomás Ortega"))
    result = resolve(extraction([("tomas ortega", None)]), reg)
    assert result.participants[0].entity.name == "Tomás Ortega"


def test_owner_under_every_name():
    reg = registry()
    result = resolve(extraction([("Robin", None)], tasks=[Task(text="a", owner="Myself"), Task(text="b", owner="me")]), reg)
    assert result.participants[0].entity.is_owner
    assert result.owner_names == {"Myself": "Robin Hale", "me": "Robin Hale"}


def test_unknown_participant_is_new_and_needs_review():
    result = resolve(extraction([("Ada Quill", "ada@quill.example")]), registry())
    new = result.participants[0]
    assert new.is_new and new.needs_review and new.entity.emails == ["ada@quill.example"]


def test_lone_first_name_only_when_unique_in_the_meeting():
    mei = person("Mei Chen")
    other_mei = person("Mei Lindqvist")
    reg = registry(mei, other_mei)
    one = resolve(extraction([("Mei Chen", None)], tasks=[Task(text="x", owner="Mei")]), reg)
    assert one.owner_names == {"Mei": "Mei Chen"}
    both = resolve(extraction([("Mei Chen", None), ("Mei Lindqvist", None)], tasks=[Task(text="x", owner="Mei")]), reg)
    assert both.owner_names == {}
    absent = resolve(extraction([], tasks=[Task(text="x", owner="Mei")]), reg)
    assert absent.owner_names == {}


def test_mentioned_people_are_linked_only_when_known_and_never_participants():
    reg = registry(person("Grace Adeyemi"))
    result = resolve(extraction([("Robin Hale", None)], summary="Grace Adeyemi and Ivo Brand will sign.",
                                mentions=Mentions(people=["Ivo Brand"])), reg)
    assert [m.entity.name for m in result.mentioned_people] == ["Grace Adeyemi"]
    assert result.unresolved_mentions == ["Ivo Brand"]
    assert [p.entity.name for p in result.participants] == ["Robin Hale"]


def test_two_people_with_the_same_name_are_not_guessed():
    reg = registry(person("Sam Okafor", "sam@a.example"), person("Sam Okafor", "sam@b.example"))
    result = resolve(extraction([("Sam Okafor", None)]), reg)
    assert result.participants == [] and result.unresolved_mentions == ["Sam Okafor"]


def test_the_employer_is_never_a_customer():
    result = resolve(extraction(mentions=Mentions(organizations=["Bluefin Data", "Quarry Labs"])), registry(),
                     employer="Bluefin Data")
    relationships = {o.entity.name: o.entity.relationship for o in result.organizations}
    assert relationships == {"Bluefin Data": "employer", "Quarry Labs": None}


def test_two_people_sharing_a_surname_with_look_alike_first_names_stay_apart():
    reg = registry(person("Jon Park"), person("Joan Park"))
    for said, meant in (("Joan Park", "Joan Park"), ("Jon Park", "Jon Park"), ("JOAN PARK", "Joan Park")):
        result = resolve(extraction([(said, None)]), reg)
        assert [p.entity.name for p in result.participants] == [meant]
    only_jon = registry(person("Jon Park"))
    result = resolve(extraction([("Joan Park", None)]), only_jon)
    assert result.participants[0].is_new and result.participants[0].entity.name == "Joan Park"


def test_a_first_name_shared_across_teams_goes_to_whoever_was_there():
    reg = registry(person("Sam Okafor"), person("Sam Reyes"))
    with_reyes = resolve(extraction([("Sam Reyes", None)], tasks=[Task(text="x", owner="Sam")]), reg)
    assert with_reyes.owner_names == {"Sam": "Sam Reyes"}
    with_both = resolve(extraction([("Sam Reyes", None), ("Sam Okafor", None)], tasks=[Task(text="x", owner="Sam")]), reg)
    assert with_both.owner_names == {}
    nobody = resolve(extraction([], mentions=Mentions(people=["Sam"])), reg)
    assert nobody.mentioned_people == [] and nobody.review[0].name == "Sam"


def test_an_asr_spelling_variant_finds_the_known_person():
    reg = registry(person("Maneesh Sah"), person("Girish Rao"))
    full = resolve(extraction([("Manish Sah", None)]), reg)
    assert full.participants[0].entity.name == "Maneesh Sah" and not full.participants[0].is_new
    lone = resolve(extraction([("Maneesh Sah", None)], tasks=[Task(text="talk to Girish", owner="Manish")]), reg)
    assert lone.owner_names == {"Manish": "Maneesh Sah"}


def test_nicknames_join_a_full_name_but_two_names_sharing_a_nickname_do_not():
    reg = registry(person("Robert Lindgren"), person("Alexander Fenn"))
    assert resolve(extraction([("Bob Lindgren", None)]), reg).participants[0].entity.name == "Robert Lindgren"
    alexandra = resolve(extraction([("Alexandra Fenn", None)]), reg).participants[0]
    assert alexandra.is_new and alexandra.entity.name == "Alexandra Fenn"


def test_the_owner_under_every_spelling_is_one_person():
    reg = registry()
    spellings = ["Robin Hale", "ROBIN HALE", "Robin", "Myself", "me", "I", "Róbin Hale"]
    result = resolve(extraction([("Robin", None)], tasks=[Task(text=f"t{i}", owner=s) for i, s in enumerate(spellings)]), reg)
    assert set(result.owner_names.values()) == {"Robin Hale"} and set(result.owner_names) == set(spellings)
    by_mail = resolve(extraction([("R. Hale", "ROBIN.HALE@bluefin.example")]), reg)
    assert by_mail.participants[0].entity.is_owner


def test_doubt_goes_to_the_review_queue_with_the_candidates():
    finance = person("Sam Okafor", "sam@a.example").model_copy(update={"note_path": "People/Sam Okafor (Finance).md"})
    reg = registry(person("Sam Okafor", "sam@b.example"), finance)
    result = resolve(extraction([("Sam Okafor", None), ("Ada Quill", None)], mentions=Mentions(people=["Ivo Brand"])), reg)
    queue = {(r.reason.value, r.name, tuple(r.candidates)) for r in result.review}
    assert queue == {("ambiguous", "Sam Okafor", ("Sam Okafor", "Sam Okafor (Finance)")), ("new-person", "Ada Quill", ()),
                     ("unresolved-mention", "Ivo Brand", ())}


def test_a_mail_domain_that_names_one_organization_of_the_meeting_is_where_the_person_works():
    reg = registry(person("Tomás Ortega", "tomas.ortega@bluefin.example"))
    result = resolve(extraction(
        [("Nadia Petrov", "nadia.petrov@quarrylabs.example"), ("Grace Adeyemi", "grace@halcyon.co.uk"),
         ("Tomás Ortega", None), ("Lena Vogel", "lena.vogel@gmail.com"), ("Robin", None)],
        mentions=Mentions(organizations=["Quarry Labs", "Halcyon Logistics", "Bluefin Data"])), reg)
    assert result.works_at == {"Nadia Petrov": "Quarry Labs", "Grace Adeyemi": "Halcyon Logistics",
                               "Tomás Ortega": "Bluefin Data", "Robin Hale": "Bluefin Data"}


def test_a_domain_that_fits_two_organizations_or_a_common_word_ties_no_one():
    result = resolve(extraction([("Nadia Petrov", "nadia@quarry.example"), ("Sam Okafor", "sam@the.example")],
                                mentions=Mentions(organizations=["Quarry Labs", "Quarry Tools", "The Fabric"])),
                     registry())
    assert result.works_at == {}


def test_a_title_that_names_a_contact_ties_them_to_that_organization_over_their_mail_domain():
    result = resolve(extraction([("Lena Vogel", "lena.vogel@gmail.com"), ("Robin Hale", None)],
                                mentions=Mentions(organizations=["Fabrikam"]), title="Call with Fabrikam (Lena Vogel)"),
                     registry())
    assert result.works_at == {"Lena Vogel": "Fabrikam"}
    not_there = resolve(extraction([("Robin Hale", None)], mentions=Mentions(organizations=["Fabrikam"]),
                                   title="Call with Fabrikam (Lena Vogel)"), registry())
    assert not_there.works_at == {}
