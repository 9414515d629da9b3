"""The organization: units in a tree, people with a level, a unit and a manager."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from treebeard.mp_tree import MP_Node

PATH_SEPARATOR = "/"


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

    def subtree(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(path__startswith=self.path)

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


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(active=True)

    def in_subtree(self, unit: OrgUnit) -> PersonQuerySet:
        return self.filter(unit__path__startswith=unit.path)


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

    @property
    def is_leader(self) -> bool:
        return self.level in LEADER_LEVELS

    def manager_chain_ids(self, limit: int = 50) -> list[int]:
        """Ids of this person's managers, nearest first (cycle-safe)."""
        chain: list[int] = []
        manager_id = self.manager_id
        while manager_id and manager_id not in chain and len(chain) < limit:
            chain.append(manager_id)
            manager_id = (
                Person.objects.filter(pk=manager_id).values_list("manager_id", flat=True).first()
            )
        return chain

    def report_ids(self) -> set[int]:
        """Ids of everyone below this person in the reporting line (one query per level)."""
        found: set[int] = set()
        frontier = {self.pk}
        while frontier:
            below = set(Person.objects.filter(manager_id__in=frontier).values_list("pk", flat=True))
            frontier = below - found - {self.pk}
            found |= frontier
        return found


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once."""

    PREFIX = "tdm_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token; returns it and the raw secret (never stored)."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(raw), hint=raw[:8])
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
