"""The organization: units in a tree, people with a level, a unit and a manager."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, time

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models.functions import Concat, Length, Substr
from django.db.models.lookups import StartsWith
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from treebeard.mp_tree import MP_Node

PATH_SEPARATOR = "/"
LINE_MAX_LENGTH = 1000
LINE_BATCH_SIZE = 1000


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Email is the identifier; the person behind it is `user.person`."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.email


class Level(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    MANAGER = "manager", "Manager"
    SUPERVISOR = "supervisor", "Supervisor"
    FRONTLINE = "frontline", "Frontline"

    @classmethod
    def parse(cls, text: str) -> Level | None:
        """Match a level case-insensitively, with spaces, dashes or underscores."""
        key = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
        try:
            return cls(key)
        except ValueError:
            return None


LEADER_LEVELS = {Level.EXECUTIVE, Level.SENIOR_LEADER, Level.MANAGER, Level.SUPERVISOR}


class OrgUnit(MP_Node):
    """A unit of the organization. A subtree is one indexed prefix query on `path`."""

    name = models.CharField(max_length=200)
    full_path = models.CharField(max_length=2000, unique=True, editable=False)

    class Meta:
        verbose_name = "org unit"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.full_path

    @property
    def parent_path(self) -> str:
        """The full path of the unit above ("" for a root), to tell same-named teams apart."""
        return self.full_path.rpartition(PATH_SEPARATOR)[0]

    def subtree(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def paths_up(self) -> list[str]:
        """The tree paths of this unit and of every unit above it, the root first."""
        step = self.steplen
        return [self.path[:end] for end in range(step, len(self.path) + 1, step)]

    @classmethod
    def split_path(cls, text: str) -> list[str]:
        return [part.strip() for part in text.split(PATH_SEPARATOR)]

    @classmethod
    def ensure_path(cls, full_path: str, known: dict[str, OrgUnit] | None = None) -> OrgUnit:
        """The unit at a slash-joined path, creating it and missing ancestors.

        `known` caches units by full path across many calls (the importer passes one).
        """
        known = {} if known is None else known
        parent: OrgUnit | None = None
        parts = cls.split_path(full_path)
        for i in range(len(parts)):
            path = PATH_SEPARATOR.join(parts[: i + 1])
            unit = known.get(path) or cls.objects.filter(full_path=path).first()
            if unit is None:
                fields = {"name": parts[i], "full_path": path}
                if parent is None:
                    unit = cls.objects.add_root(fields)
                else:
                    unit = cls.objects.add_child(parent, fields)
                    parent.refresh_from_db(fields=["numchild"])
            known[path] = unit
            parent = unit
        assert parent is not None
        return parent


class ReportingLineField(models.CharField):
    """A person's reporting line, "/1/5/23/": their managers' ids top down, then their own.

    Its own field class only so that `startswith` can be answered from the index on
    SQLite too (see `LineStartsWith`). On PostgreSQL, `db_index=True` on a CharField
    also makes Django create a second `varchar_pattern_ops` index, which serves
    LIKE 'prefix%' whatever the database collation.
    """


@ReportingLineField.register_lookup
class LineStartsWith(StartsWith):
    """`line__startswith` that SQLite answers from the index.

    SQLite only uses an index for LIKE when `case_sensitive_like` is on, which
    Django does not set, so "everyone below X" would scan every person. Under
    SQLite's binary collation, "starts with P" is exactly "P <= line < P with its
    last character incremented", a range the index serves.
    """

    def as_sqlite(self, compiler, connection):
        if not self.is_simple_lookup or not isinstance(self.rhs, str) or not self.rhs:
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        upper = self.rhs[:-1] + chr(ord(self.rhs[-1]) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", (*lhs_params, self.rhs, *lhs_params, upper)


def _extend_line(parent: str, pk: int) -> str:
    return f"{parent or PATH_SEPARATOR}{pk}{PATH_SEPARATOR}"


def reporting_lines(
    manager_of: dict[int, int | None], max_length: int = LINE_MAX_LENGTH
) -> dict[int, str]:
    """Every person's line from a {person id: manager id} map, in one pass.

    Cycle-safe: the importer refuses cycles and `Person.save` too, but should one be
    in the data anyway, the person where the walk closes the loop starts a line of
    their own. A line longer than `max_length` (a chain over a hundred managers
    deep) also starts again at that person instead of failing.
    """
    lines: dict[int, str] = {}

    def hang(below: list[int], parent: str) -> None:
        for pk in below:
            line = _extend_line(parent, pk)
            if len(line) > max_length:
                line = _extend_line("", pk)
            lines[pk] = parent = line

    for start in sorted(manager_of):
        path: list[int] = []
        on_path: set[int] = set()
        node = start
        while node in manager_of and node not in lines and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = manager_of[node]
        if node in on_path:
            k = path.index(node)
            lines[node] = _extend_line("", node)
            hang(path[:k:-1], lines[node])
            hang(path[k - 1 :: -1] if k else [], lines[node])
        else:
            hang(path[::-1], lines.get(node, "") if node is not None else "")
    return lines


# Above this share of all units, a subtree's records are read in the list's own order
# (newest first, by its index) and each checked for its unit; at or below it, they are
# read by unit and sorted. Measured at 100,000 people (bench/RESULTS.md): a division read
# by unit sorts 170,000 rows (60-300 ms), a team read in time order scans most of the
# table before it finds a page.
BROAD_SUBTREE_SHARE = 0.05


class Subtree:
    """A unit and the units below it, as a condition on records that have a `unit`: in
    the form each database reads fastest for the subtree's size (two small indexed counts,
    made once, decide). No condition for the whole organization; the unit ids for a
    small subtree; the same ids as a row-by-row check (`unit_id + 0`, which no index
    serves) for a large one, so the list's own index (newest first) drives the query."""

    def __init__(self, unit: OrgUnit) -> None:
        self.units = OrgUnit.objects.filter(path__startswith=unit.path)
        self.inside = self.units.count()
        self.everywhere = OrgUnit.objects.count()

    def filter(self, records: models.QuerySet) -> models.QuerySet:
        if self.inside >= self.everywhere:
            return records
        ids = self.units.values("pk")
        if self.inside <= BROAD_SUBTREE_SHARE * self.everywhere:
            return records.filter(unit_id__in=ids)
        return records.alias(unit_check=models.F("unit_id") + 0).filter(unit_check__in=ids)


def in_subtree(records: models.QuerySet, unit: OrgUnit) -> models.QuerySet:
    """`records` (anything with a `unit`) narrowed to `unit` and the units below it."""
    return Subtree(unit).filter(records)


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(active=True)

    def in_subtree(self, unit: OrgUnit) -> PersonQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def in_line_of(self, person: Person) -> PersonQuerySet:
        """The person and everyone below them: one indexed prefix query, usable as a subquery."""
        if not person.line:
            return self.filter(pk=person.pk)  # no line yet: fail closed
        return self.filter(line__startswith=person.line)

    def below(self, person: Person) -> PersonQuerySet:
        """Everyone below the person in the reporting line, anywhere down, not themself."""
        if not person.line:
            return self.none()
        return self.filter(line__startswith=person.line).exclude(pk=person.pk)


class Person(models.Model):
    """Someone in the organization, with or without a login."""

    employee_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.FRONTLINE)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="people")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    active = models.BooleanField(default=True)
    # Kept by save(), by rebuild_lines() after bulk writes, and on delete.
    line = ReportingLineField(max_length=LINE_MAX_LENGTH, db_index=True, default="", editable=False)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Save, keeping this person's line and (if their manager changed) their subtree's."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            if not {"manager", "manager_id"} & set(update_fields):
                return super().save(*args, **kwargs)
            kwargs["update_fields"] = {*update_fields, "line"}
        using = kwargs.get("using") or router.db_for_write(Person, instance=self)
        people = Person.objects.using(using)
        with transaction.atomic(using=using):
            parent = ""
            if self.manager_id is not None:
                parent = people.filter(pk=self.manager_id).values_list("line", flat=True).first()
                parent = parent or ""
            if self.pk is None:
                super().save(*args, **kwargs)
                self.line = _extend_line(parent, self.pk)
                people.filter(pk=self.pk).update(line=self.line)
                return None
            old = people.filter(pk=self.pk).values_list("line", flat=True).first() or ""
            self.line = self._line_under(parent)
            if old and old != self.line:
                self._check_subtree_fits(people, old)
            super().save(*args, **kwargs)
            if old and old != self.line:
                people.filter(line__startswith=old).exclude(pk=self.pk).update(
                    line=Concat(
                        models.Value(self.line),
                        Substr("line", len(old) + 1),
                        output_field=models.CharField(),
                    )
                )
        return None

    @property
    def is_leader(self) -> bool:
        return self.level in LEADER_LEVELS

    def is_below(self, other: Person) -> bool:
        """True when `other` is anywhere up this person's reporting line. No query."""
        return bool(other.line) and self.pk != other.pk and self.line.startswith(other.line)

    def manager_chain_ids(self, limit: int = 50) -> list[int]:
        """Ids of this person's managers, nearest first, read from the line (no query)."""
        ids = [int(part) for part in self.line.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part]
        return ids[-2::-1][:limit] if ids else []

    def _line_under(self, parent: str) -> str:
        if f"{PATH_SEPARATOR}{self.pk}{PATH_SEPARATOR}" in parent:
            raise ValidationError(
                {"manager": f"{self.manager} reports to {self.name}: that would make a cycle."}
            )
        line = _extend_line(parent, self.pk)
        if len(line) > LINE_MAX_LENGTH:
            raise ValidationError({"manager": "The reporting line would be too deep."})
        return line

    def _check_subtree_fits(self, people: PersonQuerySet, old: str) -> None:
        if len(self.line) <= len(old):
            return
        longest = people.filter(line__startswith=old).aggregate(n=models.Max(Length("line")))["n"]
        if longest and longest - len(old) + len(self.line) > LINE_MAX_LENGTH:
            raise ValidationError({"manager": "The reporting line would be too deep."})

    @classmethod
    def rebuild_lines(cls, queryset: models.QuerySet[Person] | None = None) -> int:
        """Recompute lines from manager ids after bulk writes; returns how many changed.

        Reads id, manager and line of everyone in one query (lines depend on managers
        outside any subset) and writes only the changed rows of `queryset` (everyone
        when None), a thousand per UPDATE: Django's bulk_update builds a CASE per row
        and is many times slower (bench/RESULTS.md).
        """
        using = queryset.db if queryset is not None else router.db_for_write(cls)
        manager_of: dict[int, int | None] = {}
        stored: dict[int, str] = {}
        rows = cls.objects.using(using).order_by().values_list("pk", "manager_id", "line")
        for pk, manager_id, line in rows.iterator(chunk_size=10_000):
            manager_of[pk] = manager_id
            stored[pk] = line
        wanted = None if queryset is None else set(queryset.values_list("pk", flat=True))
        changed = [
            (pk, line)
            for pk, line in reporting_lines(manager_of).items()
            if line != stored[pk] and (wanted is None or pk in wanted)
        ]
        connection = connections[using]
        table = connection.ops.quote_name(cls._meta.db_table)
        pk = connection.ops.quote_name(cls._meta.pk.column)
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for i in range(0, len(changed), LINE_BATCH_SIZE):
                batch = changed[i : i + LINE_BATCH_SIZE]
                # One UPDATE … FROM (VALUES …) per batch (every SQLite and PostgreSQL Django
                # supports; both name the VALUES columns column1, column2): on PostgreSQL
                # it beats one UPDATE per row through executemany by a third.
                values = ", ".join(["(%s, %s)"] * len(batch))
                cursor.execute(
                    f'UPDATE {table} SET "line" = v.column2 FROM (VALUES {values}) AS v '
                    f"WHERE {table}.{pk} = v.column1",
                    [value for pk_line in batch for value in pk_line],
                )
        return len(changed)


@receiver(post_delete, sender=Person)
def _rehang_reports(sender, instance: Person, using: str, **kwargs) -> None:
    """A deleted person's reports lost their manager (SET_NULL): their lines start anew."""
    if instance.line:
        Person.rebuild_lines(Person.objects.using(using).filter(line__startswith=instance.line))


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once."""

    PREFIX = "tdm_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)  # the day only (midnight)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this the token no longer works; empty: never."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, expires_at=None) -> tuple[ApiToken, str]:
        """Create a token (working until `expires_at`, or until revoked when None); returns
        it and the raw secret (never stored)."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=cls.hash(raw), hint=raw[:8], expires_at=expires_at
        )
        return token, raw

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash(raw), revoked_at__isnull=True, user__is_active=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()))
            .first()
        )
        if token is None:
            return None
        # The day only (local midnight), written once a day: an exact time of each
        # request would date, say, an anonymous response sent with the token.
        day = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        cls.objects.filter(pk=token.pk).exclude(last_used_at=day).update(last_used_at=day)
        return token.user
