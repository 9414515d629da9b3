"""Service actions in every other team, and ones any team might log. Slots as in
`actions_care`.
"""

from tandem.demo.bank import action

SERVICE_ACTIONS = [
    action(
        "any",
        "Walked [an elderly visitor|a lost visitor|a dad carrying a car seat|a man with a walking "
        "stick] from the main entrance to {ward} instead of pointing the way.",
        "[A lost visitor|A visitor]",
        "role-modeling",
    ),
    action(
        "reception",
        "Rebooked {patient}'s appointment [on the spot|while she waited] after she arrived on the "
        "wrong day, and gave her a parking refund.",
        "{patient}",
        "recovery",
    ),
    action(
        "reception",
        "Found a [wheelchair|porter] for {patient} who was struggling from the drop-off bay.",
        "{patient}",
        "role-modeling",
    ),
    action(
        "reception",
        "Called a worried caller back [within the hour|before lunch] with the answer instead of "
        "transferring her again.",
        "[A caller|A worried relative]",
        "recovery communications",
    ),
    action(
        "reception",
        "Wrote the directions to {ward} down for a visitor who [was hard of hearing|didn't speak "
        "much English].",
        "A visitor",
        "voice-of-customer",
    ),
    action(
        "experience",
        "Met {patient}'s family [in the café|in the quiet room] to go through their concerns face "
        "to face before they became a formal complaint.",
        "{patient}'s family",
        "recovery",
    ),
    action(
        "experience",
        "Arranged a volunteer to visit {patient}, who had had no visitors for [a week|ten days].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "food",
        "Made {patient} [a boiled egg and soldiers|porridge with honey|a jacket potato] off menu "
        "because nothing on the card appealed.",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "food",
        "Kept a hot meal back for {patient} who was [in X-ray|in theatre|with the doctor] at "
        "lunchtime.",
        "{patient}",
        "recovery",
    ),
    action(
        "food",
        "Baked a small birthday cake for {patient}, turning [ninety|eighty-five|a hundred] on "
        "{ward}.",
        "{patient}",
        "recognition",
    ),
    action(
        "food",
        "Learnt a few words of [Polish|Punjabi|Somali|Portuguese] to take menu orders from "
        "patients on {ward}.",
        "Patients on {ward}",
        "common-language",
    ),
    action(
        "clean",
        "Cleaned {patient}'s side room again [before her family arrived|after a spill] without "
        "being asked.",
        "{patient}",
        "recovery",
    ),
    action(
        "clean",
        "Walked a confused patient back to {ward} [and stayed until a nurse came|and told the "
        "nurse in charge].",
        "A confused patient",
        "role-modeling",
    ),
    action(
        "clean",
        "Turned a bed round [in 20 minutes|in record time] so a patient waiting in ED could come "
        "up before the night shift.",
        "A patient waiting in ED",
        "improvement",
    ),
    action(
        "clean",
        "Found {patient}'s [wedding ring|hearing aid|glasses] in the linen bag and returned it to "
        "the ward.",
        "{patient}",
        "recovery",
    ),
    action(
        "estates",
        "Fixed the [broken blind|dripping tap|stuck window] in {patient}'s room the same "
        "afternoon it was reported.",
        "{patient}",
        "improvement",
    ),
    action(
        "estates",
        "Put a temporary ramp at the east entrance [while the automatic door was being "
        "repaired|during the resurfacing works].",
        "Wheelchair users",
        "improvement",
    ),
    action(
        "estates",
        "Moved a TV bracket so {mr}, who can't turn his head, could watch the football.",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "security",
        "Jump-started a visitor's car in the multi-storey [at 11 at night|in the rain].",
        "A visitor",
        "role-modeling",
    ),
    action(
        "security",
        "Walked a nurse to her car after a late shift [when the lights in car park C were "
        "out|after an incident in ED].",
        "A colleague",
        "role-modeling",
    ),
    action(
        "security",
        "Calmed a distressed relative at the ED entrance and found her a seat and a drink [before "
        "she went in|while she waited for news].",
        "A distressed relative",
        "recovery",
    ),
    action(
        "porter",
        "Took {mr} the long way round through the garden [on a sunny morning|because he hadn't "
        "been outside for weeks].",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "porter",
        "Went back for {patient}'s [glasses|handbag|walking stick], left behind in X-ray.",
        "{patient}",
        "recovery",
    ),
    action(
        "porter",
        "Chatted to {mr} about [football|his old ship|the war] all the way to {ward}; he'd been "
        "frightened of the move.",
        "{mr}",
        "role-modeling",
    ),
    action(
        "porter",
        "Picked up an urgent blood sample [on my break|on the way back from the mortuary] so "
        "{ward} wouldn't wait.",
        "{ward}",
        "improvement",
    ),
    action(
        "billing",
        "Spent [half an hour|forty minutes] on the phone with {patient} going through her bill "
        "line by line.",
        "{patient}",
        "communications",
    ),
    action(
        "billing",
        "Put a hold on {mr}'s account [while his insurance claim was sorted|while he was still in "
        "hospital].",
        "{mr}",
        "recovery",
    ),
    action(
        "records",
        "Found {patient}'s old notes in the off-site store [the same day|within two hours] so her "
        "clinic could go ahead.",
        "{patient}",
        "improvement",
    ),
    action(
        "it",
        "Stayed on after [8 p.m.|the end of the shift] to get {ward}'s printer working before the "
        "night drug round.",
        "{ward}",
        "improvement",
    ),
    action(
        "it",
        "Set up a tablet so {patient} could video-call her [son in Australia|family abroad].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "hr",
        "Called a nervous new starter [the week before|the Friday before] to say who would meet "
        "her on day one.",
        "A new colleague",
        "orientation",
    ),
    action(
        "hr",
        "Sorted a night nurse's missing overtime pay [the same day|within the hour] instead of "
        "waiting for the next payroll run.",
        "A colleague",
        "recovery",
    ),
    action(
        "any",
        "Sent a handwritten thank-you card to {other} for covering [a shift|a colleague's break] "
        "at short notice.",
        "{other}",
        "recognition",
    ),
    action(
        "any",
        "[Shared|Read out] [a patient's thank-you letter|a compliment from a family|a card from "
        "{patient}'s family] at [the team huddle|handover|the Friday team meeting] and pinned it "
        "on the board.",
        "The team",
        "recognition communications",
    ),
    action(
        "any",
        "Showed [a new starter|an agency colleague|a student on placement|a bank colleague] "
        "around and introduced them to everyone on [the shift|the team|duty that day].",
        "A new colleague",
        "orientation",
    ),
    action(
        "any",
        "Apologised to {patient} [in person|face to face] for [the long wait|the mix-up with her "
        "appointment|the noise overnight] and explained what we'd change.",
        "{patient}",
        "recovery",
    ),
    action(
        "any",
        "Charged {mr}'s phone at the desk so he could ring his family [before surgery|about going "
        "home].",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "any",
        "Asked [three|four|five] [patients|patients and relatives] [what would have made their "
        "visit better|one thing we could improve|what confused them most] and brought the answers "
        "to the [huddle|team meeting].",
        "Patients and visitors",
        "voice-of-customer measures",
    ),
    action(
        "any",
        "Put up a sign in [three languages|large print|plain words] after visitors kept getting "
        "lost at the [lifts|stairs by the café|east corridor junction|back entrance].",
        "Visitors",
        "communications",
    ),
    action(
        "any",
        "Covered for {other} so they could go to [their daughter's school play|a hospital "
        "appointment] — no fuss.",
        "{other}",
        "role-modeling",
    ),
    action(
        "any",
        "[Carried|Took] a [wet umbrella|heavy bag|pushchair|box of belongings] for [a visitor|an "
        "elderly visitor|a pregnant visitor] and walked her to the [lift|ward|car park].",
        "A visitor",
        "role-modeling",
    ),
    action(
        "any",
        "Followed up with {patient} [a week later|by phone] to check the problem we fixed stayed "
        "fixed.",
        "{patient}",
        "recovery measures",
    ),
    action(
        "reception",
        "Printed a map and highlighted the route to {ward} for [an elderly couple|a visitor with "
        "poor eyesight].",
        "[Visitors|A visitor]",
        "role-modeling",
    ),
    action(
        "reception",
        "Sorted out a muddle with {patient}'s address so her appointment letters [stop going to "
        "her old house|reach her in time].",
        "{patient}",
        "recovery",
    ),
    action(
        "reception",
        "Rang the clinic to say {mr} was [on his way but stuck in traffic|in the building but "
        "slow on the walk], so they held his slot.",
        "{mr}",
        "communications",
    ),
    action(
        "reception",
        "Kept {patient}'s [toddler|grandson] entertained at the desk while she [filled in the "
        "forms|had a word with the clinic nurse].",
        "{patient}",
        "voice-of-customer",
    ),
    action(
        "reception porter",
        "Phoned a taxi for {mr} [and waited with him at the door|when his lift didn't turn up].",
        "{mr}",
        "role-modeling",
    ),
    action(
        "porter",
        "Brought {patient} a blanket and told her how long the wait for X-ray would be before "
        "leaving her.",
        "{patient}",
        "communications",
    ),
    action(
        "porter",
        "Stopped between two jobs to help a lost visitor find the [chapel|maternity "
        "unit|outpatient pharmacy].",
        "A visitor",
        "role-modeling",
    ),
    action(
        "porter estates",
        "Reported a [broken lift button|loose handrail|flickering light] in the east corridor "
        "[and waited until estates arrived|before anyone got hurt].",
        "Patients and visitors",
        "improvement",
    ),
    action(
        "porter",
        "Took {mr} back to {ward} [slowly|with a couple of stops] because he felt sick after his "
        "scan, and told the nurse.",
        "{mr}",
        "voice-of-customer",
    ),
    action(
        "porter",
        "Brought [six|eight|a dozen] wheelchairs left in the car park back to the entrance bay.",
        "Patients arriving at the front door",
        "improvement",
    ),
    action(
        "records",
        "Scanned and sent {patient}'s records to [her new GP|the hospital she had moved to] "
        "[the same day|within the hour] so her treatment wasn't held up.",
        "{patient}",
        "improvement",
    ),
]
