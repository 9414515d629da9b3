"""Ideas from the teams behind the scenes — housekeeping, estates, security, porters and the
offices — and a few that any team might have.
"""

from tandem.demo.bank import idea

SUPPORT_IDEAS = [
    idea(
        "clean",
        "A 'your room was cleaned today' card | Let patients know who cleaned their room",
        "Patients don't see us clean and sometimes think their room wasn't done. A card on the "
        "table, 'your room was cleaned today by {first}', [makes the work visible|invites them to "
        "ask us for anything].",
        "Patients in side rooms",
        "communications recognition",
        "Cards are used on two wards; cleanliness scores in the survey went from [4.1 to 4.5|4.0 "
        "to 4.4].",
        effect="Patients know their room is clean, and who to ask.",
    ),
    idea(
        "clean ward",
        "Text the ward when a bed is clean | Bed-ready messages from housekeeping",
        "Beds sit empty after cleaning because nobody tells the ward. A text to the nurse in "
        "charge [when the clean is done|from the housekeeper's phone] would get the next patient "
        "in sooner.",
        "Patients waiting for a bed",
        "improvement communications",
        "Bed-ready texts were trialled; the time from clean to next patient fell by [35|30] "
        "minutes on average.",
        minutes=240,
        money=11000,
    ),
    idea(
        "clean",
        "Quiet cleaning at night | Move noisy cleaning out of the small hours",
        "Night cleaning wakes patients: floor machines, bin lids, bright lights. Doing the noisy "
        "jobs [before 22:00|in the corridors only after midnight] would help them sleep.",
        "Patients trying to sleep",
        "improvement voice-of-customer",
        "The night schedule moved machine work out of bays; noise complaints dropped.",
        effect="Patients sleep through the night cleaning.",
    ),
    idea(
        "clean",
        "A colour-code chart at every sink | Help new starters get the colour code right",
        "New starters mix up the colour-coded cloths and mops. A laminated chart above each sink "
        "[would stop mistakes|would help agency staff too].",
        "New housekeeping staff",
        "orientation",
        "Charts are up in every sluice and cleaners' cupboard; audit scores improved.",
        minutes=30,
    ),
    idea(
        "clean",
        "Housekeepers join the ward huddle | A seat at the huddle for housekeeping",
        "We hear about infection rooms and discharges last. Joining the ward's morning huddle "
        "[for two minutes|with the nurse in charge] would let us plan the day.",
        "Ward teams and patients waiting for clean beds",
        "communications",
        "Housekeepers join huddles on five wards; rooms are turned round in order of need.",
        minutes=90,
    ),
    idea(
        "estates",
        "A fix-it log at each ward desk | Catch the small repairs before they become big ones",
        "Broken things are reported by phone and forgotten. A simple log checked on our morning "
        "round [would catch the small jobs|means a broken blind is fixed in a day, not a month].",
        "Ward staff and patients living with broken things",
        "improvement measures",
        "Ward logs are checked every morning; small jobs now close within two days on average "
        "instead of [nine|eight].",
        minutes=180,
        money=5000,
    ),
    idea(
        "estates security",
        "Benches on the walk from the car park | Somewhere to rest between the car park and the "
        "door",
        "The walk from car park C to the main entrance is long for frail patients. Two benches on "
        "the way [would give them a rest|would cost less than answering one complaint].",
        "Frail patients and visitors walking in",
        "improvement voice-of-customer",
        "Two benches were installed with a donation from the League of Friends.",
        effect="Frail visitors can rest on the way in.",
    ),
    idea(
        "security",
        "Security officers as the night-time help desk | Help for visitors when reception is "
        "closed",
        "At night the front desk is closed and visitors find only security. A short briefing and "
        "a map [so officers can direct and reassure people|with ward phone numbers] would help.",
        "Visitors arriving at night",
        "orientation role-modeling",
        "Officers carry a pocket map and ward list; visitors are walked to the ward when it is "
        "quiet.",
        effect="Night visitors are met and helped.",
    ),
    idea(
        "security",
        "Parking passes for relatives of long-stay patients | Fairer parking for long-stay "
        "families",
        "Relatives of patients staying for weeks pay hundreds in parking. A concession pass "
        "[after three days|signed off by the ward] would be fairer.",
        "Families of long-stay patients",
        "voice-of-customer recovery",
        "A weekly pass at a flat rate was introduced; [240|about 250] were issued in the first "
        "quarter.",
        effect="Families can visit without worrying about the cost.",
    ),
    idea(
        "estates",
        "Check every entrance at 07:00 | A morning walk-through of the entrances",
        "Wheelchair users get stuck at the east entrance when the automatic doors fail. A 07:00 "
        "walk-through [of all entrances|testing doors, lights and ramps] would catch it before "
        "visitors arrive.",
        "Wheelchair users and people with buggies",
        "improvement",
        "The 07:00 check is on the daily rota; door faults are now found before visitors are.",
    ),
    idea(
        "porter",
        "Tell the patient where we're going | Introduce ourselves before moving a patient",
        "Patients get wheeled off without knowing where or why. 'Hello, I'm {first}, I'm taking "
        "you to X-ray for your scan' [is reassuring|is basic respect].",
        "Patients being moved around the hospital",
        "common-language role-modeling",
        "The greeting is part of porter induction and briefed at shift start; patient comments "
        "about porters improved.",
        effect="Patients know where they are going.",
    ),
    idea(
        "porter",
        "A blanket on every wheelchair | Keep patients warm between buildings",
        "Patients going between buildings in wheelchairs get cold, and gowns gape. A folded "
        "blanket on every chair [keeps their dignity|keeps them warm].",
        "Patients moved between buildings",
        "improvement voice-of-customer",
        "Every chair in the main bays carries a blanket, swapped by the linen room daily.",
        effect="Patients arrive warm and covered.",
    ),
    idea(
        "porter",
        "Jobs on a handset instead of the radio | A porter job list we can see",
        "Jobs come by radio and get missed when the corridor is noisy. A job list on a handset "
        "[shows what's waiting|lets us plan our routes].",
        "Wards and departments waiting for a porter",
        "improvement measures",
        "The handset job list was trialled; average wait for a porter fell from [22 to 14|20 to "
        "13] minutes.",
        minutes=500,
        money=6000,
    ),
    idea(
        "porter",
        "A porter kept for discharges at midday | A dedicated discharge porter",
        "Discharges wait for a porter behind routine jobs. One porter kept for discharges from "
        "10:00 to 14:00 [would free beds sooner|would help the whole hospital flow].",
        "Patients going home and patients waiting for beds",
        "improvement",
        "A discharge porter covers the midday peak; discharge lounge transfers are quicker.",
        minutes=300,
    ),
    idea(
        "porter",
        "Use the service corridor for patients in beds | More privacy for patients moved in beds",
        "We take patients in beds through the main corridor past the café queue. The service "
        "corridor [is quieter and more private|only takes a minute longer].",
        "Patients moved in beds",
        "voice-of-customer",
        "The route is agreed and on the porters' map.",
        effect="Patients are moved with more privacy.",
    ),
    idea(
        "porter",
        "Tag broken wheelchairs when we return them | A wheelchair check on every return",
        "Half the wheelchairs in the bays have flat tyres or loose footplates, and we only find "
        "out with a patient sitting in one. A quick check when we return a chair, [with a red tag "
        "for repairs|and a note to estates], would stop that.",
        "Patients in wheelchairs",
        "improvement",
        "Faulty chairs get a red tag and estates fix tagged chairs within two days. Reports of "
        "faulty chairs fell by [two thirds|60%].",
        minutes=120,
        effect="Patients are not moved in broken chairs.",
    ),
    idea(
        "porter",
        "Tell the ward when we're running late | Delay messages from the porters' lodge",
        "When we're behind, wards keep ringing the lodge and patients sit ready on trolleys. A "
        "quick message saying 'about 20 minutes' [would stop the chasing|would let the nurse tell "
        "the patient].",
        "Patients waiting to be moved, and the wards",
        "communications",
        "The lodge sends a delay message when a job is more than 15 minutes late; chasing calls "
        "fell by [half|about 50%].",
        minutes=150,
        effect="Patients know when their porter is coming.",
    ),
    idea(
        "porter",
        "Book heavier patients as two-porter jobs | Safer moves for heavier patients",
        "Moving heavier patients with one porter is unsafe and undignified, and they wait while "
        "we find a second person. Booking them as two-porter jobs [from the start|on the request "
        "screen] would avoid that.",
        "Patients who need two people to move them",
        "improvement voice-of-customer",
        "A two-porter option is on the request screen; waits for these moves fell by "
        "[twenty|fifteen] minutes on average.",
        effect="Patients are moved safely and without a wait.",
        money=12000,
    ),
    idea(
        "porter security",
        "A pocket map for giving directions | Every porter a guide",
        "Visitors stop us in the corridors all day. A pocket map with every ward and clinic "
        "[would help us give clear directions|so we can answer in seconds] and walk the ones who "
        "need it.",
        "Visitors who are lost",
        "orientation role-modeling",
        "Every porter and security officer carries the pocket map; it is now in the induction "
        "pack too.",
        effect="Visitors get clear directions first time.",
    ),
    idea(
        "porter",
        "Full oxygen cylinders ready at the lodge | No transfers on a half-empty cylinder",
        "We sometimes set off on a transfer with a cylinder that is nearly empty. A rack of full "
        "cylinders at the lodge and a check [before every oxygen transfer|as part of the job] "
        "would make moves safer.",
        "Patients on oxygen",
        "improvement",
        "A full-cylinder rack is kept at the lodge and checked each shift; no transfer has been "
        "delayed for oxygen since.",
        money=2000,
    ),
    idea(
        "porter clean",
        "Join the 08:30 site huddle | Porters on the morning site call",
        "We find out about a big discharge day at 11:00, when it's too late to plan. Two minutes "
        "on the 08:30 site huddle call [would let us plan the morning|would put extra people "
        "where the discharges are].",
        "Patients going home and the wards waiting for beds",
        "communications improvement",
        "The portering supervisor joins the site huddle every morning; midday job backlogs are "
        "smaller.",
        minutes=180,
    ),
    idea(
        "billing",
        "Bills people can understand | Plain-English bills",
        "Patients phone because they can't tell what they're being charged for. Listing each item "
        "in plain words with a named contact [would cut calls|would mean fewer disputes].",
        "Patients receiving bills",
        "communications common-language",
        "The new bill layout went out in the spring; billing enquiries fell by [25%|a quarter].",
        minutes=600,
    ),
    idea(
        "billing",
        "Offer payment plans on the first call | Payment plans before debt letters",
        "Patients who can't pay in full avoid us until the account goes to collections. Offering "
        "a payment plan [on the first call|in the first letter] would be kinder, and we'd get "
        "paid.",
        "Patients struggling to pay",
        "recovery voice-of-customer",
        "Plans are offered up front; accounts sent to collections fell by a third.",
        money=38000,
        effect="Patients agree a plan instead of getting debt letters.",
    ),
    idea(
        "records",
        "Pull clinic notes the afternoon before | Notes in clinic before the patient arrives",
        "Clinics start without notes and patients repeat their whole history. Pulling notes the "
        "afternoon before [would end that|for morning clinics at least] would help.",
        "Outpatients and clinic staff",
        "improvement",
        "Morning clinic notes are delivered by 16:00 the day before; clinics start on time more "
        "often.",
        minutes=240,
        money=7000,
    ),
    idea(
        "records",
        "A one-page form to request your records | Make it easy to ask for your own records",
        "Requesting your own records means a four-page form. One page and a phone number [would "
        "make it easier|would cut our backlog].",
        "Patients asking for their records",
        "communications",
        "The one-page form is online and at reception; the request backlog is down to a week.",
        minutes=150,
    ),
    idea(
        "it",
        "Password reset by text for night staff | Self-service password reset",
        "Night staff locked out of the system wait until the service desk opens at 08:00. A "
        "self-service reset by text [would get them back in minutes|means care isn't delayed].",
        "Night staff locked out of systems",
        "improvement",
        "Self-service reset launched; overnight lockout calls fell by [70%|two thirds].",
        minutes=300,
        money=4000,
    ),
    idea(
        "it",
        "Walk the wards once a week | An IT floor walk every week",
        "Small IT problems on wards never get reported because staff are too busy to ring. A "
        "weekly walk-round [would catch them|would show we care about their day].",
        "Ward staff",
        "role-modeling improvement",
        "A weekly floor walk covers every ward; [dozens|many] small faults were fixed on the spot.",
        minutes=120,
    ),
    idea(
        "hr",
        "Answer job applicants within a week | Don't leave applicants waiting",
        "Applicants hear nothing for weeks and take jobs elsewhere. A reply within five working "
        "days, [even if it's a no|with a named contact], would help us and them.",
        "People applying to work here",
        "recruitment",
        "The five-day reply standard is met [nine times in ten|in most cases]; time to hire fell "
        "by eight days.",
        money=18000,
    ),
    idea(
        "hr",
        "A service scenario in every frontline interview | Hire for attitude as well as skills",
        "We interview for skills and tick the values box. One real scenario question [about a "
        "difficult family|about handling a complaint] would tell us how someone will treat "
        "patients.",
        "Patients, through the people we hire",
        "recruitment vision",
        "The scenario question is in all frontline interview packs.",
    ),
    idea(
        "hr",
        "A payroll drop-in after night shift | Payroll help for people on nights",
        "Night staff can never reach payroll. A monthly drop-in [at 07:30|straight after night "
        "shift] would sort questions in one visit.",
        "Night staff",
        "improvement",
        "The drop-in runs on the first Tuesday of each month and is always busy.",
    ),
    idea(
        "any",
        "Start team meetings with a patient story | Open every meeting with a patient's voice",
        "Our team meetings start with rotas and budgets. Starting with a two-minute story from a "
        "patient or family [reminds us why we're here|sets the tone for the rest].",
        "Everyone we serve",
        "vision role-modeling",
        "Every team meeting {here} now opens with a patient story; staff say meetings feel more "
        "purposeful.",
    ),
    idea(
        "any",
        "Monthly thank-you nominations | Peer nominations for great service",
        "We only hear from managers when something goes wrong. A monthly peer nomination [with a "
        "card from the director|read out at the team meeting] would recognise the good work.",
        "The team",
        "recognition",
        "Nominations run monthly; [twenty-six|thirty] colleagues were recognised in the first "
        "half year.",
    ),
    idea(
        "any",
        "'Ask me' badges for staff happy to give directions | Show visitors who they can ask",
        "Visitors don't know who they can ask. An 'Ask me' badge for staff who are happy to help "
        "with directions [would make it easy|costs almost nothing].",
        "Visitors who are lost",
        "role-modeling common-language",
        "Badges were handed out at the staff briefing; [over 200|about 180] staff wear one.",
        effect="Visitors know who to ask.",
    ),
    idea(
        "any",
        "Show how long ideas wait for an answer | Put idea waiting times on the team board",
        "Ideas sometimes wait weeks for a decision. If the team board showed how long each idea "
        "has been waiting [we'd answer faster|people would keep suggesting things].",
        "Colleagues who suggest ideas",
        "measures improvement",
        "The board shows days waiting; most ideas now get an answer within a week.",
    ),
    idea(
        "any",
        "Visit another hospital's {dept} team | Learn from another hospital's {dept} team",
        "We'd like to see how another hospital's {dept} team handles [peak times|complaints|new "
        "starters]. A half-day visit for two of us [could bring back ideas|would cost very "
        "little].",
        "Our patients, through what we learn",
        "benchmarking",
        "Two of us visited; we brought back three ideas and two are already in place.",
    ),
    idea(
        "any",
        "One question before people leave | Ask what would have made today better",
        "A single question at the end of each visit, 'what would have made today better?', "
        "[written on a card|asked by whoever says goodbye] would give us ideas every week.",
        "Patients and visitors",
        "voice-of-customer measures",
        "Cards are collected weekly and reviewed at huddle; they have led to four changes so far.",
    ),
    idea(
        "any",
        "A welcome pack with our service promise for new starters | Put our service promise in "
        "the induction pack",
        "New starters get a policy folder but nothing about how we treat people here. A one-page "
        "welcome with our service promise and a few real stories [would set the tone|would help "
        "them settle].",
        "New colleagues",
        "orientation vision",
        "The welcome page is in every induction pack and new starters sign it with their buddy.",
    ),
    idea(
        "any",
        "Managers back on the floor once a month | A monthly back-to-the-floor shift for managers",
        "Managers rarely see what a busy shift feels like {here}. One shift a month working "
        "alongside the team [would show them the roadblocks|would mean a lot to staff].",
        "The team, and the patients behind the roadblocks",
        "role-modeling",
        "Each manager has done a back-to-the-floor shift; four roadblocks were removed as a "
        "result.",
    ),
    idea(
        "any",
        "Our service wins in the staff newsletter | Share service wins across the hospital",
        "Good news from teams like ours never reaches the rest of the hospital. A short 'service "
        "win of the month' in the newsletter [would spread good ideas|would give people credit].",
        "Other teams, and the people whose work is shared",
        "communications recognition",
        "The newsletter has a service-wins column; [three|four] teams copied an idea they read "
        "there.",
    ),
    idea(
        "any",
        "Five minutes on our service language each month | Keep our service language alive",
        "We agreed a common service language at the launch workshop and it is already fading. "
        "Five minutes at the monthly team meeting [on one phrase|on one real example] would keep "
        "it alive.",
        "Everyone we serve",
        "common-language",
        "A five-minute slot opens every team meeting; the phrases are on the staff-room wall.",
    ),
    idea(
        "any",
        "Ask new starters what surprised them | Fresh eyes: a 30-day chat with new starters",
        "New starters see what we have stopped noticing. Asking them after their first month "
        "[what surprised them|what they would change] would give us fresh ideas.",
        "New colleagues and our patients",
        "orientation improvement",
        "Every new starter has a 30-day chat with the supervisor; it has produced [five|six] "
        "ideas so far.",
    ),
    idea(
        "any",
        "Compare our feedback with other hospitals | Benchmark our patient feedback",
        "We see our own feedback scores but not whether they are good. Comparing them with [the "
        "two neighbouring hospitals|the national figures] each quarter would show where to focus.",
        "Patients, through better priorities",
        "benchmarking measures",
        "A quarterly comparison is shared at the team meeting; it pointed us at waiting times "
        "first.",
    ),
    idea(
        "any",
        "Celebrate implemented ideas at the team meeting | Thank the people whose ideas we adopted",
        "Ideas get implemented quietly and the person who suggested them is forgotten. A "
        "two-minute mention [with a thank-you card|at the start of the meeting] would encourage "
        "more.",
        "Colleagues who suggest ideas",
        "recognition",
        "Implemented ideas are read out monthly with the author's name; suggestions went up.",
    ),
]
