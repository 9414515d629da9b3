"""Eighteen months of ideas, service actions and stories, unevenly spread the way real
programs are: a few teams very active from the launch, most joining as the cascade reaches
them, some never starting. Builds unsaved model instances; `build` saves them in bulk.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
    StorySource,
)
from tandem.demo import texts
from tandem.demo.actions_care import CARE_ACTIONS
from tandem.demo.actions_services import SERVICE_ACTIONS
from tandem.demo.bank import Deck, describe_team
from tandem.demo.fill import fill
from tandem.demo.ideas_clinical import CLINICAL_IDEAS
from tandem.demo.ideas_front import FRONT_IDEAS
from tandem.demo.ideas_support import SUPPORT_IDEAS
from tandem.demo.ideas_wards import WARD_IDEAS
from tandem.demo.names import patient_name
from tandem.demo.roster import Group, Roster, Staff, TeamPlan
from tandem.demo.stories_compliments import COMPLIMENTS
from tandem.demo.stories_efforts import RECOVERIES_AND_EFFORTS
from tandem.notifications.models import Notification

DAYS = 548  # eighteen months, ending on the last day
DAY = 1440  # minutes
TIER_WEIGHT = {"silent": 0.0, "low": 0.35, "moderate": 1.3, "active": 2.4, "star": 2.6}
TIER_IDLE = {"silent": 1.0, "low": 0.7, "moderate": 0.45, "active": 0.3, "star": 0.2}
RATE = {"idea": 1.3, "action": 1.5, "story": 0.85}  # per contributing person, whole period
IDEAS = WARD_IDEAS + CLINICAL_IDEAS + FRONT_IDEAS + SUPPORT_IDEAS
ACTIONS = CARE_ACTIONS + SERVICE_ACTIONS
STORIES = COMPLIMENTS + RECOVERIES_AND_EFFORTS
TITLE_REPEATS = 4
STORY_TRIES = 12  # entries drawn before a story may repeat another's opening words


@dataclass
class Clock:
    """Minutes since midnight at the start of the first day; nothing after `limit`."""

    start: datetime
    limit: int

    def at(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=minute)

    def fit(self, minute: int) -> int:
        while minute > self.limit:
            minute -= DAY
        return minute


@dataclass
class Records:
    """Unsaved records, with the people and building blocks each gets once saved."""

    ideas: list[Idea] = field(default_factory=list)
    transitions: list[IdeaTransition] = field(default_factory=list)
    comments: list[IdeaComment] = field(default_factory=list)
    actions: list[ServiceAction] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    people: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    blocks: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    notices: list[tuple[Notification, Idea]] = field(default_factory=list)


@dataclass(eq=False)
class TeamState:
    """One team's part in the program: how active, how quick to answer, when it started."""

    plan: TeamPlan
    tier: str
    pace: str  # how quickly its leaders answer ideas: fast, normal or slow
    launch: int  # day the program reached the team
    ideas: Deck
    actions: Deck
    stories: Deck
    noun: str
    here: str


class Activity:
    """Draws every record from one random stream, team by team, in a fixed order."""

    def __init__(
        self, roster: Roster, rng: random.Random, clock: Clock, unit_ids: dict[str, int]
    ) -> None:
        self.roster, self.rng, self.clock, self.unit_ids = roster, rng, clock, unit_ids
        self.out = Records()
        self.descriptions: set[str] = set()
        self.story_texts: set[str] = set()
        self.titles: Counter[str] = Counter()
        self.used: dict[tuple[str, str], set] = defaultdict(set)
        self.wards = [t.spec.name for t in roster.teams if t.spec.name.startswith("Ward ")]
        self.hero = roster.frontline
        # Read receipts depend on the date the demo ends; their own stream keeps them from
        # shifting the text.
        self.receipts = random.Random(rng.random())

    def run(self) -> Records:
        tiers = self._tiers()
        for team in self.roster.teams:
            state = self._state(team, tiers.pop() if not team.spec.tier else team.spec.tier)
            for group in team.groups:
                self._group(state, group)
            if team.groups and any(g.unit == self.hero.unit for g in team.groups):
                self._hero(state, next(g for g in team.groups if g.unit == self.hero.unit))
        return self.out

    # --- teams and people ---------------------------------------------------------

    def _tiers(self) -> list[str]:
        """How active each team without a fixed tier is: a fixed mix, shuffled."""
        n = sum(1 for t in self.roster.teams if not t.spec.tier)
        mix = {"silent": 0.08, "low": 0.26, "moderate": 0.46}
        tiers = [tier for tier, share in mix.items() for _ in range(round(n * share))]
        tiers += ["active"] * (n - len(tiers))
        return self.rng.sample(tiers, len(tiers))

    def _state(self, team: TeamPlan, tier: str) -> TeamState:
        rng = self.rng
        pace = (
            "fast" if tier == "star" else rng.choices(["fast", "normal", "slow"], [25, 55, 20])[0]
        )
        if tier == "star":
            launch = rng.randint(0, 20)
        elif tier == "low":
            launch = rng.randint(150, 460)
        else:
            launch = rng.randint(30, 380)
        kind, family = team.spec.kind, team.family
        return TeamState(
            team,
            tier,
            pace,
            launch,
            Deck(rng, IDEAS, kind, family),
            Deck(rng, ACTIONS, kind, family),
            Deck(rng, STORIES, kind, family),
            *describe_team(team),
        )

    def _group(self, st: TeamState, group: Group) -> None:
        rng, weight = self.rng, TIER_WEIGHT[st.tier]
        if weight == 0:
            return
        people = [group.supervisor, *group.members]
        weights = [0.0 if rng.random() < TIER_IDLE[st.tier] else rng.expovariate(1) for _ in people]
        weights[0] *= 0.6  # supervisors log less of their own
        if self.hero in people:
            weights[people.index(self.hero)] = 2.5
        span = (DAYS - st.launch) / DAYS * weight * rng.uniform(0.7, 1.3)
        for kind, make in (("idea", self._idea), ("action", self._action), ("story", self._story)):
            expected = RATE[kind] * sum(weights) * span
            for _ in range(int(expected + rng.random())):
                first = rng.choices(people, weights=weights)[0]
                make(st, group, self._crew(group, first), self._when(st, group))

    def _crew(self, group: Group, first: Staff) -> list[Staff]:
        """The people credited: mostly one, sometimes two or three from the same group."""
        n = self.rng.choices([1, 2, 3], weights=[82, 15, 3])[0]
        others = [p for p in [group.supervisor, *group.members] if p is not first]
        return [first, *self.rng.sample(others, min(n - 1, len(others)))]

    def _when(self, st: TeamState, group: Group) -> int:
        """A moment after the team's launch, more often late than early (activity grows)."""
        rng = self.rng
        day = st.launch + int((DAYS - 1 - st.launch) * rng.random() ** 0.6)
        if "Night" in group.unit:
            return self.clock.fit(day * DAY + 21 * 60 + rng.randint(0, 570))
        return self.clock.fit(day * DAY + 7 * 60 + 30 + rng.randint(0, 690))

    def _logger(self, people: list[Staff]) -> Staff:
        """Who typed it in: the person, or their supervisor on their behalf."""
        first = people[0]
        if first.login and self.rng.random() < 0.8:
            return first
        return first.manager or first

    def _leader(self, person: Staff, weights=(65, 30, 5), skip=()) -> Staff:
        """Someone up the person's reporting line, nearest most likely (never one of `skip`)."""
        chain = [boss for boss in person.chain() if boss not in skip][: len(weights)]
        return self.rng.choices(chain, weights=weights[: len(chain)])[0]

    def _context(self, st: TeamState, group: Group, people: list[Staff]) -> dict[str, str]:
        rng = self.rng
        first = people[0].first
        if len(people) > 1 and people[1].first != first:
            other = people[1].first
        else:
            # Never "Samuel and Samuel": a colleague with another first name, from the
            # group or else from the whole team.
            others = [p for p in [group.supervisor, *group.members] if p.first != first]
            others = others or [p for g in st.plan.groups for p in g.members if p.first != first]
            other = rng.choice(others).first
        return {
            "first": first,
            "other": other,
            "unit": st.noun,
            "here": st.here,
            "ward": rng.choice([w for w in self.wards if w != st.plan.spec.name]),
            "patient": patient_name(rng, woman=True),
            "mr": patient_name(rng, woman=False),
            "dept": st.plan.department,
        }

    def _common(self, st, people: list[Staff], minute: int, kind: str, obj, blocks) -> bool:
        """Fill what every record has and keep it, unless its moment is still to come."""
        obj.unit_id = self.unit_ids[people[0].unit]
        obj.private = self.rng.random() < 0.04
        obj.created_at = self.clock.at(minute)
        if minute > self.clock.limit:
            return False
        self.out.people[kind].append((obj, people))
        self.out.blocks[kind].append((obj, blocks))
        return True

    # --- ideas --------------------------------------------------------------------

    def _idea(self, st, group, people, minute, steps=None, comments=None) -> Idea:
        rng, ctx = self.rng, self._context(st, group, people)
        # The same idea comes up in a few teams, but not in every one, nor twice from one person.
        entry = self._pick(st.ideas, "idea", people[0], self._title_uses)
        fresh = self._fresh(entry.titles)
        template = rng.choice(fresh) if fresh else min(entry.titles, key=self.titles.__getitem__)
        self.titles[template] += 1
        title = fill(template, rng, ctx)[:200]
        idea = Idea(
            title=title,
            description=self._description(entry.description, ctx),
            helps=fill(entry.helps, rng, ctx)[:200],
            created_by_id=self._logger(people).pk,
        )
        if self._common(st, people, minute, "idea", idea, entry.blocks):
            self.out.ideas.append(idea)
        if steps is None:
            steps = self._schedule(minute, self._path(st.pace))
        # The whole path is written first and then cut at the present, so the text drawn
        # does not depend on the calendar: the same seed gives the same words on any day.
        status, last = IdeaStatus.PROPOSED, minute
        for to, at, by in steps:
            weights = (45, 45, 10) if to == "implemented" else (65, 30, 5)
            by = by or self._leader(people[0], weights, skip=people)
            note = fill(rng.choice(self._notes(status, to)), rng, ctx)
            if to == IdeaStatus.IMPLEMENTED:
                self._result(idea, entry, ctx, reached=at <= self.clock.limit)
            if at > self.clock.limit:
                continue
            self.out.transitions.append(
                IdeaTransition(
                    idea=idea,
                    from_status=status,
                    to_status=to,
                    by_id=by.pk,
                    at=self.clock.at(at),
                    note=note,
                )
            )
            verb = IdeaStatus(to).label.lower()
            self._notify(
                idea, people, by, at, f"{by.name} moved your idea “{{t}}” to {verb}: {note}"
            )
            status, last = to, at
        idea.status, idea.status_changed_at = status, self.clock.at(last)
        if comments is None:
            comments = self._comments(st, people, minute, steps)
        for who, at, text in comments:
            text = fill(text, rng, ctx)
            if at <= self.clock.limit:
                self.out.comments.append(
                    IdeaComment(
                        idea=idea, author_id=who.pk, text=text, created_at=self.clock.at(at)
                    )
                )
                self._notify(
                    idea, people, who, at, f"{who.name} commented on your idea “{{t}}”: {text}"
                )
        if any(to == IdeaStatus.TRYING for to, _, _ in steps) and rng.random() < 0.15:
            self._trial_action(st, group, people, idea, steps, ctx)
        return idea

    def _pick(self, deck: Deck, kind: str, person: Staff, used=lambda entry: 0):
        """The next entry from a team's deck that this person has not used, preferring the
        least `used` (for ideas: how often its titles have come up already)."""
        mine = self.used[kind, person.employee_id]
        best = None
        for _ in range(30):
            entry = deck.deal()
            if entry in mine:
                continue
            if used(entry) < TITLE_REPEATS:
                best = entry
                break
            if best is None or used(entry) < used(best):
                best = entry
        best = best or entry
        mine.add(best)
        return best

    def _fresh(self, titles) -> list[str]:
        return [t for t in titles if self.titles[t] < TITLE_REPEATS]

    def _title_uses(self, entry) -> int:
        return min(self.titles[t] for t in entry.titles)

    def _description(self, template: str, ctx: dict[str, str]) -> str:
        """The idea in the author's words, with their own lead-in or ending; never a copy."""
        rng = self.rng
        for _ in range(8):
            parts = [fill(template, rng, ctx)]
            if rng.random() < 0.45:
                parts.insert(0, fill(rng.choice(texts.OPENERS), rng, ctx))
            if rng.random() < 0.5:
                parts.append(fill(rng.choice(texts.CLOSERS), rng, ctx))
            text = " ".join(parts)
            if text not in self.descriptions:
                break
        self.descriptions.add(text)
        return text

    def _path(self, pace: str) -> list[tuple[str, int]]:
        """Where an idea goes and after how many days, before the calendar cuts it short."""
        rng = self.rng
        lo, hi = {"fast": (1, 7), "normal": (3, 21), "slow": (10, 60)}[pace]
        if pace == "slow" and rng.random() < 0.45:
            return []
        first, r = rng.randint(lo, hi), rng.random()
        paths = [
            (0.22, []),
            (0.60, [("trying", first), ("implemented", rng.randint(14, 60))]),
            (
                0.70,
                [("trying", first), (rng.choice(["implemented", "parked"]), rng.randint(60, 150))],
            ),
            (0.84, [("parked", first)]),
            (0.91, [("trying", first), ("parked", rng.randint(14, 45))]),
            (0.95, [("parked", first), ("proposed", rng.randint(30, 120))]),
        ]
        for bound, path in paths:
            if r < bound:
                return path
        return [
            ("parked", first),
            ("proposed", rng.randint(30, 120)),
            ("trying", rng.randint(2, 10)),
            ("implemented", rng.randint(20, 50)),
        ]

    def _schedule(self, start: int, path: list[tuple[str, int]]) -> list[tuple[str, int, None]]:
        """Days after the previous step, at a time in the working day."""
        steps, prev = [], start
        for to, days in path:
            at = (prev // DAY + days) * DAY + 8 * 60 + self.rng.randint(0, 600)
            prev = max(at, prev + 30)
            steps.append((to, prev, None))
        return steps

    def _notes(self, from_status: str, to: str) -> list[str]:
        if to == IdeaStatus.TRYING:
            return texts.TO_TRYING
        if to == IdeaStatus.IMPLEMENTED:
            return texts.TO_IMPLEMENTED
        if to == IdeaStatus.PROPOSED:
            return texts.REVIVE
        return texts.PARK_TRIAL if from_status == IdeaStatus.TRYING else texts.PARK_PROPOSED

    def _result(self, idea: Idea, entry, ctx: dict[str, str], reached: bool) -> None:
        """What an implemented idea achieved (drawn even when the date is still to come)."""
        rng = self.rng
        opener = fill(rng.choice(texts.RESULT_OPENERS), rng, ctx)
        result = " ".join(part for part in (opener, fill(entry.result, rng, ctx)) if part)
        minutes = int(round(entry.minutes * rng.uniform(0.6, 1.4), -1))
        money = Decimal(int(round(entry.money * rng.uniform(0.6, 1.4), -2)))
        measured, costed, felt = rng.random() < 0.75, rng.random() < 0.7, rng.random() < 0.85
        if not reached:
            return
        idea.result = result
        if entry.minutes and measured:
            idea.minutes_saved_per_week = max(10, minutes)
        if entry.money and costed:
            idea.money_saved_per_year = money
        if entry.effect and felt:
            idea.customer_effect = entry.effect

    def _comments(self, st: TeamState, people: list[Staff], start: int, steps):
        """Leaders' comments (and the author's replies) fitting where the idea stood."""
        rng = self.rng
        if rng.random() > {"fast": 0.55, "normal": 0.35, "slow": 0.12}[st.pace]:
            return []
        last = steps[-1][1] if steps else start
        found, said = [], set()
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            day = rng.randint(start // DAY, (last + 20 * DAY) // DAY)
            at = max(start + 60, day * DAY + 8 * 60 + rng.randint(0, 600))
            phase = next((to for to, when, _ in reversed(steps) if when <= at), "proposed")
            author = people[0]
            if found and rng.random() < 0.35:
                pool = texts.AUTHOR_REPLIES[phase]
            elif phase == "implemented" and rng.random() < 0.3 and len(author.chain()) > 2:
                author, pool = author.chain()[2], texts.SENIOR_COMMENTS
            else:
                author, pool = self._leader(author, (55, 45), people), texts.LEADER_COMMENTS[phase]
            text = rng.choice(pool)
            if text not in said:
                said.add(text)
                found.append((author, at, text))
        return sorted(found, key=lambda c: c[1])

    def _notify(self, idea: Idea, people: list[Staff], by: Staff, at: int, text: str) -> None:
        """What `notify` would have sent, for the last three months; older ones are read."""
        if at < self.clock.limit - 90 * DAY:
            return
        rng = self.receipts
        for person in people:
            if person is by or not person.login:
                continue
            recent = at > self.clock.limit - 7 * DAY
            unread = recent and (person is self.hero or rng.random() < 0.6)
            read_at = (
                None if unread else self.clock.at(min(self.clock.limit, at + rng.randint(30, 2880)))
            )
            notice = Notification(
                recipient_id=person.pk,
                text=text.replace("{t}", idea.title)[:500],
                created_at=self.clock.at(at),
                read_at=read_at,
            )
            self.out.notices.append((notice, idea))

    # --- actions and stories ------------------------------------------------------

    def _action(self, st, group, people, minute) -> None:
        rng, entry = self.rng, self._pick(st.actions, "action", people[0])
        ctx = self._context(st, group, people)
        action = ServiceAction(
            what=fill(entry.what, rng, ctx),
            for_whom=fill(entry.for_whom, rng, ctx)[:200],
            date=self.clock.at(minute).date(),
            created_by_id=self._logger(people).pk,
        )
        if self._common(st, people, minute, "action", action, entry.blocks):
            self.out.actions.append(action)

    def _trial_action(self, st, group, people, idea, steps, ctx) -> None:
        """A service action logged during the idea's trial, linked to the idea."""
        trying = [at for to, at, _ in steps if to == IdeaStatus.TRYING]
        after = [at for _, at, _ in steps if at > trying[0]]
        end = after[0] if after else trying[0] + 14 * DAY
        minute = self.rng.randint(trying[0] + 60, max(trying[0] + 61, end))
        action = ServiceAction(
            what=fill(self.rng.choice(texts.TRIAL_ACTIONS), self.rng, {**ctx, "title": idea.title}),
            for_whom=idea.helps,
            date=self.clock.at(minute).date(),
            created_by_id=self._logger(people).pk,
            idea=idea,
        )
        if self._common(st, people, minute, "action", action, ("improvement",)):
            self.out.actions.append(action)

    def _story(self, st, group, crew, minute) -> None:
        rng = self.rng
        # A story credits the people it names: one, or two when it names a colleague (one
        # with another first name). No two stories of the demo open with the same words:
        # an entry whose text came out before is put back for another.
        mates = [p for p in [group.supervisor, *group.members] if p.first != crew[0].first]
        for _ in range(STORY_TRIES):
            entry = self._pick(st.stories, "story", crew[0])
            people = crew[:1]
            if "{other}" in entry.what + entry.words and mates:
                named = len(crew) > 1 and crew[1].first != crew[0].first
                people = [crew[0], crew[1] if named else rng.choice(mates)]
            ctx = self._context(st, group, people)
            what = fill(entry.what, rng, ctx)
            if what not in self.story_texts:
                break
        self.story_texts.add(what)
        words = fill(entry.words, rng, ctx) if entry.words else ""
        if entry.kind != StoryKind.CUSTOMER_COMPLIMENT and rng.random() < 0.25:
            words = ""
        source = self._source(entry.kind)
        logger = (
            self._leader(people[0], (60, 30, 10), people)
            if source == "manager"
            else self._logger(people)
        )
        story = Story(
            kind=entry.kind,
            what_happened=what,
            customer_words=words,
            date=self.clock.at(minute).date(),
            source=source,
            service_level=rng.choice(entry.levels) if entry.levels and rng.random() < 0.85 else "",
            created_by_id=logger.pk,
        )
        if self._common(st, people, minute, "story", story, entry.blocks):
            self.out.stories.append(story)

    def _source(self, kind: str) -> str:
        options = {
            StoryKind.CUSTOMER_COMPLIMENT: ([StorySource.CUSTOMER, StorySource.STAFF], [70, 30]),
            StoryKind.SERVICE_RECOVERY: ([StorySource.STAFF, StorySource.MANAGER], [60, 40]),
            StoryKind.FRONTLINE_EFFORT: ([StorySource.MANAGER, StorySource.STAFF], [65, 35]),
        }[kind]
        return self.rng.choices(*options)[0]

    # --- the printed frontline login ------------------------------------------------

    def _hero(self, st: TeamState, group: Group) -> None:
        """Ideas in every state for the printed frontline person, with unread news."""
        hero, end = self.hero, self.clock.limit
        boss, boss2 = hero.chain()[0], hero.chain()[1]

        def ago(days: float) -> int:
            return end - int(days * DAY)

        self._idea(
            st,
            group,
            [hero],
            ago(2),
            steps=[],
            comments=[(boss2, ago(0.2), texts.LEADER_COMMENTS["proposed"][10])],
        )
        self._idea(
            st,
            group,
            [hero],
            ago(9),
            steps=[],
            comments=[(boss, ago(1), texts.LEADER_COMMENTS["proposed"][0])],
        )
        self._idea(st, group, [hero], ago(26), steps=[("trying", ago(3), boss)], comments=[])
        self._idea(
            st,
            group,
            [hero],
            ago(140),
            steps=[("trying", ago(131), boss), ("implemented", ago(75), boss2)],
            comments=[(boss2, ago(70), texts.LEADER_COMMENTS["implemented"][1])],
        )
        self._idea(st, group, [hero], ago(200), steps=[("parked", ago(190), boss)], comments=[])
