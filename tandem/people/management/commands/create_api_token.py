"""`manage.py create_api_token EMAIL [--name NAME] [--days N]`: a personal API token for automation.

The raw token is printed alone on the last line, so a script can take it with
`| tail -n 1`. A person without a login gets one (with no usable password: they
can still be invited or use single sign-on later).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tandem.lib.errors import error_text
from tandem.people.models import Person
from tandem.people.services import ensure_login, issue_token


class Command(BaseCommand):
    help = "Create a personal API token for the active person with this email."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email (case does not matter).")
        parser.add_argument("--name", default="Command line", help="What the token is for.")
        parser.add_argument(
            "--days", type=int, default=None, help="Days the token works (default: until revoked)."
        )

    def handle(self, *args, email: str, name: str, days: int | None = None, **options) -> None:
        email = email.strip()
        name = name.strip()
        if not email:
            raise CommandError("Give the person's email address.")
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters.")
        if days is not None and days < 1:
            raise CommandError("--days must be a whole number of days, 1 or more.")
        with transaction.atomic():
            person = self._person(email)
            try:
                user, linked = ensure_login(person)
            except ValidationError as error:
                raise CommandError(f"{error_text(error)} No token was created.") from None
            if linked:
                self.stdout.write(
                    f"Created a login for {person.name} <{user.email}> (no password set)."
                )
            token, raw = issue_token(user, name, actor="create_api_token command", days=days)
        self.stdout.write(
            f"Created token “{token.name}” for {person.name} <{user.email}>. "
            "It is shown only now; the next line is the token."
        )
        self.stdout.write(raw)

    def _person(self, email: str) -> Person:
        people = list(Person.objects.filter(email__iexact=email).select_related("user"))
        if not people:
            raise CommandError(f"No person has the email {email}.")
        active = [p for p in people if p.active]
        if not active:
            raise CommandError(f"{people[0].name} <{email}> is not active; no token was created.")
        if len(active) > 1:
            ids = ", ".join(p.employee_id for p in active)
            raise CommandError(
                f"{len(active)} active people share the email {email} (employee ids {ids}); "
                "give each person their own email first."
            )
        return active[0]
