"""Ideas from nursing teams: wards, emergency, theatres, maternity and children's services.
Written the way staff write them: the problem they see, then the fix.
"""

from tandem.demo.bank import idea

WARD_IDEAS = [
    idea(
        "ward",
        "Water jugs refilled before night handover | Fresh water at every bed before nights",
        "Patients on {unit} often wake at night to an empty jug and don't like to press the call "
        "bell just for water. If the late HCA refilled every jug at 20:30, before handover, [we'd "
        "cut night call bells|fewer people would go thirsty overnight].",
        "[Patients on the ward overnight|Patients who don't like to ring the bell]",
        "improvement voice-of-customer",
        "Jugs are now refilled at 20:30 on the evening round. Night call bells for water fell "
        "from about [nine|eight|ten] a night to two [in the first month|over four weeks].",
        minutes=60,
        effect="Patients say they no longer lie awake waiting for a drink.",
    ),
    idea(
        "ward care",
        "Discharge letters in large print | Large-print medicines page on discharge letters",
        "Older patients [struggle|squint] to read our discharge letters, and relatives phone the "
        "ward the next day to ask what each tablet is for. Printing the medicines page in "
        "14-point type with a plain line for each medicine would [save those calls|let people "
        "read it at home without help].",
        "Older patients going home",
        "communications voice-of-customer",
        "The discharge template now prints the medicines page in large type with a 'what it is "
        "for' line. Follow-up calls about medicines fell by [about a third|roughly 30%].",
        minutes=90,
        effect="Patients can read their own discharge letter.",
    ),
    idea(
        "ward",
        "Plan tomorrow's discharges the evening before | Discharge lounge by 11:00",
        "Beds on {unit} are freed late because discharge paperwork starts on the morning of "
        "discharge. If the late shift listed tomorrow's likely discharges and started the "
        "take-home medicines then, patients could be in the discharge lounge by 11:00 [and ED "
        "waits would shrink|instead of mid-afternoon].",
        "Patients waiting in ED for a bed, and patients keen to get home",
        "improvement measures",
        "The evening board round now flags next-day discharges. Median discharge time moved from "
        "[15:40 to 12:50|15:20 to 12:30] over two months.",
        minutes=240,
        money=24000,
        effect="Patients go home before lunch instead of waiting all afternoon.",
    ),
    idea(
        "ward children maternity",
        "Name boards above every bed | 'Today I'm looked after by' boards",
        "Patients [keep asking|often ask] who is looking after them today. A small whiteboard "
        "above each bed with the nurse's and HCA's names for the shift, filled in at handover, "
        "[would answer that|would help visiting families too].",
        "Patients and visiting families",
        "common-language communications",
        "Boards are fitted in every bay and filled in at each handover. In the ward survey 'I "
        "knew who my nurse was' rose from [61% to 88%|58% to 85%].",
        effect="Patients know who to ask for help.",
        minutes=60,
    ),
    idea(
        "ward",
        "Quiet hours after 22:00 | Lights low and voices down at night",
        "Patients tell us {unit} is loud at night: bins slamming, phones ringing, staff chatting "
        "at the desk. A quiet-hours routine from 22:00 with soft-close bins, phones on vibrate "
        "and the main lights dimmed [costs almost nothing|is easy to start tomorrow].",
        "Patients trying to sleep",
        "improvement voice-of-customer",
        "Soft-close bin lids are fitted and the lights routine was agreed at huddle. The sleep "
        "score in the patient survey rose from [3.1 to 3.9|3.3 to 4.0] out of 5.",
        effect="Patients report sleeping better on the ward.",
    ),
    idea(
        "ward",
        "Eye masks and earplugs on the night trolley | Offer sleep packs on the 22:00 round",
        "We have eye masks and earplugs in stores but nobody offers them. Putting a few on the "
        "22:00 drug trolley [means every patient gets asked|costs pennies per patient].",
        "Patients in bays near the nurses' station",
        "improvement",
        "Packs are offered on the 22:00 round and [about half|roughly 40%] of patients take one.",
        effect="Fewer complaints about noise at night.",
    ),
    idea(
        "ward maternity children",
        "Welcome sheet for relatives | What to expect {here}",
        "Families arrive not knowing visiting times, where to park or who to ring for an update. "
        "A one-page welcome sheet handed over at admission would [save a lot of repeated "
        "explanations|make the first visit less stressful].",
        "Relatives of newly admitted patients",
        "communications orientation",
        "A one-page sheet was written with [two|three] families and is now in the admission pack. "
        "Calls asking about visiting and parking have [almost stopped|dropped noticeably].",
        minutes=45,
        effect="Families know what to expect from the first visit.",
    ),
    idea(
        "ward ed",
        "Whoever is nearest answers the call bell | Anyone answers the bell",
        "Call bells ring on because people wait for 'the patient's own nurse'. If anyone passing "
        "answered, even just to say 'I'll get your nurse for you', [waits would drop|patients "
        "would feel heard].",
        "Patients who need help quickly",
        "role-modeling common-language",
        "Agreed as a ward standard and role-modelled by the charge nurses. The average call-bell "
        "response fell from [four minutes to under two|about five minutes to two].",
        effect="Patients wait less for help.",
    ),
    idea(
        "ward",
        "Protected mealtimes sign on the ward door | Keep lunchtime free of interruptions",
        "Visitors and the blood round often arrive right at lunch and patients' food goes cold. A "
        "clear sign and a word from the desk [would protect those 30 minutes|would help patients "
        "finish their meals].",
        "Patients who are slow to eat",
        "communications improvement",
        "Signs are up and phlebotomy agreed to avoid 12:00–12:30. Untouched lunch trays fell by "
        "about a quarter.",
        effect="More patients finish their lunch while it is hot.",
    ),
    idea(
        "ward food",
        "Red trays for patients who need help eating | Flag who needs help at mealtimes",
        "Agency staff and new starters can't tell who needs help with meals. A red tray [flags it "
        "at a glance|makes it obvious] without anyone having to read the notes.",
        "Patients who need help to eat",
        "orientation improvement",
        "Red trays were introduced with the kitchen; the hostess flags them when plating. No "
        "missed-assistance incidents have been reported since.",
        effect="Patients who need help get it while the food is hot.",
    ),
    idea(
        "ward",
        "A set time for family phone updates | One daily call for the next of kin",
        "Families ring all day for updates and each call pulls a nurse away from a patient. "
        "Offering each next of kin a [set|named] call window, say 14:00–15:00, with their "
        "relative's nurse would cut interruptions and give families a reliable update.",
        "Families who can't visit",
        "communications voice-of-customer",
        "Families are offered a 14:00–15:00 call slot at admission. Incoming calls before noon "
        "[halved|fell by about half].",
        minutes=180,
        effect="Families get one proper update a day instead of chasing.",
    ),
    idea(
        "ward ed",
        "Spare phone chargers at the nurses' station | A charger box for patients admitted in a "
        "hurry",
        "Patients admitted through ED often arrive without a charger and lose touch with their "
        "family. A box with the common chargers at the desk [would fix that for a few "
        "pounds|costs next to nothing].",
        "Patients admitted in a hurry",
        "improvement",
        "A box of donated chargers is kept at the desk and signed out like equipment. It is used "
        "[several times a week|most days].",
        effect="Patients can keep in touch with family.",
    ),
    idea(
        "ward maternity",
        "Bedside handover instead of at the desk | Hand over at the bedside with the patient",
        "When we hand over at the desk patients hear nothing about their own plan. A short "
        "bedside handover that introduces the next nurse [includes the patient|catches mistakes "
        "early].",
        "Patients who want to know their plan",
        "improvement common-language",
        "Bedside handover was trialled on days and then adopted on nights. Patients say they know "
        "the plan for the day.",
        effect="Patients hear their plan and can correct us.",
        minutes=45,
    ),
    idea(
        "ward",
        "'What matters to me' card on every locker | Ask patients what matters to them",
        "We ask about pain and observations but rarely what matters to the person. A card on the "
        "locker where patients or family write [one thing we should know|how they like to be "
        "addressed and what calms them] would guide everyone who comes to the bed.",
        "Patients with dementia and their carers",
        "voice-of-customer common-language",
        "Cards are now filled in at admission, with family help where needed, and staff mention "
        "them at handover.",
        effect="Staff greet patients the way they prefer.",
    ),
    idea(
        "ward",
        "Day-and-date clocks in every bay | Clocks that show the day for patients with dementia",
        "Several of our patients with dementia become distressed in the afternoon because they "
        "lose track of day and time. Large day-and-date clocks in each bay are cheap [and help "
        "orientation|and calm people].",
        "Patients with dementia",
        "improvement",
        "[Six|Eight] clocks were bought from the ward amenity fund. Fewer episodes of afternoon "
        "agitation have been recorded.",
        effect="Patients with dementia are calmer in the afternoons.",
    ),
    idea(
        "care front",
        "A service question in the morning huddle | Bring the patient's voice into huddle",
        "Our morning huddle is all beds and staffing. Adding one question, 'what did a patient or "
        "family tell us yesterday?', [takes a minute|keeps the patient's voice in the room].",
        "Patients whose feedback gets lost",
        "voice-of-customer communications",
        "The question is on the huddle sheet. About two small fixes a week now come straight from "
        "it.",
    ),
    idea(
        "ward",
        "Pre-packed admission bags | Admission packs made up on nights",
        "Each admission on {unit} means hunting for a gown, wash bag, jug and menu. A pre-packed "
        "bag made up by the night HCA would save [ten minutes an admission|a lot of walking].",
        "Nurses admitting patients, and the patients waiting",
        "improvement",
        "Night HCAs make up [eight|six] bags a night. It saves about ten minutes per admission.",
        minutes=150,
        money=2500,
    ),
    idea(
        "ward",
        "Yellow non-slip socks for patients at risk of falls | Non-slip socks to cut falls",
        "Patients at risk of falling wear whatever socks they came in. Yellow non-slip socks "
        "[would show everyone who is at risk|would cut slips on the polished floor].",
        "Patients at risk of falls",
        "improvement measures",
        "Socks are issued to everyone with a falls score above 3. Falls per 1,000 bed days went "
        "from [6.2 to 4.5|5.8 to 4.1] over the quarter.",
        money=9000,
        effect="Fewer patients fall on the ward.",
    ),
    idea(
        "ed",
        "Show the real waiting time in ED | Waiting-time screen by triage",
        "People in the waiting room keep coming to the desk to ask how long. A screen with the "
        "current average wait to see a clinician, updated hourly, [would answer before they "
        "ask|is honest and takes the heat out of the room].",
        "People waiting in ED",
        "communications voice-of-customer",
        "A screen beside triage shows the rolling average wait. Questions at the desk fell and "
        "reception say the room is calmer.",
        effect="Patients know how long they will wait.",
    ),
    idea(
        "ed",
        "Hourly comfort round in the waiting room | Check on everyone in the waiting room every "
        "hour",
        "Patients wait hours without anyone checking on them. An hourly round by a HCA offering "
        "water, a pain check and an update [would catch people getting worse|shows we haven't "
        "forgotten them].",
        "Patients in the ED waiting room",
        "improvement recovery",
        "The hourly round is logged on a clipboard. In the first month it picked up [two|three] "
        "patients who were getting worse.",
        effect="Patients in the waiting room are checked on.",
    ),
    idea(
        "ed",
        "A children's corner in ED waiting | Somewhere calmer for children waiting in ED",
        "Families with small children wait beside adults who are drunk or distressed. A screened "
        "corner with a few books and a wipe-clean mat [would help|would make a long wait easier].",
        "Families with young children",
        "improvement voice-of-customer",
        "A screened corner with books and a mat was set up with help from the League of Friends. "
        "Parents use it all day.",
        effect="Children have somewhere calmer to wait.",
    ),
    idea(
        "ed",
        "Text minors patients when their results are back | Let minors patients wait in the café",
        "Minors patients sit in the waiting room for blood results. If we took a mobile number "
        "they could wait in the café and get a text [when the result is ready|when it's their "
        "turn].",
        "Patients waiting for results",
        "improvement communications",
        "Trialled using the existing SMS system: median time spent in the waiting room fell by "
        "[40|35] minutes.",
        effect="Patients can wait somewhere more comfortable.",
    ),
    idea(
        "ed",
        "One-page ambulance handover checklist | Faster, safer ambulance handovers",
        "Handovers from paramedics vary and details get lost. A one-page checklist [agreed with "
        "the ambulance service|kept at the ambulance bay] would speed up handover.",
        "Patients arriving by ambulance, and the crews waiting",
        "common-language improvement",
        "The checklist was agreed with the ambulance service; average handover time fell from [24 "
        "to 16|22 to 15] minutes.",
        minutes=300,
    ),
    idea(
        "theatre",
        "Ring the family from recovery | Tell families when surgery is over",
        "Relatives wait for hours with no news while their person is in theatre. A quick call "
        "from recovery saying the operation is over and they're waking up [would mean so "
        "much|would end the worst part of their day].",
        "Families waiting during surgery",
        "communications voice-of-customer",
        "Recovery nurses now call the named relative within 30 minutes of the patient arriving in "
        "recovery.",
        effect="Families hear the news within half an hour.",
    ),
    idea(
        "theatre ward",
        "Staggered arrival times for day surgery | Stop asking every day-surgery patient to "
        "arrive at 07:00",
        "All day-surgery patients are told to arrive at 07:00 even if they are last on the list, "
        "and they wait hours with nothing to eat. Staggered arrival times [would spare them "
        "that|would be kinder].",
        "Day-surgery patients",
        "improvement voice-of-customer",
        "Two arrival slots, 07:00 and 10:30, are now given. The average wait before surgery fell "
        "from [4.2 to 2.1|4 to 2] hours.",
        effect="Patients fast for less time before surgery.",
    ),
    idea(
        "theatre",
        "Warm blankets in the holding bay | A blanket warmer for patients waiting outside theatre",
        "Patients shiver on the trolley [in the anaesthetic room|waiting outside theatre]. A "
        "blanket warmer in the holding bay would make it a lot less frightening.",
        "Patients waiting for surgery",
        "improvement",
        "A blanket warmer was bought from the theatre budget. Patients comment on it in the "
        "recovery feedback.",
        effect="Patients arrive in theatre warm and calmer.",
    ),
    idea(
        "maternity",
        "Partners can stay the first night | Let partners stay overnight on the postnatal ward",
        "New mums ask for their partner to stay the first night. A reclining chair per bay and a "
        "simple agreement [would let partners help with feeds|would ease pressure on the night "
        "midwives].",
        "New parents",
        "voice-of-customer improvement",
        "Reclining chairs were bought with charity funds and partners may stay on request. Call "
        "bells on the first night fell.",
        effect="New parents have support on their first night.",
    ),
    idea(
        "maternity",
        "Feeding drop-in before going home | A daily feeding support session on the ward",
        "Many parents go home unsure about feeding and then ring the ward at night. A daily 11:00 "
        "drop-in [with a maternity support worker|in the day room] would cover the basics.",
        "Parents of newborns",
        "improvement voice-of-customer",
        "The daily drop-in is running; calls about feeding in the first 48 hours at home fell by "
        "about half.",
        minutes=120,
        effect="Parents go home more confident about feeding.",
    ),
    idea(
        "children",
        "Prepare children before blood tests | Numbing cream at the ward round",
        "Children scream through blood tests because nobody prepared them. Ten minutes with the "
        "play specialist and numbing cream [an hour before|applied at the ward round] makes a "
        "huge difference.",
        "Children having blood taken, and their parents",
        "improvement voice-of-customer",
        "Numbing cream is applied at the ward round for any child due bloods. Repeat attempts "
        "fell and parents have noticed.",
        effect="Blood tests are less frightening for children.",
    ),
    idea(
        "children",
        "Meal vouchers for parents on long stays | Feed the parents, not just the children",
        "Parents who stay with their child eat from vending machines for days. A daily café "
        "voucher [for stays over three nights|for parents who can't leave the bedside] would help.",
        "Parents staying with their child",
        "voice-of-customer improvement",
        "The hospital charity now funds a daily café voucher for parents of children staying more "
        "than three nights.",
        effect="Parents get a proper meal while their child is in hospital.",
    ),
    idea(
        "care pharmacy",
        "Teach-back before patients go home | Check patients understand their medicines before "
        "discharge",
        "We explain medicines at discharge and assume they're understood. Asking patients to tell "
        "us back, in their own words, [what each tablet is for|when to take each tablet] would "
        "catch misunderstandings before they get home.",
        "Patients going home on new medicines",
        "common-language improvement",
        "Teach-back is on the discharge checklist, and it catches [a handful of|several] "
        "misunderstandings every week.",
        effect="Patients leave knowing how to take their medicines.",
    ),
    idea(
        "care diagnostic",
        "An interpreter phone on every ward | Dual-handset phone for the interpreting line",
        "Booking an interpreter takes hours, so staff end up using relatives, sometimes children. "
        "A phone set up for the telephone interpreting line [on each ward|at each nurses' "
        "station] would make it a two-minute job.",
        "Patients who don't speak English",
        "voice-of-customer improvement",
        "Dual-handset phones are installed at every nurses' station. Interpreter use went up "
        "[fourfold|three times] and children are no longer asked to interpret.",
        effect="Patients understand their own care.",
    ),
    idea(
        "care diagnostic therapy",
        "A named buddy for new starters | Buddy for the first four shifts",
        "New starters {here} [get lost|feel thrown in] on their first shifts and some leave "
        "within months. Pairing each one with a named buddy for four shifts would help them "
        "settle.",
        "New colleagues",
        "orientation role-modeling",
        "The charge nurses keep a buddy list. [Three of four|Most] new starters said their first "
        "week felt welcoming.",
    ),
    idea(
        "ward",
        "Families help fill in tomorrow's menu | Ask families what their relative likes to eat",
        "Patients with confusion order food they then don't eat. Families visiting at lunch "
        "[could fill in tomorrow's menu with them|know what they actually like].",
        "Patients with confusion, and their families",
        "voice-of-customer",
        "Menu cards are left with visiting families at lunch. Plate waste for those patients "
        "dropped and families like being asked.",
        effect="Patients get food they will eat.",
    ),
    idea(
        "care diagnostic",
        "A thank-you board in the staff room | Put the thank-you cards where we can see them",
        "We get lovely cards from families and they end up in a drawer. A board in the staff room "
        "where they're pinned up [for everyone to see|with the names of the staff mentioned] "
        "would lift the team.",
        "The team",
        "recognition",
        "The board is up, and the cards are read out at the Friday huddle.",
    ),
    idea(
        "ward",
        "Linen in each bay, not at the far end | Bay linen trolleys",
        "We walk to the far end of {unit} for every sheet and gown. A small linen stock in each "
        "bay, topped up by the housekeeper, would save [miles|time on every bed change].",
        "HCAs and the patients waiting for them",
        "improvement",
        "Bay linen trolleys were introduced; a step counter showed about [2 km|1.5 km] a shift "
        "saved per HCA.",
        minutes=200,
    ),
    idea(
        "ward",
        "Book transport the day before discharge | No more waiting in coats for hospital transport",
        "Patients ready to go home wait hours for hospital transport because it's booked on the "
        "morning. Booking the day before [for planned discharges|as soon as the date is agreed] "
        "would free beds earlier.",
        "Patients going home by hospital transport",
        "improvement measures",
        "Transport is booked at the evening board round. Average wait for transport fell from "
        "[five to two hours|over four hours to under two].",
        minutes=120,
        effect="Patients are not left waiting in their coats.",
        money=8000,
    ),
]
