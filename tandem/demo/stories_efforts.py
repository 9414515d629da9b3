"""Service recoveries and frontline effort: what happened, and the customer's words if any.

Slots as in `stories_compliments`.
"""

from tandem.demo.bank import story

R, F = "service_recovery", "frontline_effort"

RECOVERIES_AND_EFFORTS = [
    story(
        "ward",
        R,
        "{patient}'s hearing aids went missing during a bed move. {first} searched the old bay "
        "and the linen bags, found one, and arranged a loan pair from audiology the same "
        "afternoon while the other was tracked down.",
        "I was so cross, then so grateful. {first} didn't stop until it was sorted.",
        "desired",
        "recovery",
    ),
    story(
        "ward",
        R,
        "{mr} was told he was going home, then the transport was cancelled and he sat in his coat "
        "for four hours. {first} apologised, got him back into bed with a hot meal, rang his wife "
        "and booked transport first thing; {other} made sure he was first out the next morning.",
        "You put it right and you said sorry properly. That's all anyone wants.",
        "expected desired",
        "recovery communications",
    ),
    story(
        "ed",
        R,
        "A family waited [three|nearly four] hours without an update and were getting angry in "
        "the waiting room. {first} took them to a quiet room, explained the delay honestly, got "
        "the doctor to see them within twenty minutes and checked on them every half hour after "
        "that.",
        "We went from furious to grateful. Being told the truth made all the difference.",
        "desired",
        "recovery communications",
    ),
    story(
        "theatre",
        R,
        "{patient}'s operation was cancelled on the day after she had fasted since midnight. "
        "{first} apologised in person, arranged a meal, rebooked her for the following week "
        "[before she left|there and then] and gave her a direct number to call.",
        "I was upset but {first} made me feel like it mattered to them too.",
        "expected desired",
        "recovery",
    ),
    story(
        "maternity",
        R,
        "A couple complained that nobody had explained why their baby needed [an extra night|more "
        "monitoring|to stay in]. {first} sat down with them, went through the reasons and the "
        "plan, and arranged for the paediatrician to come back and answer their questions.",
        "",
        "desired",
        "recovery communications",
    ),
    story(
        "imaging",
        R,
        "{mr} came for his scan but his appointment had been booked on the wrong machine. Rather "
        "than send him home after a two-hour drive, {first} and {other} rearranged the list and "
        "scanned him within the hour.",
        "I expected to be sent away. Instead you found a way. Thank you.",
        "surprising",
        "recovery improvement",
    ),
    story(
        "lab",
        R,
        "{patient}'s blood sample was lost between the clinic and the lab. {first} rang her to "
        "apologise, booked a home visit from the community team instead of making her come back "
        "in, and traced where the sample had gone astray.",
        "",
        "desired",
        "recovery measures",
    ),
    story(
        "pharmacy",
        R,
        "{mr} was sent home with the wrong strength of inhaler. When his wife rang, {first} "
        "checked, apologised and had the right one couriered to their house that evening.",
        "A mistake, yes, but fixed faster than I thought possible.",
        "desired",
        "recovery",
    ),
    story(
        "reception",
        R,
        "{patient} arrived for an appointment that had been cancelled without anyone telling her. "
        "{first} apologised, found a slot that afternoon, refunded her parking and bought her a "
        "coffee while she waited.",
        "I came in ready to complain and left wanting to thank someone.",
        "surprising",
        "recovery",
    ),
    story(
        "reception",
        R,
        "A caller had been transferred [four|five] times trying to reach {ward}. {first} took her "
        "number, walked up to the ward and rang her back with the nurse on the line.",
        "Finally a human who didn't pass me on.",
        "desired",
        "recovery communications",
    ),
    story(
        "experience",
        R,
        "{mr}'s son emailed a complaint about his father's lost dentures and the response he got. "
        "{first} called him the next morning, met him on the ward, arranged for the dental lab to "
        "make a new set and made sure the cost was covered.",
        "Your team listened and fixed it, which is more than I expected.",
        "desired",
        "recovery voice-of-customer",
    ),
    story(
        "food",
        R,
        "{patient}, who keeps kosher, was sent the wrong meal twice in one day. {first} came up "
        "from the kitchen to apologise in person and arranged for her meals to be checked and "
        "delivered separately for the rest of her stay.",
        "Thank you for taking it seriously and not just saying sorry.",
        "desired",
        "recovery voice-of-customer",
    ),
    story(
        "clean",
        R,
        "A family found {patient}'s side room not cleaned after a difficult night. {first} "
        "cleaned it straight away, apologised and came back twice that day to check everything "
        "was as they wanted.",
        "",
        "expected",
        "recovery",
    ),
    story(
        "estates security",
        R,
        "The lift to the outpatient wing broke down and {mr}, in a wheelchair, was stuck on the "
        "wrong floor for his clinic. {first} organised a porter and the service lift, rang the "
        "clinic to hold his slot and waited with him.",
        "What could have been a disaster turned into nothing at all.",
        "desired surprising",
        "recovery",
    ),
    story(
        "porter",
        R,
        "{patient} waited an hour on a trolley for a porter to take her back to the ward after "
        "X-ray. {first} apologised, brought her a blanket and a drink, and then flagged the delay "
        "so the job system could be checked.",
        "",
        "expected",
        "recovery measures",
    ),
    story(
        "billing",
        R,
        "{mr} was sent a final demand for a bill his insurer had already paid. {first} cancelled "
        "the demand, wrote to him the same day and rang to make sure the worry was over.",
        "You got it right in one phone call.",
        "desired",
        "recovery communications",
    ),
    story(
        "records",
        R,
        "{patient}'s notes didn't reach her clinic and she was told she'd have to come back. "
        "{first} found them in another building and ran them over so the clinic could see her "
        "that morning.",
        "",
        "desired",
        "recovery",
    ),
    story(
        "any",
        R,
        "{patient} complained that nobody had told her what was happening during a long delay. "
        "{first} apologised, explained, and then updated her every half hour until she was seen.",
        "It shouldn't have happened, but the way {first} handled it was first class.",
        "expected desired",
        "recovery communications",
    ),
    story(
        "any",
        R,
        "A visitor was given wrong directions [three times|twice] and missed the start of "
        "visiting hours. {first} walked her to {ward}, asked the nurse in charge to allow a "
        "little extra time and reported the confusing sign to estates.",
        "",
        "expected desired",
        "recovery improvement",
    ),
    story(
        "reception",
        R,
        "{patient} was sent to the wrong building for her scan by a sign that had been moved. "
        "{first} apologised, rang ahead so she wouldn't lose her slot, and asked {other} to walk "
        "her over.",
        "I was panicking and {first} made it all fine.",
        "desired",
        "recovery",
    ),
    story(
        "ed",
        R,
        "{mr} had waited five hours and was about to walk out. {first} sat down with him, "
        "explained where he was in the queue and why, sorted his pain relief and checked on him "
        "every hour until he was seen.",
        "I was ready to leave. {first} persuaded me to stay, and I'm glad.",
        "desired",
        "recovery communications",
    ),
    story(
        "ward",
        F,
        "On a [night|weekend night|bank holiday night] with [two|three] staff off sick, {first} "
        "organised the HCAs so every patient on {unit} still had their 02:00 turn and obs, then "
        "stayed on to finish the handover notes.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "ward",
        F,
        "{first} noticed {mr} hadn't eaten for two days, found out he couldn't manage the cutlery "
        "with his arthritis, sorted adapted cutlery from therapy and told the kitchen to send "
        "soft food.",
        "",
        "desired surprising",
        "improvement voice-of-customer",
    ),
    story(
        "ward",
        F,
        "{first} arranged for {mr}'s dog to visit him in the garden for ten minutes before his "
        "transfer to the hospice. The whole ward turned out to see it.",
        "That dog was his reason for living. You gave him that.",
        "unbelievable",
        "voice-of-customer",
    ),
    story(
        "ed",
        F,
        "During the [major incident|motorway pile-up] on Saturday, {first} and {other} kept the "
        "minors stream running, kept the waiting room informed every thirty minutes and didn't "
        "take a break until 02:00.",
        "",
        "desired",
        "role-modeling communications",
    ),
    story(
        "theatre",
        F,
        "{first} spotted that a patient's [consent form|list entry] showed the wrong side during "
        "the safety check and stopped the line before anyone was anaesthetised. Calm, clear and "
        "exactly right.",
        "",
        "expected",
        "role-modeling",
    ),
    story(
        "maternity children",
        F,
        "{first} came in on a day off to be with a family [{first} had looked after for "
        "weeks|they had cared for over a long stay], when their baby finally went home.",
        "{first} was part of our family for a month. Of course we wanted {first} there.",
        "unbelievable",
        "recognition voice-of-customer",
    ),
    story(
        "imaging lab",
        F,
        "When the [results system|booking system|network] went down for [three hours|most of a "
        "morning|half a night shift], {first} set up paper request forms, rang every ward with "
        "the workaround and kept a list so no patient was missed.",
        "",
        "desired",
        "improvement role-modeling",
    ),
    story(
        "pharmacy",
        F,
        "{first} stayed until [21:00|20:30|22:00] to make sure all [twelve|nine|fifteen] "
        "discharges on {ward} had their medicines before the weekend.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "therapy",
        F,
        "{first} took {mr} out to the hospital car park to practise getting into his own car, so "
        "his wife could take him home that afternoon.",
        "",
        "surprising",
        "voice-of-customer improvement",
    ),
    story(
        "reception",
        F,
        "During [the snow|the train strike|the flu outbreak], {first} covered the front desk "
        "alone for [four hours|a whole morning], kept a list of which clinics were running and "
        "rang patients to stop them making wasted journeys.",
        "",
        "desired",
        "role-modeling communications",
    ),
    story(
        "experience",
        F,
        "{first} tracked down a patient's lost [wedding ring|engagement ring|late husband's "
        "watch] through three departments and the laundry contractor, and returned it the day "
        "before her golden anniversary.",
        "Fifty years and I thought I'd lost it. I cried when {first} gave it back.",
        "unbelievable",
        "recovery voice-of-customer",
    ),
    story(
        "food",
        F,
        "When the main oven failed at 11:00, {first} and {other} reorganised the whole lunch "
        "service on the combination ovens, and every ward got a hot meal only twenty minutes late.",
        "",
        "desired",
        "improvement role-modeling",
    ),
    story(
        "clean",
        F,
        "{first} cleaned and prepared [six|seven|five] rooms in one evening during [the winter "
        "surge|a very busy weekend] so ED could move patients up before midnight.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "estates",
        F,
        "After a pipe burst above {ward} at [03:00|02:30|04:15], {first} had the water off within "
        "minutes, helped the night staff move patients, and the bay was dry and reopened by "
        "lunchtime.",
        "",
        "desired surprising",
        "role-modeling",
    ),
    story(
        "security",
        F,
        "{first} spent [forty minutes|nearly an hour] calmly talking to a distressed man at the "
        "ED entrance until the mental health team arrived, so nobody was hurt and he got help.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "porter",
        F,
        "{first} did [thirty-one|twenty-eight] jobs on a Sunday late shift with one porter short, "
        "and still stopped to help a lost visitor find the chapel.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "billing records",
        F,
        "{first} went through a backlog of [140|120] queries in a week so patients stopped "
        "receiving letters about bills that had already been sorted.",
        "",
        "expected",
        "improvement",
    ),
    story(
        "it hr",
        F,
        "{first} came in early to make sure [forty|thirty-five|fifty] new starters had working "
        "logins on their first morning, so nobody spent induction week waiting for IT.",
        "",
        "desired",
        "orientation",
    ),
    story(
        "any",
        F,
        "{first} [organised|led] a collection and a card for a colleague whose house flooded, and "
        "covered two of her shifts.",
        "",
        "",
        "recognition",
    ),
    story(
        "any",
        F,
        "{first} noticed visitors kept getting lost at [a corridor junction nearby|the lifts by "
        "the café|the back stairs], made a clear temporary sign and asked estates for a permanent "
        "one.",
        "",
        "expected",
        "improvement",
    ),
    story(
        "any",
        F,
        "{first} mentored {other} through the first month {here}, checking in every shift and "
        "introducing {other} to everyone on the team.",
        "",
        "",
        "orientation role-modeling",
    ),
    story(
        "care",
        F,
        "{first} learned basic sign language at [evening classes|an online course] after caring "
        "for a deaf patient, and now teaches a few signs at the team huddle.",
        "",
        "surprising",
        "common-language role-modeling",
    ),
    story(
        "reception",
        F,
        "{first} noticed {mr} had been sitting in the entrance for over an hour, found out his "
        "transport had forgotten him, rebooked it and made sure he had a cup of tea while he "
        "waited.",
        "",
        "surprising",
        "role-modeling recovery",
    ),
    story(
        "porter",
        F,
        "{first} noticed {mr} was short of breath during a transfer, stopped, called for help "
        "from the nearest ward and stayed until a nurse took over.",
        "",
        "desired",
        "role-modeling",
    ),
    story(
        "hr",
        F,
        "{first} sorted a visa extension for a nurse from overseas [days before it ran out|over "
        "a weekend], so she could keep working on {ward}.",
        "",
        "desired",
        "recruitment recognition",
    ),
]
