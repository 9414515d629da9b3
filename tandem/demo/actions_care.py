"""Service actions in clinical teams: small things done to upgrade service, in the doer's
words.

Slots: {patient} (a woman, 'Mrs Okafor'), {mr} (a man), {ward} (another ward's name), {unit}
(the team as a noun: 'Ward 4B', 'the Main Kitchen'), {here} ('on Ward 4B', 'in X-Ray'),
{first}, {other}.
"""

from tandem.demo.bank import action

CARE_ACTIONS = [
    action(
        "care",
        "Stayed [ten|fifteen|twenty] minutes after [my shift|handover] to finish explaining the "
        "discharge plan to {patient}'s daughter, who had come straight from work.",
        "{patient}'s family",
        "communications",
    ),
    action(
        "care",
        "Found a reading lamp for {patient}, who couldn't see the crossword with the bay lights "
        "[dimmed|off].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "ward",
        "Rang {mr}'s wife to let her know he'd [slept well|eaten all his breakfast|walked to the "
        "day room] — she'd been worried all night.",
        "{mr}'s wife",
        "communications",
    ),
    action(
        "ward ed",
        "Made tea and toast for {patient} who had missed [lunch|supper|breakfast] while in "
        "[X-ray|CT|theatre].",
        "{patient}",
        "recovery",
    ),
    action(
        "care",
        "Sat with {patient} [during her blood test|while the doctor explained the results|until "
        "her son arrived] because she was frightened.",
        "{patient}",
        "role-modeling",
    ),
    action(
        "ward",
        "Washed and set {patient}'s hair before her [granddaughter's visit|family came in for her "
        "birthday].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "ward children",
        "Moved {patient}'s bed by the window so she could see the harbour, as she'd asked on "
        "admission.",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "ed",
        "Gave the waiting room an update on delays [every hour|after the major trauma came in] so "
        "nobody felt forgotten.",
        "[Patients waiting in ED|The waiting room]",
        "communications recovery",
    ),
    action(
        "ed",
        "Found a quiet side room for a family [whose father had just died|waiting for news after "
        "a car crash] and brought them tea.",
        "[A bereaved family|A family waiting for news]",
        "voice-of-customer",
    ),
    action(
        "ed",
        "Rang a taxi and waited with {mr} [at 3 a.m.|after midnight] so he wasn't alone outside.",
        "{mr}",
        "role-modeling",
    ),
    action(
        "theatre",
        "Held {patient}'s hand [as she went off to sleep|in the anaesthetic room] and was there "
        "when she woke in recovery.",
        "{patient}",
        "role-modeling",
    ),
    action(
        "maternity children",
        "Printed a first photo of [the baby|the twins] for parents whose phone had died.",
        "[New parents|A new family]",
        "voice-of-customer",
    ),
    action(
        "children",
        "Turned [a cannula|an X-ray trip|a long wait] into a pirate game for a very nervous "
        "four-year-old.",
        "[A young patient|A nervous child] and their parents",
        "improvement",
    ),
    action(
        "maternity",
        "Showed a [new dad|first-time dad] how to bath the baby before they went home.",
        "New parents",
        "orientation",
    ),
    action(
        "imaging",
        "Phoned {patient} the day before [her scan|her MRI] to talk her through what it would be "
        "like.",
        "{patient}",
        "communications",
    ),
    action(
        "imaging lab",
        "Saw {patient} [early|before her slot] when a gap came up, so she could make her "
        "[bus|grandson's school pick-up].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "lab",
        "Took blood from {mr} in his car in the car park because he couldn't manage the walk in.",
        "{mr}",
        "role-modeling recovery",
    ),
    action(
        "pharmacy",
        "Walked {mr}'s take-home medicines up to {ward} so he could catch his lift home.",
        "{mr}",
        "recovery",
    ),
    action(
        "pharmacy",
        "Rang {patient}'s GP to sort a missing repeat prescription [before the weekend|so she "
        "wouldn't run out].",
        "{patient}",
        "improvement",
    ),
    action(
        "therapy",
        "Practised the [stairs|bus step|kerb] with {mr} because his flat is on the second floor "
        "with no lift.",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "therapy",
        "Lent {patient} a [walking frame|perching stool] from our store so she could go home on "
        "Friday instead of Monday.",
        "{patient}",
        "improvement",
    ),
    action(
        "care diagnostic",
        "Arranged an interpreter by phone so {patient} could [ask her own questions|understand "
        "her results] instead of relying on her son.",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "care",
        "Found a quiet room for {patient}'s family to [pray together|talk to the consultant] in "
        "private.",
        "{patient}'s family",
        "voice-of-customer",
    ),
    action(
        "care",
        "Collected {patient}'s [clean clothes|post|glasses] from the porters' lodge so she could "
        "go home dressed in her own things.",
        "{patient}",
        "improvement",
    ),
    action(
        "ward",
        "Helped {patient} video-call her [sister|son] before her operation.",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "ward ed",
        "Stayed with {mr} while he phoned his wife with [the diagnosis|the news about his "
        "surgery].",
        "{mr}",
        "role-modeling",
    ),
    action(
        "ward",
        "Brought [a newspaper|a puzzle book|a few of her favourite biscuits] for {patient}, who "
        "had no visitors this week.",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "ed",
        "Rang {patient}'s care home to tell them she'd [be staying in|be back tonight] so they "
        "weren't left wondering.",
        "{patient}'s care home",
        "communications",
    ),
    action(
        "ed",
        "Found dry clothes for {mr}, who had been brought in soaked from the [harbour|rain].",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "ed",
        "Explained how triage works to an angry father in the waiting room [and had his son "
        "checked again|and found them a quieter seat].",
        "A worried parent",
        "recovery communications",
    ),
]
