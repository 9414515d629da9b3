"""The words around the records: how ideas open and close, what managers say when they move
or comment on an idea, and how a trial is reported. Slots as in `fill`: {first} is the
author's first name, {other} a colleague's, {unit} the team ('Ward 4B', 'the Main Kitchen'),
{here} where it works ('on Ward 4B', 'in X-Ray'), {ward} another ward,
{patient}/{mr} a patient.
"""

# Sentences an author might put before their idea.
OPENERS = [
    "On [nights|lates|earlies] last week I noticed this again.",
    "{patient}'s daughter mentioned this [yesterday|at visiting].",
    "This came up at huddle on [Monday|Tuesday|Wednesday|Thursday|Friday].",
    "This came up in [two|three] complaints this month.",
    "A patient asked me about this and I didn't have a good answer.",
    "We tried something like this at my last hospital and it worked.",
    "Small one, but it happens [every shift|most days|every weekend].",
    "{other} and I were talking about this on our break.",
    "I counted [six|eight|eleven] times this happened in one shift.",
    "Something I see all the time {here}.",
    "After what happened with {mr} last week, I think we should look at this.",
    "Following on from the service workshop:",
    "A visitor stopped me about this [in the corridor|at the lift] today.",
    "I keep coming back to this one.",
]

# Sentences an author might end their idea with.
CLOSERS = [
    "Happy to trial it on our shift first.",
    "I can make the first version myself.",
    "It would cost almost nothing.",
    "I'd be glad to lead it.",
    "{other} is keen to help.",
    "Could we try it for a month and see?",
    "It would need a small budget, maybe [£50|£80|£150|£200].",
    "I've already asked [estates|the stores team|IT] and they think it's doable.",
    "Patients have asked for this more than once.",
    "Can we talk about it at the next team meeting?",
    "Even a two-week trial would tell us a lot.",
    "Open to better ways of doing it!",
]

# What a leader writes when moving an idea to trying.
TO_TRYING = [
    "Good idea, {first}. Let's try it {here} for [two|three|four] weeks and see.",
    "Try it on [nights|days] first and tell me what patients say.",
    "Agreed at huddle: {first} to lead the trial, {other} to help.",
    "Let's start with one [bay|area|shift] and keep a simple tally.",
    "Yes, go ahead. Let me know if you hit any roadblocks and I'll clear them.",
    "Approved for a [four|six]-week trial. Please note the before-and-after numbers.",
    "Great suggestion. I've sorted the budget; start on Monday.",
    "Worth a go. Check with infection control first, then start.",
    "Let's test it. I'll mention it at the managers' meeting so nobody is surprised.",
    "Happy for you to try this. Keep it simple and tell us what you learn.",
    "Love it. Trial starts [this week|next week]; we'll review at the end of the month.",
    "Spoke to the team and everyone's keen. Off you go, {first}!",
]

# What a leader writes when an idea is implemented.
TO_IMPLEMENTED = [
    "The trial worked. This is how we do it now — thank you, {first}.",
    "Rolled out on every shift from today.",
    "Adopted as standard {here}. I've shared it with {ward} too.",
    "Great results. Making it permanent and adding it to induction.",
    "Implemented. {first}, please present it at the next service showcase.",
    "The numbers speak for themselves. It's in the ward standards now.",
    "Done and embedded. Well done to {first} and everyone who tried it.",
    "Now part of our routine. Let's review it again in six months.",
]

# Why a leader parks a proposed idea.
PARK_PROPOSED = [
    "Parking this until the new IT system arrives in the autumn; we'll revisit then.",
    "It needs estates funding. I've put it in the capital bid and will come back to you.",
    "Infection control can't approve it as it stands. Could we find another way?",
    "A similar change is coming hospital-wide in the spring, so let's wait for that.",
    "Good thinking, but we can't staff it at the moment. Parked, not forgotten.",
    "Let's park this until the ward refurbishment is finished.",
    "I've checked: it would clash with the new discharge policy. Parked for now.",
    "Too big for us alone — I've passed it to the division to look at.",
    "We tried this two years ago and it didn't stick. Let's talk about what would be different "
    "this time.",
    "Parked while we finish the [falls|discharge|mealtimes] project; one change at a time.",
]

# Why a trial ended without the idea being adopted.
PARK_TRIAL = [
    "The trial didn't give the result we hoped: [patients didn't use it|it added work at "
    "handover|nights found it hard to keep up]. Parking for now — thank you for trying.",
    "We learned a lot, but it didn't save the time we expected. Parked.",
    "Stopped the trial after [two|three] weeks; the supplier couldn't keep up. Parked.",
    "It worked on days but not on nights. Let's park it and rethink.",
]

# Why a parked idea came back.
REVIVE = [
    "The funding came through — back on the table.",
    "Reviving this: the new rota makes it possible now.",
    "Bringing this back; the refurbishment is finished.",
    "Patients keep asking for it, so let's have another look.",
]

# Comments from the author's leaders, by where the idea stands when they write.
LEADER_COMMENTS = {
    "proposed": [
        "Love this, {first}. Can you bring it to [Thursday's|Monday's|the next] huddle?",
        "Have you spoken to the night team? They might see it differently.",
        "How would we know if it's working? One simple number would do.",
        "{ward} tried something similar last year — worth a chat with their manager.",
        "I've asked estates for a quote and will let you know.",
        "Great to see this. What would you need from me to try it?",
        "Could we start with one [bay|area|shift] and see how it goes?",
        "This would help the [night|weekend] team a lot. Thank you for thinking of it.",
        "I like it. Does it need sign-off from anyone outside the team?",
        "Good idea. Let's see what the rest of the team think before we decide.",
        "Thanks for raising this, {first}. I'll come back to you by Friday.",
        "Who else would this affect? Let's make sure they have a say.",
    ],
    "trying": [
        "Just checking in on this one — how are you getting on?",
        "Saw this in action [yesterday|on Tuesday] — patients really noticed. Well done.",
        "Can you and {other} write down the before and after? It will help us spread it.",
        "How is the tally looking? Anything getting in the way?",
        "The night team say it's working well for them too.",
    ],
    "implemented": [
        "I've shared this with the other managers as an example of what good looks like.",
        "This is exactly the kind of idea we need more of.",
        "Three months on and it's still working. Thank you, {first}.",
        "{ward} have asked how we did this — could you show them?",
    ],
    "parked": [
        "Sorry this one is parked for now, {first} — please keep the ideas coming.",
        "I'll raise it again at the next budget round.",
        "Parked, not forgotten: it's on my list for the spring.",
    ],
}

# Comments from senior leaders and executives seeing ideas on their patch.
SENIOR_COMMENTS = [
    "Saw this on my back-to-the-floor visit to {unit}. Great work.",
    "Sharing this with the other divisions — thank you, {first}.",
    "This is the kind of small change that makes a big difference. Keep them coming.",
    "Brilliant. Let's feature it at the next service showcase.",
]

# Replies from the author, by where the idea stands.
AUTHOR_REPLIES = {
    "proposed": [
        "Thanks! I'll bring a sample to the huddle.",
        "Spoke to nights and they're keen.",
        "I counted yesterday: about [ten|twelve|fifteen] times in one shift.",
        "Will do. {other} has offered to help.",
        "Good point — I'll check with infection control first.",
    ],
    "trying": [
        "Two patients commented on it already!",
        "Going well so far. Nights are finding it a bit harder.",
        "Thank you for backing it.",
    ],
    "implemented": [
        "Happy to show the other wards how we did it.",
        "Thank you — it was a team effort.",
    ],
    "parked": ["Understood. I'll have a think about another way."],
}

# How an action tied to an idea's trial reads.
TRIAL_ACTIONS = [
    "Ran day [two|three|five] of the trial of “{title}” {here}: [patients noticed straight "
    "away|two families commented on it|it took less time than we thought|nights found it harder "
    "than days].",
    "Showed the rest of the shift how “{title}” works and kept the tally for the trial.",
    "Collected feedback from [four|five|six] patients on “{title}” for the end-of-trial review.",
]

# Sentences that open a result.
RESULT_OPENERS = [
    "",
    "",
    "After a [four|six]-week trial {here}: ",
    "Trialled on [nights|days] first, then everywhere. ",
    "We measured before and after. ",
]
