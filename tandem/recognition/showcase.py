"""The showcase day: the program office prepares it (the day, the entries, the agenda,
the guests), guests answer and give feedback without a login (signed links, a daily
limit), and after the day the feedback goes back to the teams. Every change is checked
here: ValidationError keyed by field, nothing half-saved; PermissionDenied for who may
not."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.capture import services as capture_services
from tandem.capture.models import Idea, IdeaStatus, Story, StoryKind, StorySource
from tandem.notifications.models import notify
from tandem.people.access import is_program_office, person_for
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person, User

from .models import (
    Answer,
    DayStatus,
    Guest,
    GuestCount,
    GuestFeedback,
    GuestKind,
    Photo,
    ShowcaseDay,
    ShowcaseEntry,
    Slot,
)
from .models.showcase import MOST_SEATS, PHOTO_MOST_BYTES, PHOTOS_PER_ENTRY

RUN_WHY = "Only the program office prepares the showcase day."
FEEDBACK_DAYS = 7  # guests may still give feedback this many days after the day
GUEST_ACTS_PER_DAY = 30  # answers, or feedback, one guest link or entry page may take a day
ADDRESS_ACTS_PER_DAY = 300  # from one address (a venue's guests may share one)
RSVP_SALT = "tandem.showcase.rsvp"
ENTRY_SALT = "tandem.showcase.entry"


def _office(user: User) -> Person | None:
    if not is_program_office(user):
        raise PermissionDenied(RUN_WHY)
    return person_for(user)


@dataclass
class DayPlan:
    title: str
    date: date | None
    starts_at: time | None
    venue: str
    places: int | None
    about: str = ""


@transaction.atomic
def save_day(user: User, plan: DayPlan, day: ShowcaseDay | None = None) -> ShowcaseDay:
    me = _office(user)
    errors: dict[str, str] = {}
    if not plan.title.strip():
        errors["title"] = "Give the day a title."
    if plan.date is None:
        errors["date"] = "Say which day."
    if plan.starts_at is None:
        errors["starts_at"] = "Say when it starts."
    if not plan.venue.strip():
        errors["venue"] = "Say where: the guests need the address."
    if not plan.places or plan.places < 1:
        errors["places"] = "Say how many guests the venue takes."
    elif day is not None and plan.places < day.places_taken():
        errors["places"] = f"{day.places_taken()} places are taken already."
    if errors:
        raise ValidationError(errors)
    creating = day is None
    day = day or ShowcaseDay(created_by=me)
    day.title, day.date, day.starts_at = plan.title.strip(), plan.date, plan.starts_at
    day.venue, day.places, day.about = plan.venue.strip(), plan.places, plan.about.strip()
    day.save()
    log_action(user, "created" if creating else "updated", day)
    return day


@dataclass
class EntryPlan:
    title: str
    unit: OrgUnit | None
    problem: str
    change: str
    results: str
    people: list[Person] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    photos: list = field(default_factory=list)  # uploaded images, checked by the form


def may_add_entry(user: User, unit: OrgUnit | None) -> bool:
    """The program office, or a leader for a unit at or below their own."""
    if is_program_office(user):
        return True
    me = person_for(user)
    return (
        me is not None and me.is_leader and unit is not None and unit.path.startswith(me.unit.path)
    )


@transaction.atomic
def add_entry(user: User, day: ShowcaseDay, plan: EntryPlan) -> ShowcaseEntry:
    me = person_for(user)
    leader = is_program_office(user) or (me is not None and me.is_leader)
    if not leader or (plan.unit is not None and not may_add_entry(user, plan.unit)):
        raise PermissionDenied("Entries come from the leaders of the unit, or the program office.")
    errors: dict[str, str] = {}
    for name, words in (
        ("title", "Give the entry a title."),
        ("problem", "Say what the problem was."),
        ("change", "Say what you changed."),
        ("results", "Say what it achieved, with figures where there are some."),
    ):
        if not getattr(plan, name).strip():
            errors[name] = words
    if plan.unit is None:
        errors["unit"] = "Say which team it is."
    late = [i.title for i in plan.ideas if i.status != IdeaStatus.IMPLEMENTED]
    if late:
        errors["ideas"] = f"Only implemented ideas: “{late[0]}” is not."
    if day.date < timezone.localdate():
        errors["day"] = "The day is over."
    if len(plan.photos) > PHOTOS_PER_ENTRY:
        errors["photos"] = f"At most {PHOTOS_PER_ENTRY} photos."
    elif any(photo.size > PHOTO_MOST_BYTES for photo in plan.photos):
        errors["photos"] = f"A photo may be at most {PHOTO_MOST_BYTES // 1024 // 1024} MB."
    if errors:
        raise ValidationError(errors)
    entry = ShowcaseEntry.objects.create(
        day=day,
        title=plan.title.strip(),
        unit=plan.unit,
        problem=plan.problem.strip(),
        change=plan.change.strip(),
        results=plan.results.strip(),
        created_by=person_for(user),
    )
    entry.people.set(plan.people)
    entry.ideas.set(plan.ideas)
    entry.stories.set(plan.stories)
    for photo in plan.photos:
        Photo.objects.create(entry=entry, image=photo)
    log_action(user, "created", entry, extra={"photos": len(plan.photos)})
    return entry


@transaction.atomic
def add_slot(
    user: User,
    day: ShowcaseDay,
    starts_at: time | None,
    ends_at: time | None,
    room: str,
    entry: ShowcaseEntry | None = None,
    title: str = "",
) -> Slot:
    """A slot of the agenda; two in one room may not overlap."""
    _office(user)
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = "Say when it starts."
    if ends_at is None:
        errors["ends_at"] = "Say when it ends."
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "It ends after it starts."
    if not room.strip():
        errors["room"] = "Say which room."
    if entry is None and not title.strip():
        errors["entry"] = "Choose an entry, or give the slot a title (e.g. “Welcome”)."
    if entry is not None and entry.day_id != day.pk:
        errors["entry"] = "That entry is not on this day."
    if not errors:
        clash = day.slots.filter(
            room__iexact=room.strip(), starts_at__lt=ends_at, ends_at__gt=starts_at
        ).first()
        if clash is not None:
            errors["starts_at"] = f"{clash.room} is taken then: {clash}."
    if errors:
        raise ValidationError(errors)
    return Slot.objects.create(
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room.strip(),
        entry=entry,
        title=title.strip(),
    )


def _token(pk: int, salt: str) -> str:
    """A link's key: the id signed with the site's secret (the same each time)."""
    return signing.Signer(salt=salt).sign(str(pk))


def _pk(token: str, salt: str) -> int | None:
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


@transaction.atomic
def swap_slots(user: User, day: ShowcaseDay, first: Slot, second: Slot) -> None:
    """Exchange what two slots of the day hold (an entry or a title): how the agenda is
    rearranged, by dragging one onto another or moving one up or down."""
    _office(user)
    if first.day_id != day.pk or second.day_id != day.pk:
        raise ValidationError({"slot": "Both slots must be on this day's agenda."})
    first.entry, second.entry = second.entry, first.entry
    first.title, second.title = second.title, first.title
    first.save(update_fields=["entry", "title"])
    second.save(update_fields=["entry", "title"])


def rsvp_link(guest: Guest) -> str:
    token = _token(guest.pk, RSVP_SALT)
    return settings.SITE_URL.rstrip("/") + reverse("showcase:rsvp", args=[token])


def entry_path(entry: ShowcaseEntry) -> str:
    """The entry's page for guests (its address on this site)."""
    return reverse("showcase:feedback", args=[_token(entry.pk, ENTRY_SALT)])


def entry_link(entry: ShowcaseEntry) -> str:
    """The same as a full link, for the printed programme and the program office."""
    return settings.SITE_URL.rstrip("/") + entry_path(entry)


def guest_from(token: str) -> Guest | None:
    pk = _pk(token, RSVP_SALT)
    return Guest.objects.select_related("day").filter(pk=pk).first() if pk else None


def entry_from(token: str) -> ShowcaseEntry | None:
    pk = _pk(token, ENTRY_SALT)
    return ShowcaseEntry.objects.select_related("day", "unit").filter(pk=pk).first() if pk else None


@transaction.atomic
def invite(
    user: User, day: ShowcaseDay, name: str, email: str, organization: str = "", kind: str = ""
) -> Guest:
    """Invite a guest: an email with their own link to answer."""
    _office(user)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Give the guest's name."
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = "Give an email address the invitation can go to."
    if "email" not in errors and day.guests.filter(email__iexact=email.strip()).exists():
        errors["email"] = "This address is invited already."
    if kind and kind not in GuestKind.values:
        errors["kind"] = "A client, media or a partner."
    if day.date < timezone.localdate():
        errors["day"] = "The day is over."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            guest = Guest.objects.create(
                day=day,
                name=name.strip(),
                email=email.strip(),
                organization=organization.strip(),
                kind=kind or GuestKind.CLIENT,
                invited_at=timezone.now(),
            )
    except IntegrityError:  # the same address sent twice at once
        raise ValidationError({"email": "This address is invited already."}) from None
    if day.status == DayStatus.DRAFT:
        day.status = DayStatus.INVITING
        day.save(update_fields=["status"])
    link = rsvp_link(guest)
    left = day.places - day.places_taken()
    body = (
        f"Dear {guest.name},\n\nYou are invited to {day.title} on {day.date:%A %d %B %Y} at "
        f"{day.starts_at:%H:%M}, {day.venue}.\n\n{day.about}\n\n"
        f"{left} places are left. Please answer, and say how many of you will come:\n{link}\n"
    )
    transaction.on_commit(lambda: send_mail(f"Invitation: {day.title}", body, None, [guest.email]))
    log_action(user, "created", guest)
    return guest


def hit(key: str, limit: int | None = None) -> None:
    """Count one more action of `key` today, or refuse past `limit` (the key is kept only
    as a keyed hash)."""
    limit = limit or GUEST_ACTS_PER_DAY
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    today = timezone.localdate()
    try:
        with transaction.atomic():
            GuestCount.objects.get_or_create(key=digest, on=today)
    except IntegrityError:  # two at once: the row is there now
        pass
    counted = GuestCount.objects.filter(key=digest, on=today, count__lt=limit).update(
        count=F("count") + 1
    )
    if not counted:
        raise ValidationError({"limit": "Too many answers from here today; try tomorrow."})


@transaction.atomic
def answer(guest: Guest, coming: bool, seats: int | None = 1) -> Guest:
    """A guest's answer: coming with `seats` places (refused past the day's capacity), or
    not coming."""
    day = ShowcaseDay.objects.select_for_update().get(pk=guest.day_id)
    guest.refresh_from_db(fields=["answer", "seats"])  # as it stands under the lock
    if day.date < timezone.localdate():
        raise ValidationError({"answer": "The day is over."})
    if coming:
        if not seats or not 1 <= seats <= MOST_SEATS:
            raise ValidationError({"seats": f"From 1 to {MOST_SEATS} places."})
        taken = day.places_taken() - (guest.seats if guest.answer == Answer.YES else 0)
        if taken + seats > day.places:
            left = max(0, day.places - taken)
            raise ValidationError(
                {"seats": f"Only {left} place{'s' if left != 1 else ''} left: we are sorry."}
            )
    guest.answer = Answer.YES if coming else Answer.NO
    guest.seats = seats if coming else guest.seats
    guest.answered_at = timezone.now()
    guest.save(update_fields=["answer", "seats", "answered_at"])
    return guest


def feedback_open(day: ShowcaseDay) -> bool:
    today = timezone.localdate()
    return day.date <= today <= day.date + timedelta(days=FEEDBACK_DAYS)


@transaction.atomic
def give_feedback(
    entry: ShowcaseEntry,
    impressed: str,
    question: str = "",
    may_share: bool = False,
    name: str = "",
    guest: Guest | None = None,
) -> GuestFeedback:
    errors: dict[str, str] = {}
    if not feedback_open(entry.day):
        errors["entry"] = "Feedback opens on the day, for a week."
    if not impressed.strip():
        errors["impressed"] = "Say what impressed you (a few words are enough)."
    elif len(impressed) > 1000:
        errors["impressed"] = "Keep it to 1000 characters."
    if len(question) > 500:
        errors["question"] = "Keep the question to 500 characters."
    if len(name) > 200:
        errors["name"] = "Keep the name to 200 characters."
    if errors:
        raise ValidationError(errors)
    return GuestFeedback.objects.create(
        entry=entry,
        guest=guest,
        name=name.strip(),
        impressed=impressed.strip(),
        question=question.strip(),
        may_share=may_share,
    )


@transaction.atomic
def return_feedback(user: User, day: ShowcaseDay) -> int:
    """After the day: each team reads its guests' feedback; what a guest agreed to share
    becomes a customer compliment naming the team (a recognition from the customer)."""
    me = _office(user)
    if day.date >= timezone.localdate():
        raise ValidationError({"day": "Feedback goes back to the teams after the day."})
    ShowcaseDay.objects.select_for_update().get(pk=day.pk)  # one return at a time
    waiting = list(
        GuestFeedback.objects.filter(entry__day=day, returned=False).select_related(
            "entry__unit", "guest"
        )
    )
    for item in waiting:
        entry = item.entry
        people = list(entry.people.filter(active=True))
        # An entry naming nobody: its unit's leaders read the feedback (no compliment).
        readers = people or list(
            Person.objects.active().filter(unit=entry.unit, level__in=LEADER_LEVELS)
        )
        who = item.name or (item.guest.name if item.guest else "A guest")
        notify(
            readers,
            f"{who} at {day.title} on “{entry.title}”: “{item.impressed[:200]}”",
            day.get_absolute_url(),
            exclude=me,
        )
        if item.may_share and people:
            story = Story(
                kind=StoryKind.CUSTOMER_COMPLIMENT,
                what_happened=f"A guest at {day.title} about “{entry.title}”.",
                customer_words=item.impressed,
                unit=entry.unit,
                date=day.date,
                source=StorySource.CUSTOMER,
            )
            # The compliment names the team: the customer's recognition of them.
            item.story = capture_services.create_record(user, story, people, created_by=me)
        item.returned = True
        item.save(update_fields=["returned", "story"])
    day.status = DayStatus.RETURNED
    day.save(update_fields=["status"])
    log_action(user, "updated", day, extra={"feedback_returned": len(waiting)})
    return len(waiting)
