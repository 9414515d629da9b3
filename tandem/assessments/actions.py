"""From a finding to an action (PRODUCT.md M8: "identify practices that do not support a
service culture and change them"): one click on a block of the results writes a draft
initiative for the unit, or a roadmap item for the program office, each carrying the
block and the evidence (the mean, how many rated it, the practices named against it) and
a link back to the results; or opens a new say–do audit of the organization (what it
measures, pays and hires for) with the finding and the link as its note."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tandem.capture.models import BuildingBlock
from tandem.people.access import is_program_office, person_for
from tandem.people.models import OrgUnit, User
from tandem.programs import access as programs_access
from tandem.programs.models import ItemStatus, Phase, Program, RoadmapItem
from tandem.programs.services.roadmap import add_item, update_item
from tandem.voice import access as voice_access
from tandem.voice import initiatives
from tandem.voice.models import Initiative

from . import results
from .models import Round, RoundUnit


def results_url(round_: Round, unit: RoundUnit, block: BuildingBlock) -> str:
    """The results of the block in the unit, as a full address (for a note or a link)."""
    query = urlencode({"unit": unit.path})
    path = reverse("assessments:results", args=[round_.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}?{query}#block-{block.pk}"


def evidence(round_: Round, unit: RoundUnit, block: BuildingBlock) -> str:
    """The finding in words, from what the results show (nothing below the minimum)."""
    found = results.results(round_, unit)
    index = [b.pk for b in found.blocks].index(block.pk)
    cell = found.rows[0].cells[index]
    if cell.shown:
        lines = [
            f"“{round_.title}”, {unit.name}: {block.name} rated {cell.mean:.1f} of 5 "
            f"by {cell.n} people (1 works against service, 5 fully supports it)."
        ]
    else:
        lines = [
            f"“{round_.title}”, {unit.name}: {block.name} was rated by fewer than "
            f"{round_.min_group} people here."
        ]
    named = found.against.get(block.pk, [])
    if named:
        lines.append("Named as working against service:")
        lines += [f"- {text}" + (f" (× {n})" if n > 1 else "") for text, n in named[:5]]
    return "\n".join(lines)


def can_write_initiative(user: User | None, unit: RoundUnit) -> bool:
    live = _live(unit)
    return live is not None and voice_access.writable_units(user).filter(pk=live.pk).exists()


def can_audit_say_do(user: User | None) -> bool:
    return programs_access.can_record_say_do(user)


def say_do_url(round_: Round, unit: RoundUnit, block: BuildingBlock) -> str:
    """The new say–do audit form of the unit's organization (its top unit), started from
    its latest audit, the finding and the results' link as the note: the lines that pay or
    hire against the block are what the program office changes there."""
    live = _live(unit)
    top = (
        OrgUnit.objects.filter(path__in=live.paths_up(), depth=1).first()
        if live
        else OrgUnit.objects.get_root_nodes().first()
    )
    note = f"{evidence(round_, unit, block)}\n\nThe results: {results_url(round_, unit, block)}"
    query = {"note": _shorter(note, 900)} | ({"root": top.pk} if top else {})
    return f"{reverse('programs:say_do_new')}?{urlencode(query)}"


def _shorter(text: str, most: int) -> str:
    """The text cut at a line to at most `most` characters (the link kept, at its end)."""
    if len(text) <= most:
        return text
    head, link = text.rsplit("\n\n", 1)
    return head[: max(0, most - len(link) - 3)].rsplit("\n", 1)[0] + "\n…\n\n" + link


def can_add_to_roadmap(user: User | None) -> bool:
    return is_program_office(user) and Phase.objects.exists()


def _live(unit: RoundUnit) -> OrgUnit | None:
    return OrgUnit.objects.filter(pk=unit.unit_id).first() if unit.unit_id else None


@transaction.atomic
def to_initiative(user: User, round_: Round, unit: RoundUnit, block: BuildingBlock) -> Initiative:
    """A draft initiative for the unit (as it stands now), owned by the user: its title
    names the block, its why holds the evidence; the writer finishes and publishes it."""
    live = _live(unit)
    if live is None or not can_write_initiative(user, unit):
        raise PermissionDenied("You can write initiatives only for units in your part.")
    me = person_for(user)
    draft = initiatives.Draft(
        title=f"{block.name} in {live.name}: change what works against service"[:200],
        what="",
        why=f"{evidence(round_, unit, block)}\n\nThe results: {results_url(round_, unit, block)}",
        units=[live],
        owner=me,
        starts_on=timezone.localdate(),
    )
    if me is None:
        raise ValidationError({"owner": "Only someone on the org chart can own an initiative."})
    return initiatives.save_draft(user, draft)


def _phase_for(unit: OrgUnit) -> Phase | None:
    """The phase of the program covering the unit (the latest started) in which work is
    under way: the first with an item not done, else its last."""
    program = (
        Program.objects.filter(root_unit__path__in=unit.paths_up())
        .order_by("-started_on", "-pk")
        .first()
    ) or Program.objects.order_by("-started_on", "-pk").first()
    if program is None:
        return None
    phases = list(program.phases.order_by("position"))
    for phase in phases:
        if phase.items.exclude(status=ItemStatus.DONE).exists():
            return phase
    return phases[-1] if phases else None


@transaction.atomic
def to_roadmap_item(
    user: User, round_: Round, unit: RoundUnit, block: BuildingBlock
) -> RoadmapItem:
    """A roadmap item in the current phase of the program, with the evidence as its note
    and the results as its link. The program office only."""
    if not is_program_office(user):
        raise PermissionDenied("Only the program office changes the roadmap.")
    live = _live(unit) or OrgUnit.objects.get_root_nodes().first()
    phase = _phase_for(live)
    if phase is None:
        raise ValidationError({"program": "There is no program roadmap yet; start one first."})
    item = add_item(user, phase, f"Fix what works against {block.name} in {live.name}"[:300])
    return update_item(
        user,
        item,
        evidence_note=evidence(round_, unit, block),
        evidence_link=results_url(round_, unit, block),
    )
