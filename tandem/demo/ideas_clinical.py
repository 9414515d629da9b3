"""Ideas from clinical support teams: imaging, laboratory, pharmacy and therapies."""

from tandem.demo.bank import idea

CLINICAL_IDEAS = [
    idea(
        "ward therapy",
        "Hearing aid batteries at the desk | Keep spare hearing aid batteries on the ward",
        "Older patients' hearing aids go flat and they can't follow what the doctors tell them. A "
        "small stock of batteries [at the nurses' station|on the drug trolley] costs almost "
        "nothing.",
        "Patients with hearing aids",
        "improvement voice-of-customer",
        "Batteries in the three common sizes are kept at the desk and restocked monthly.",
        effect="Patients can hear their ward round.",
    ),
    idea(
        "imaging",
        "Wrap-around gowns in X-ray | Dignity gowns for imaging",
        "Patients walking from the changing cubicle to the X-ray room hold their gown closed "
        "behind them. Wrap-around gowns [would spare them that embarrassment|cost only a little "
        "more].",
        "Patients having X-rays",
        "voice-of-customer improvement",
        "Wrap-around gowns are stocked in all imaging changing rooms.",
        effect="Patients feel less exposed.",
    ),
    idea(
        "imaging lab",
        "Tell outpatients the real wait when they check in | Honest waiting times at check-in",
        "Outpatients are told 'you'll be called soon' and then wait 50 minutes. Telling them "
        "honestly at check-in [and suggesting the café|with a pager to call them back] would calm "
        "the waiting area.",
        "Outpatients waiting for tests",
        "communications voice-of-customer",
        "Reception now give an honest estimate and a pager. Complaints about waiting halved.",
        effect="Patients can plan their wait.",
    ),
    idea(
        "imaging",
        "A safety call before MRI appointments | Cut same-day MRI cancellations with a phone call",
        "Patients turn up with implants or claustrophobia we didn't know about and the scan is "
        "cancelled. A short call two days before [would catch these|would prepare nervous "
        "patients].",
        "MRI outpatients",
        "improvement voice-of-customer",
        "The radiology assistants make the calls. Same-day MRI cancellations fell from [9% to "
        "3%|8% to 2%].",
        money=31000,
        effect="Fewer wasted journeys for patients.",
    ),
    idea(
        "imaging",
        "Patients choose the music in the scanner | Playlists for MRI patients",
        "Patients in MRI lie still for half an hour listening to the banging. Letting them pick a "
        "playlist for the headphones [is simple|makes a frightening scan bearable].",
        "Nervous patients having scans",
        "voice-of-customer",
        "A tablet with streaming playlists is linked to the MRI headphones; fewer scans are "
        "stopped early.",
        effect="Scans are less frightening.",
    ),
    idea(
        "lab",
        "A ticket machine at the blood test clinic | End the corridor queue at phlebotomy",
        "Patients queue in the corridor and argue about who was next. A ticket machine and a "
        "number display [would end the arguments|would let people sit down].",
        "Outpatients having blood tests",
        "improvement",
        "The ticket system is installed. Complaints about queue-jumping stopped and the corridor "
        "is clear.",
        effect="Patients can sit while they wait.",
        minutes=60,
    ),
    idea(
        "lab",
        "Bookable early slots for blood tests | Book a blood test before work",
        "Walk-in waits reach 90 minutes on Monday mornings. Bookable slots [for the first "
        "hour|for people on their way to work] would smooth the peak.",
        "Working patients needing blood tests",
        "improvement measures",
        "Booking opened for 07:30–09:30. Monday morning waits are now under 25 minutes.",
        minutes=180,
        effect="Patients get in and out before work.",
        money=3000,
    ),
    idea(
        "lab",
        "Phone critical results straight to the nurse in charge | Close the loop on urgent results",
        "Urgent results sit in the system until someone thinks to look. A call to the nurse in "
        "charge for any critical value [would save time when it matters|would close the loop].",
        "Acutely unwell patients",
        "improvement communications",
        "Critical values are phoned within 15 minutes and logged. The wards say it has sped up "
        "treatment.",
        minutes=60,
    ),
    idea(
        "pharmacy",
        "Take-home medicines ready the night before | Start discharge prescriptions the evening "
        "before",
        "Patients wait up to four hours for their take-home medicines. If planned discharges "
        "reach us the evening before, [we can have them ready by 10:00|the morning rush eases].",
        "Patients waiting to go home",
        "improvement measures",
        "An evening list was agreed with three wards: the average wait for take-home medicines "
        "fell from [3h50 to 1h40|nearly four hours to under two].",
        minutes=300,
        effect="Patients leave hours earlier.",
        money=15000,
    ),
    idea(
        "pharmacy",
        "Picture charts for medicines at home | A simple medicines timetable for patients going "
        "home",
        "Patients going home with six new medicines get a printed list that's hard to follow. A "
        "morning-lunch-evening chart with pictures [would help them get it right|would help "
        "carers too].",
        "Patients on several medicines, and their carers",
        "communications common-language",
        "Charts are printed for anyone going home on four or more medicines. Readmissions for "
        "medicine mix-ups are being tracked.",
        effect="Carers can check tablets at a glance.",
    ),
    idea(
        "pharmacy",
        "Text outpatients when their prescription is ready | No more waiting at the dispensary "
        "hatch",
        "Outpatients hover by the dispensary hatch for their prescription. Giving them a time and "
        "texting when it's ready [would clear the corridor|lets them get a coffee].",
        "Outpatients collecting prescriptions",
        "improvement communications",
        "SMS alerts are live; the corridor outside the dispensary is no longer crowded.",
        effect="Patients don't stand in a corridor waiting.",
    ),
    idea(
        "pharmacy",
        "A pharmacist on the ward round twice a week | Bring pharmacy to the ward round",
        "Prescribing queries take hours by bleep. A pharmacist joining the medical ward round "
        "[would sort them on the spot|would catch interactions earlier].",
        "Ward teams and their patients",
        "improvement",
        "A pharmacist joins the Tuesday and Friday rounds on two wards. Queries by bleep fell by "
        "half.",
        minutes=240,
        money=20000,
    ),
    idea(
        "therapy",
        "Exercise sheets with photos from our own gym | Clearer home exercise sheets",
        "Patients are sent home with photocopied exercise sheets they can't follow. Sheets with "
        "photos [taken in our own gym|of real patients who agreed] would be clearer.",
        "Patients doing exercises at home",
        "communications",
        "New sheets with our own photos cover the twelve most common exercises.",
        effect="Patients do their exercises properly at home.",
        minutes=45,
    ),
    idea(
        "therapy ward",
        "A daily walking group on the ward | Keep inpatients moving with a walking group",
        "Patients lose strength lying in bed waiting for discharge. A short daily walking group "
        "[along the corridor|led by a therapy assistant] would keep them moving.",
        "Older inpatients",
        "improvement",
        "A 10:30 walking group runs on two wards; fewer patients need a frame at discharge.",
        effect="Patients go home stronger.",
    ),
    idea(
        "therapy",
        "Check the home before discharge with the family | A home checklist for families at "
        "admission",
        "We find out about stairs and loose rugs on the day of discharge. A short checklist that "
        "families fill in [in the first week|at the first visit] would let us plan equipment "
        "early.",
        "Patients going home with new mobility needs",
        "improvement voice-of-customer",
        "Families get the checklist at admission. Discharges delayed for equipment fell by about "
        "a third.",
        minutes=90,
    ),
]
