"""Building-block assessments (tandem/assessments): rounds, results and anonymity.

Small helpers shared by the service tests: a round's plan, a full set of answers."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.assessments import services
from tandem.assessments.models import Round, Who
from tandem.capture.models import BuildingBlock
from tandem.voice.models import VoiceSettings

TITLE = "Building blocks, spring"


def today():
    return timezone.localdate()


def plan(*units, **kw) -> services.Plan:
    """A complete plan: everyone in `units`, open today for two weeks."""
    return services.Plan(
        title=kw.pop("title", TITLE),
        units=list(units),
        who=kw.pop("who", Who.EVERYONE),
        sample_percent=kw.pop("sample_percent", None),
        opens_on=kw.pop("opens_on", today()),
        closes_on=kw.pop("closes_on", today() + timedelta(days=14)),
    )


def opened(office, *units, **kw) -> Round:
    """A round on `units`, saved and opened today."""
    made = services.save_round(office.user, plan(*units, **kw))
    services.open_round(office.user, made)
    made.refresh_from_db()
    return made


def minimums(min_group: int, text_min: int = 10) -> None:
    VoiceSettings.objects.update_or_create(
        pk=1, defaults={"min_group": min_group, "text_min": text_min}
    )


def block_ids() -> list[int]:
    return list(BuildingBlock.objects.order_by("position").values_list("pk", flat=True))


def choices(score: int | None = 4, **by_position) -> dict[int, services.Choice]:
    """Every block rated `score`; `b1=…` … `b12=…` (a score or a Choice) override one."""
    found = {pk: services.Choice(score) for pk in block_ids()}
    ids = block_ids()
    for key, value in by_position.items():
        pk = ids[int(key[1:]) - 1]
        found[pk] = value if isinstance(value, services.Choice) else services.Choice(value)
    return found
