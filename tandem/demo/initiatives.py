"""Demo initiatives ("you said, we did", PRODUCT.md M7): a handful per division, written
by its leaders, with the responses of the people they affect and the owners' answers.

Per division one draft and two or three published over the last weeks; three are
closed, two are in their second round, one affects a team smaller than the minimum group
(its page says "named only"). The printed frontline login answered one (named, and got
an answer) and can still respond to the one for their night shift, which their printed
manager finds in their latest digest.

Rows are written in bulk as the voice services leave them (initiatives.py), dated in the
past: responses once per person and round (the `Responded` key), anonymous ones with no
author, the day only (in a small group the week's Monday: batches.py), the team from
`group_unit` (never one smaller than the minimum group) and the hash of a reply code
nobody was shown, readable by the owner in the next batch; the notifications of the
distribution, of named responses, of the morning batches and of answers. No audit
entries, like the rest of the demo's program data. Who responds is drawn from one random
stream per seed and every date from another, so the same seed gives the same initiatives
and responses, whatever day the demo ends.

The demo's meetings are never distributed (`programs.py` sets no `distributed_at`), so
none of them becomes an initiative through the `meeting_distributed` signal.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from tandem.demo import org
from tandem.digests.services import covered_week
from tandem.notifications.models import Notification
from tandem.people.models import Level, OrgUnit, Person
from tandem.voice.batches import Batch, batch, by_week
from tandem.voice.initiatives import affected_people, group_unit, initiative_url, responded_key
from tandem.voice.models import (
    Answer,
    AnswerKind,
    Initiative,
    Responded,
    Response,
    ResponseKind,
    Status,
    VoiceSettings,
)
from tandem.voice.services import hash_code

SUP, CON, SUG = ResponseKind.SUPPORT, ResponseKind.CONCERN, ResponseKind.SUGGESTION
CHANGED, NOT_CHANGED, QUESTION = AnswerKind.CHANGED, AnswerKind.NOT_CHANGED, AnswerKind.QUESTION
LAST_WEEK = -1  # published: the Wednesday of the week the latest digests cover
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class R(NamedTuple):
    """A response: kind, text, the index of its answer (None: still waiting), anonymous,
    its round, who wrote it ("frontline": the printed login) and, after a question back,
    the text the author changed it to."""

    kind: str
    text: str
    answer: int | None = None
    anonymous: bool = False
    round: int = 1
    by: str = ""
    changed: str = ""


class Spec(NamedTuple):
    owner: tuple[str, str]  # (unit below the root, level) of the leader who writes it
    units: tuple[str, ...]
    title: str
    what: str
    why: str
    status: str  # draft, published or closed
    published: int = 0  # days before the last day (LAST_WEEK: see above)
    starts: int = 0  # days from the last day
    closes: int | None = None  # days from the last day
    second_round: int | None = None  # days before the last day the second round opened
    levels: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    responses: tuple[R, ...] = ()


# Compact on purpose: one initiative reads as a block. fmt: off keeps ruff from giving
# every string its own line.
# fmt: off
SPECS = [
    # --- Nursing ------------------------------------------------------------------------
    Spec(
        ("Nursing/Medicine", Level.SENIOR_LEADER), ("Nursing/Medicine",),
        "Protected mealtimes on the medicine wards: 12:00 to 13:00",
        "No routine ward rounds, blood tests or non-urgent scans between 12:00 and 13:00 on "
        "the five medicine wards. Staff help the patients who need it to eat; the sign on the "
        "ward door says so, and relatives are welcome to come in and help.",
        "Patients who need help to eat tell us their lunch goes cold while they are away for a "
        "test or the round reaches their bed. Two complaints this quarter were about it, and "
        "the dietitians see long-stay patients losing weight.",
        Status.PUBLISHED, published=24, starts=-10, closes=4,
        answers=(
            (CHANGED, "The protected mealtime sign is on every ward door, and the admission "
             "leaflet now tells families they are welcome to help at lunch."),
            (NOT_CHANGED, "the afternoon discharges depend on those bloods: phlebotomy keeps "
             "its 12:15 round, for patients going home that day only."),
            (CHANGED, "Red trays start on Ward 4B and Ward 5A next week; the hostesses get the "
             "list from the night handover."),
            (QUESTION, "Which observations do you mean: the four-hourly set at 12:00, or the "
             "ones after a fall? The four-hourly set could move to 11:30."),
        ),
        responses=(
            R(SUP, "Yes please. On Ward 5A lunch arrives just as the consultants start; half "
              "the trays go back untouched.", 0),
            R(CON, "Phlebotomy comes round at 12:15 most days. If they can't, the results for "
              "the afternoon discharges will be late.", 1),
            R(SUG, "Could the hostesses put a red tray down for anyone who needs help? Nights "
              "could flag them on the handover sheet.", 2, by="frontline"),
            R(CON, "Fine in principle, but we are two HCAs on the bay at lunch. Who does the "
              "obs that are due at 12?", 3,
              changed="The four-hourly set at 12:00. Moving it to 11:30 works on our bay if "
              "the drug round finishes by then."),
            R(SUP, "Families will like it. Tell them at admission so they can plan to come in.",
              0, anonymous=True),
            R(CON, "Relatives at lunch are lovely, but some bays are too small for them and "
              "the trolley together.", anonymous=True),
            R(SUG, "Start it on one ward first? Cardiology has the fewest tests at that time."),
        ),
    ),
    Spec(
        ("Nursing/Medicine/Ward 4B", Level.MANAGER), ("Nursing/Medicine/Ward 4B/Night Team",),
        "Ward 4B nights: the drug round at 22:00 comes first, lights down by 23:00",
        "The night drug round starts at 22:00, before the comfort round, and the main lights "
        "in the bays go down at 23:00. Observations due between 23:00 and 06:00 are done by "
        "torchlight unless the patient is unwell.",
        "Patients on Ward 4B score our nights lowest for sleep: in last month's survey eleven "
        "of twenty said they were woken after midnight for something that could have been "
        "done earlier.",
        Status.PUBLISHED, published=LAST_WEEK, starts=8, closes=10,
        answers=(
            (CHANGED, "Twelve clip-on torches are ordered; they arrive on Thursday."),
            (QUESTION, "Good idea. Do you mean the earplugs pharmacy stocks, or shall we order "
             "the sleep packs the AMU uses?"),
        ),
        responses=(
            R(SUP, "Yes to torchlight obs. Could we get the small clip-on torches the AMU "
              "uses?", 0),
            R(SUG, "Put earplugs and eye masks on the drug trolley so they are offered at "
              "22:00.", 1),
            R(CON, "The 22:00 round slips to 23:30 whenever there are admissions. Who takes "
              "the admissions at 22:00?", anonymous=True),
            R(SUP, "Patients ask us every night to turn the lights off earlier. Good.",
              anonymous=True),
        ),
    ),
    Spec(
        ("Nursing/Emergency", Level.SENIOR_LEADER), ("Nursing/Emergency/Emergency Department",),
        "Bedside handover with the patient in Majors and Minors",
        "Shift handover happens at the bedside, with the patient and their family included, "
        "using the SBAR sheet. The handover room is kept for confidential items only.",
        "Patients told us they heard different plans from different nurses, and three "
        "incidents this year began with something missed at handover.",
        Status.CLOSED, published=40, starts=-20, closes=-12,
        answers=(
            (CHANGED, "In Minors the handover happens at the triage desk with the patient "
             "called over; there is a Minors version of the SBAR sheet."),
            (NOT_CHANGED, "the two-week trial in Majors took four minutes longer a shift in "
             "all, and missed items fell from six to one. We keep it and look at the time "
             "again in three months."),
            (CHANGED, "The short script for what not to say in front of patients is on the "
             "back of the SBAR sheet, and two of you are now handover champions on each "
             "shift."),
        ),
        responses=(
            R(CON, "In Minors patients sit in the waiting area, not in a bed. Where is the "
              "bedside?", 0),
            R(CON, "With thirty patients in Majors handover will take twice as long.", 1,
              anonymous=True),
            R(SUP, "We did this at my last hospital and patients loved it. Happy to show "
              "people how.", 2),
            R(SUG, "A short script for what not to say in front of patients would help new "
              "starters.", 2),
            R(CON, "Night staff already leave late. Longer handovers mean later still.", 1,
              anonymous=True),
        ),
    ),
    Spec(
        ("Nursing", Level.EXECUTIVE), ("Nursing",),
        "A named nurse on the whiteboard above every bed",
        "Every shift, the nurse caring for the patient writes their first name on the board "
        "above the bed, with the time of the next drug round.",
        "Families ask at the nurses' station who is looking after their relative; patients "
        "cannot remember names at night.",
        Status.DRAFT, starts=30,
    ),
    # --- Clinical Services --------------------------------------------------------------
    Spec(
        ("Clinical Services/Radiology", Level.SENIOR_LEADER),
        ("Clinical Services/Radiology/X-Ray",),
        "Walk-in X-ray for GP referrals until 19:00 on weekdays",
        "The walk-in service for GP-referred chest and limb X-rays stays open until 19:00 "
        "instead of 17:00, Monday to Friday, with one radiographer and one assistant on a late "
        "shift.",
        "Working patients tell reception they take half a day off for a five-minute X-ray; "
        "the evening slots of the pilot week were full by Wednesday.",
        Status.PUBLISHED, published=17, starts=14, closes=5,
        answers=(
            (CHANGED, "The late shift is voluntary for the first three months; six of you "
             "have offered one late a fortnight."),
            (QUESTION, "Would a booking screen at the X-ray desk work for you, or do you need "
             "a receptionist until 19:00?"),
            (CHANGED, "Housekeeping moves the X-ray clean to 19:15 on weekdays."),
            (NOT_CHANGED, "under the current agreement the late enhancement needs an 11:00 "
             "start; People Services are looking at it for the next rota."),
        ),
        responses=(
            R(CON, "Late shifts every week for nine of us is a lot. Will it be voluntary at "
              "first?", 0),
            R(SUP, "Good for patients. Does reception stay until 19:00 too, or do we book "
              "them in ourselves?", 1),
            R(CON, "The department is cleaned at 17:30. Who cleans after the late list?", 2,
              anonymous=True),
            R(SUG, "Start the late shift at 10:00 rather than 11:00 so it overlaps the lunch "
              "cover.", 3),
            R(SUG, "Put the new opening hours on the GP referral letter; patients don't know "
              "about the walk-in.", anonymous=True),
        ),
    ),
    Spec(
        ("Clinical Services/Pharmacy", Level.SENIOR_LEADER), ("Clinical Services/Pharmacy",),
        "Ward pharmacy starts at 08:00 so discharge medicines are ready by 11:00",
        "The ward pharmacy team starts in two waves, at 08:00 and 09:00, and checks discharge "
        "prescriptions on the wards as they are written; the dispensary makes up those "
        "written before 10:00 first.\n\nSecond round, after your responses: two waves instead "
        "of everyone at 08:00.",
        "Patients wait on average 3 hours 40 minutes for their medicines to go home; beds are "
        "held and families wait in the car park.",
        Status.PUBLISHED, published=30, second_round=8, starts=-2, closes=6,
        answers=(
            (CHANGED, "Two waves now, at 08:00 and 09:00. Tell your manager which one you "
             "need; the second round asks everyone again."),
            (CHANGED, "The 08:00 wave goes straight to the ward rounds on the medicine wards."),
            (NOT_CHANGED, "writing discharge prescriptions the day before is for the medical "
             "director to agree. It is on the agenda of next month's clinical services "
             "meeting; until then we start earlier."),
            (CHANGED, "The rota for the two waves is out; the first week starts on Monday."),
        ),
        responses=(
            R(CON, "08:00 means leaving home at 07:00, and no nursery opens that early.", 0),
            R(CON, "Childcare again: an 08:00 start for all of us won't work.", 0,
              anonymous=True),
            R(SUP, "Yes. Most discharge scripts arrive after the 09:00 ward round, so being on "
              "the wards early lets us check them as they are written.", 1),
            R(SUG, "Ask the doctors to write discharge prescriptions the day before.", 2),
            R(SUP, "Two waves work for me. Thank you for listening.", 3, round=2),
            R(CON, "The 09:00 wave still misses the early discharge list on the surgical "
              "wards.", anonymous=True, round=2),
            R(SUG, "Could the dispensary send a runner at 10:30 for the discharge bags?",
              round=2),
        ),
    ),
    Spec(
        ("Clinical Services/Laboratory", Level.SENIOR_LEADER),
        ("Clinical Services/Laboratory/Phlebotomy",),
        "Afternoon blood tests by appointment; mornings stay walk-in",
        "From 13:00, outpatient blood tests are by appointment, booked at reception or by "
        "phone. Mornings stay walk-in.",
        "The waiting room is full from 08:00 to 10:00 and empty after 14:00; patients waited "
        "up to 90 minutes last month.",
        Status.DRAFT, starts=45,
    ),
    # --- Patient Services ---------------------------------------------------------------
    Spec(
        ("Patient Services/Patient Access", Level.SENIOR_LEADER),
        ("Patient Services/Patient Access/Main Reception",
         "Patient Services/Patient Access/Switchboard"),
        "Main Reception opens at 07:00, half an hour earlier",
        "The main reception desk opens at 07:00 instead of 07:30 on weekdays. Until then the "
        "switchboard answers the desk phone, so nobody rings an empty desk.",
        "Patients for the 07:30 day-surgery list and the early blood tests wait outside a "
        "closed desk; porters and security answer their questions instead.",
        Status.PUBLISHED, published=12, starts=21, closes=9,
        answers=(
            (CHANGED, "On day-surgery days (Tuesday and Thursday) there will be two of you "
             "from 07:00."),
            (CHANGED, "The volunteers' help desk opens at 07:00 too, from next month."),
            (NOT_CHANGED, "the security lodge is empty while the officers are on patrol at "
             "that time, so the switchboard keeps the desk phone."),
        ),
        responses=(
            R(CON, "07:00 on my own at the desk is a lot when the day-surgery patients all "
              "arrive at once.", 0),
            R(SUP, "Good. The early patients are the most anxious, and there is nobody to "
              "ask.", 1, anonymous=True),
            R(SUG, "Could the switchboard transfer the desk line to the security lodge until "
              "07:00?", 2),
            R(CON, "The first bus from town doesn't reach the hospital before 07:10.",
              anonymous=True),
            R(SUG, "A sign at the door saying when the desk opens and where day surgery is "
              "would help."),
        ),
    ),
    Spec(
        ("Patient Services/Food Services", Level.SENIOR_LEADER),
        ("Patient Services/Food Services",),
        "A hot meal for patients admitted after the evening meal",
        "Patients who arrive on a ward after 18:30 can order a hot meal from a short menu "
        "until 22:00: the Main Kitchen keeps a cook on until 22:00, and the ward hostesses "
        "take the orders.",
        "Patients admitted in the evening got a sandwich, or nothing, until breakfast; several "
        "told the patient advice team it was the worst part of their stay.",
        Status.CLOSED, published=45, starts=-30, closes=-15,
        answers=(
            (CHANGED, "A kitchen porter works until 22:00 too: nobody is alone in the "
             "kitchen."),
            (CHANGED, "The evening menu is four dishes that reheat well, chosen with the "
             "dietitians, and the ward hostesses carry it."),
            (NOT_CHANGED, "this change is for patients; food for staff in the evening is being "
             "looked at separately with the café."),
            (QUESTION, "Do the bedside screens on your wards work? Estates tell us half of "
             "them are broken."),
        ),
        responses=(
            R(CON, "One cook until 22:00, alone in the kitchen? What about the lone working "
              "policy?", 0),
            R(SUP, "Long overdue. The night porters bring us the requests anyway.", 1),
            R(SUG, "Keep three or four dishes that reheat well rather than cook to order.", 1,
              anonymous=True),
            R(CON, "The café closes at 19:00, so the staff can't get hot food either.", 2),
            R(SUG, "Put the evening menu on the bedside screens.", 3),
        ),
    ),
    Spec(  # fewer people affected than the minimum group: named responses only
        ("Patient Services/Patient Experience", Level.SENIOR_LEADER),
        ("Patient Services/Patient Experience/Volunteers Office",),
        "New volunteers are met at the main entrance on their first shift",
        "Every new volunteer is met at the main entrance by a volunteer coordinator on their "
        "first shift, walked to their ward and introduced to the nurse in charge.",
        "Two of the last five new volunteers did not come back after a first shift where "
        "nobody expected them.",
        Status.PUBLISHED, published=6, starts=14, closes=14, levels=(Level.FRONTLINE,),
        answers=(
            (QUESTION, "Would a call on Friday to Saturday's starters, and meeting them at the "
             "ward instead, work for you?"),
        ),
        responses=(
            R(SUP, "Happy to do it. Saturday starts are the hard ones: only one of us is in.",
              0),
        ),
    ),
    Spec(
        ("Patient Services/Patient Experience", Level.SENIOR_LEADER),
        ("Patient Services/Patient Experience",),
        "Volunteers walk visitors from the main entrance to the ward",
        "A volunteer at the main entrance walks any visitor who asks for a ward there, "
        "instead of pointing the way, from 10:00 to 16:00 every day.",
        "Visitors tell us the signs are confusing and the corridors long; walking them takes "
        "two minutes and they remember it.",
        Status.DRAFT, starts=21,
    ),
    # --- Operations ---------------------------------------------------------------------
    Spec(
        ("Operations/Portering", Level.SENIOR_LEADER), ("Operations/Portering",),
        "Porter requests on one number, answered around the clock",
        "Wards ring 4400 for every porter job, day and night. The portering desk answers, puts "
        "the job on the screen and gives a time.\n\nSecond round, after your responses: the "
        "desk is staffed from 07:00 to 22:00; at night 4400 rings the night supervisor's "
        "handset, and every porter carries a handset with the job list.",
        "Wards ring three different numbers and chase the same job two or three times; "
        "patients wait on trolleys for transfers, over an hour on Sunday afternoons.",
        Status.PUBLISHED, published=33, second_round=6, starts=-20, closes=8,
        answers=(
            (CHANGED, "At night 4400 rings the night supervisor's handset. The second round "
             "asks you about it."),
            (CHANGED, "Twelve handsets with the job list are ordered; they arrive before the "
             "new number goes live, and the screen flags a job rung in twice."),
            (NOT_CHANGED, "jobs go by clinical urgency first. Discharges come right after, and "
             "the screen now shows them in their own colour."),
            (QUESTION, "Five rings, or a time? The desk suggests 30 seconds before it goes to "
             "the second porter."),
        ),
        responses=(
            R(CON, "Nobody is on the desk at night. Who answers 4400 at three in the "
              "morning?", 0),
            R(CON, "The screen is in the office; out on a job we can't see it.", 1,
              anonymous=True),
            R(SUP, "One number, yes. Half our delays are jobs rung in twice.", 1),
            R(SUG, "Discharges before 11:00 should come first: they hold the beds.", 2),
            R(CON, "The night supervisor is often on a job himself; the handset will go "
              "unanswered.", anonymous=True, round=2),
            R(SUG, "Make the night number go to the second porter after five rings.", 3,
              round=2),
            R(SUP, "Handsets are great. The radios never worked in the basement.", round=2),
        ),
    ),
    Spec(
        ("Operations/Environmental Services", Level.SENIOR_LEADER),
        ("Operations/Environmental Services/Housekeeping Day Team",),
        "Ward cleaning starts after the morning drug round",
        "On the medical and surgical wards the daily clean moves from 08:00 to 09:30, after "
        "the morning drug round and the ward round. Bathrooms stay at 07:30.",
        "Nurses and patients tell us the mopping collides with the drug trolley and the ward "
        "round, and floors are wet when patients first get up.",
        Status.PUBLISHED, published=20, starts=7, closes=3,
        answers=(
            (NOT_CHANGED, "the pilot on Ward 3A finished by 11:40, before the lunch service; "
             "the two biggest wards get a second housekeeper."),
            (CHANGED, "Side rooms come first in the new order, and every ward sister has the "
             "new times."),
            (QUESTION, "Would breaks at 11:00 work, or would you rather split them?"),
        ),
        responses=(
            R(CON, "If we start at 09:30 we can't finish the wards before lunch at 12:00.", 0),
            R(SUP, "The nurses keep asking us to move anyway, so yes.", 1, anonymous=True),
            R(SUG, "Do the side rooms first; they are empty during the ward round.", 1),
            R(CON, "Our 10:00 break will fall in the middle of a ward now.", 2,
              anonymous=True),
            R(SUG, "Put the new times on the ward whiteboard so the nurses know when we are "
              "coming."),
        ),
    ),
    Spec(
        ("Operations/Facilities/Security", Level.MANAGER),
        ("Operations/Facilities/Security", "Operations/Facilities/Car Parking"),
        "Lost property logged at the security desk and kept for 30 days",
        "Everything handed in goes to the security desk, is logged with where it was found, "
        "and is kept for 30 days; wards ring the desk instead of keeping a drawer.",
        "Families search three places for a lost phone or glasses, and items on the wards are "
        "thrown away when the drawer is full.",
        Status.DRAFT, starts=14,
    ),
    # --- Finance & Admin ----------------------------------------------------------------
    Spec(
        ("Finance & Admin/Billing", Level.SENIOR_LEADER), ("Finance & Admin/Billing",),
        "One bill per stay, sent after the last treatment",
        "Private and overseas patients get one itemised bill for their whole stay, sent "
        "within five working days of discharge, instead of a bill from each department.",
        "Patients get up to six bills for one stay and ring us to ask which to pay; a third "
        "of our calls are about it.",
        Status.PUBLISHED, published=15, starts=30, closes=12,
        answers=(
            (CHANGED, "The first combined bills go out next month, with a letter saying "
             "clearly that they replace the others."),
            (NOT_CHANGED, "theatre charges will be in the system within two days: their coding "
             "moves to the day of surgery next month."),
            (QUESTION, "Which insurers? List them and we'll ask them before we start."),
        ),
        responses=(
            R(SUP, "Yes! Half my calls are 'I've already paid this'.", 0),
            R(CON, "Five working days is not enough when the theatre charges come in late.",
              1, anonymous=True),
            R(CON, "Some insurers still want an invoice per department.", 2),
            R(SUG, "Put a phone number for questions about the bill on the bill itself."),
            R(SUP, "Good for patients. Test it on a few bills first, though.", anonymous=True),
        ),
    ),
    Spec(
        ("Finance & Admin/IT Services", Level.SENIOR_LEADER), ("Finance & Admin/IT Services",),
        "An IT walk-up desk in the main corridor, 08:00 to 10:00 on weekdays",
        "The Service Desk staffs a walk-up desk by the restaurant for two hours each morning: "
        "password resets, smartcards and printers.",
        "Ward staff can't wait on hold for 20 minutes during a shift; they can stop at a desk "
        "on their way in.",
        Status.CLOSED, published=50, starts=-35, closes=-20,
        answers=(
            (NOT_CHANGED, "the desk takes about 40 calls a week off the phones, and Desktop "
             "Support covers the phones from 08:00 to 10:00."),
            (CHANGED, "Smartcard unlocks are done at the desk too now, and a printed guide to "
             "the common fixes is on the counter."),
            (CHANGED, "On Mondays and Thursdays the desk now opens at 07:30."),
        ),
        responses=(
            R(CON, "Two hours at the desk means the phones are short-staffed.", 0),
            R(SUP, "Much better than a call for a password reset.", 1),
            R(SUG, "Open it at 07:30 for the day-shift nurses coming in.", 2, anonymous=True),
            R(SUG, "Leave a printed guide to the common fixes at the desk.", 1),
        ),
    ),
    Spec(
        ("Finance & Admin/People & Culture", Level.SENIOR_LEADER),
        ("Finance & Admin/People & Culture/Payroll",),
        "Payslips explain overtime and enhancements line by line",
        "Each overtime shift and enhancement gets its own line on the payslip, with the date "
        "and the rate.",
        "Payroll answers about 60 queries a month that start with 'what is this amount?'.",
        Status.DRAFT, starts=60,
    ),
]
# fmt: on


def build_initiatives(latest: datetime, seed: int, logins: dict[str, Person]) -> int:
    """The initiatives up to `latest` (the demo's last moment); returns how many."""
    writer = _Writer(seed, latest, logins["frontline"])
    for spec in SPECS:
        writer.write(spec)
    Answer.objects.bulk_create(writer.answers)
    for response in writer.responses:
        response.answer_id = response.answer.pk if response.answer else None
    Response.objects.bulk_create(writer.responses)
    Responded.objects.bulk_create(writer.responded)
    Notification.objects.bulk_create(writer.notices)
    for initiative, created in writer.created:  # auto_now_add stamped the seeding time
        Initiative.objects.filter(pk=initiative.pk).update(created_at=created)
    return len(SPECS)


class _Writer:
    def __init__(self, seed: int, latest: datetime, frontline: Person) -> None:
        # Who responds (and the ids and codes) from one stream, every day and time from
        # another: the number of draws for dates depends on the day the demo ends.
        self.rng = random.Random(f"initiatives-{seed}")
        self.when = random.Random(f"initiatives-{seed}-days")
        self.latest, self.frontline = latest, frontline
        self.last_day = timezone.localtime(latest).date()
        self.minimum = VoiceSettings.current().min_group
        self.answers: list[Answer] = []
        self.responses: list[Response] = []
        self.responded: list[Responded] = []
        self.notices: list[Notification] = []
        self.created: list[tuple[Initiative, datetime]] = []

    def day(self, days: int) -> date:
        return self.last_day + timedelta(days=days)

    def at(self, day: date, hour: int, minutes: int = 0) -> datetime:
        """`minutes` after the hour on that day, never after the demo's last moment."""
        moment = timezone.make_aware(datetime.combine(day, time(hour))) + timedelta(minutes=minutes)
        return min(moment, self.latest)

    def write(self, spec: Spec) -> None:
        owner = _leader(*spec.owner)
        if spec.published == LAST_WEEK:
            published = covered_week(self.last_day).start + timedelta(days=2)
        else:
            published = self.day(-spec.published)
        draft = spec.status == Status.DRAFT
        initiative = Initiative.objects.create(
            title=spec.title,
            what=spec.what,
            why=spec.why,
            levels=",".join(v for v in Level.values if v in spec.levels),
            owner=owner,
            created_by=owner,
            starts_on=self.day(spec.starts),
            closes_on=self.day(spec.closes) if spec.closes is not None else None,
            status=spec.status,
            round=2 if spec.second_round else 1,
            published_on=None if draft else published,
        )
        initiative.units.set(OrgUnit.objects.filter(full_path__in=_paths(spec.units)))
        written = published - timedelta(days=2 if not draft else self.when.randint(1, 6))
        self.created.append((initiative, self.at(written, 15, self.when.randint(0, 59))))
        if draft:
            return
        affected = list(affected_people(initiative).select_related("unit").order_by("pk"))
        told = [p for p in affected if p.pk != owner.pk]
        opened = [published]
        if spec.second_round:
            opened.append(self.day(-spec.second_round))
        for n, day in enumerate(opened, start=1):
            again = "New round: " if n > 1 else ""
            text = (
                f"{again}{initiative.title} — it affects your team. "
                "Say what you think: support, a concern or a suggestion."
            )
            queued = self.at(day, 10)
            self.notify(told, text, initiative, self.at(day, 10, self.when.randint(1, 30)))
        # As the worker leaves the last round's distribution: everyone told, in pk order.
        Initiative.objects.filter(pk=initiative.pk).update(
            reached=len(told),
            told_up_to=told[-1].pk if told else 0,
            distributed=True,
            queued_at=queued,
        )
        self.respond(spec, initiative, owner, affected, opened)

    def respond(self, spec: Spec, initiative: Initiative, owner: Person, affected, opened):
        """The responses of each round and the answers to them."""
        closes = self.day(spec.closes) if spec.closes is not None else self.last_day
        answers = [
            Answer(initiative=initiative, kind=kind, text=text, by=owner)
            for kind, text in spec.answers
        ]
        answered: dict[int, list[Response]] = {}
        authors: dict[int, list[Person]] = {}
        pools = {}
        for round_, start in enumerate(opened, start=1):
            pool = [p for p in affected if p.user_id and p.pk not in (owner.pk, self.frontline.pk)]
            self.rng.shuffle(pool)
            pools[round_] = (pool, start, opened[round_] if round_ < len(opened) else None)
        batches: Counter = Counter()
        changes: dict[uuid.UUID, str] = {}
        for r in spec.responses:
            pool, start, next_round = pools[r.round]
            person = self.frontline if r.by == "frontline" else pool.pop() if pool else None
            if person is None:
                continue  # fewer people with a login than the spec has responses
            end = min(closes, next_round - timedelta(days=1) if next_round else self.last_day)
            if r.answer is None:  # still waiting: written in the last few days
                first = max(start, self.last_day - timedelta(days=6))
                day = first + timedelta(days=self.when.randint(0, max(0, (end - first).days)))
            else:
                span = max(0, (min(end, self.last_day - timedelta(days=4)) - start).days)
                day = start + timedelta(days=int(span * self.when.random() ** 1.5))
            group = group_unit(person, initiative, self.minimum) if r.anonymous else None
            anonymous = group is not None
            unit = group[0] if anonymous else person.unit
            kept = batch(day, by_week(group[1], self.minimum)) if anonymous else None
            if kept and r.answer is not None and kept.arrives_on > self.last_day:
                week = timedelta(days=7)  # answered: read by now, so written a week before
                kept = Batch(kept.kept_on - week, kept.arrives_on - week, kept.by_week)
            response = Response(
                id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                initiative=initiative,
                round=r.round,
                author=None if anonymous else person,
                unit=unit,
                kind=r.kind,
                text=r.text,
                code_hash=hash_code(self.code()) if anonymous else "",
                created_on=kept.kept_on if kept else day,
                visible_on=kept.arrives_on if kept else day,
                by_week=kept.by_week if kept else False,
            )
            response.notified = response.visible_on <= self.last_day
            response.answer = answers[r.answer] if r.answer is not None else None
            if r.changed:
                changes[response.id] = r.changed
            self.responses.append(response)
            self.responded.append(
                Responded(key=responded_key(person, initiative, r.round), initiative=initiative)
            )
            if anonymous:
                if response.notified:
                    batches[response.visible_on] += 1
            else:
                kind = response.get_kind_display().lower()
                text = f"{person.name} sent a {kind} about “{initiative.title}”."
                self.notify([owner], text, initiative, self.at(day, 12, self.when.randint(0, 300)))
            if r.answer is not None:
                answered.setdefault(r.answer, []).append(response)
                if not anonymous:
                    authors.setdefault(r.answer, []).append(person)
        for day, n in sorted(batches.items()):
            text = f"{n} new anonymous response{'s' if n != 1 else ''} to “{initiative.title}”."
            self.notify([owner], text, initiative, self.at(day, 7))
        self.answer(initiative, owner, answers, answered, authors, changes)

    def answer(self, initiative, owner, answers, answered, authors, changes) -> None:
        """Each answer a few days after the last response it answers could be read; a
        response changed after a question back waits for an answer again."""
        for index, reply in enumerate(answers):
            responses = answered.get(index)
            if not responses:
                continue
            changed = [r for r in responses if r.id in changes]
            ready = max(r.visible_on for r in responses)
            latest = self.last_day - timedelta(days=1 if changed else 0)
            reply.answered_on = min(ready + timedelta(days=self.when.randint(0, 3)), latest)
            reply.answered_on = max(reply.answered_on, ready)
            self.answers.append(reply)
            for response in changed:
                response.text = changes[response.id]
                response.changed_on = reply.answered_on + timedelta(days=1)
                if response.anonymous:  # kept as its batch, read when the batch arrives
                    kept = batch(response.changed_on, response.by_week)
                    response.changed_on, response.visible_on = kept.kept_on, kept.arrives_on
                    response.notified = response.visible_on <= self.last_day
            label = reply.kind_label.lower()
            self.notify(
                authors.get(index, []),
                f"{owner.name} answered your response to “{initiative.title}”: {label}.",
                initiative,
                self.at(reply.answered_on, 16, self.when.randint(0, 90)),
                exclude=owner,
            )

    def notify(self, people, text, initiative, at: datetime, exclude=None) -> None:
        url = initiative_url(initiative)
        recent = at > self.latest - timedelta(days=7)
        for person in people:
            if exclude is not None and person.pk == exclude.pk:
                continue
            unread = recent and (person.pk == self.frontline.pk or self.when.random() < 0.6)
            read = (
                None
                if unread
                else min(self.latest, at + timedelta(minutes=self.when.randint(30, 2880)))
            )
            self.notices.append(
                Notification(
                    recipient=person, text=text[:500], url=url, created_at=at, read_at=read
                )
            )

    def code(self) -> str:
        """A reply code as the service makes them (nobody was shown it)."""
        raw = "".join(self.rng.choice(CODE_LETTERS) for _ in range(16))
        return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _paths(units: tuple[str, ...]) -> list[str]:
    return [f"{org.ROOT}/{unit}" for unit in units]


def _leader(unit: str, level: str) -> Person:
    """The first leader of that level placed in the unit."""
    return (
        Person.objects.select_related("unit")
        .filter(unit__full_path=f"{org.ROOT}/{unit}", level=level, active=True)
        .order_by("pk")
        .first()
    )
