"""Ideas from the teams patients meet at the front door and at mealtimes: reception, patient
experience and food services.
"""

from tandem.demo.bank import idea

FRONT_IDEAS = [
    idea(
        "reception",
        "Coloured floor lines to the main departments | Wayfinding lines from the front door",
        "Visitors stop at the desk twenty times an hour to ask for X-ray, outpatients or the "
        "wards. Coloured floor lines from the main entrance [would let them find their own "
        "way|would free us for the people who really need help].",
        "Visitors and outpatients finding their way",
        "improvement voice-of-customer",
        "Estates painted lines to X-ray, outpatients and the lifts. Direction questions at the "
        "desk [dropped by about half|fell sharply].",
        minutes=300,
        effect="Visitors find their way without queueing.",
    ),
    idea(
        "reception experience",
        "A greeter at the main entrance at peak times | Meet people at the door in the morning "
        "rush",
        "Between 08:30 and 10:00 the queue at reception runs out of the door. A greeter asking "
        "'where are you heading?' [could send most people straight on|would shorten the queue].",
        "Outpatients arriving in the morning",
        "improvement role-modeling",
        "Volunteer greeters cover weekday mornings and the queue rarely reaches the door now.",
        effect="Patients are greeted, not queued.",
    ),
    idea(
        "reception porter",
        "Wheelchairs kept at the front door | A wheelchair bay at the main entrance",
        "Frail patients struggle from the drop-off bay because the wheelchairs are always "
        "somewhere else. A coin-release wheelchair bay by the entrance [would keep them "
        "there|would stop the hunting].",
        "Frail patients and their drivers",
        "improvement",
        "A twelve-chair bay was installed by the entrance; porters return chairs on their rounds.",
        minutes=120,
        effect="Frail patients get a chair at the door.",
    ),
    idea(
        "reception",
        "Answer the phone with our name | A friendlier phone greeting",
        "Callers can't tell if they've reached the right place. 'Main reception, this is {first}, "
        "how can I help?' [is a small change|sounds far more welcoming].",
        "People phoning the hospital",
        "common-language",
        "The greeting is agreed; mystery calls by the patient experience team scored it [4.6|4.5] "
        "out of 5.",
        effect="Callers know who they are speaking to.",
    ),
    idea(
        "reception",
        "Outpatient letters in plain English | Rewrite the appointment letter with patients",
        "Our appointment letters open with a reference number and 'you are required to attend'. "
        "Plain English with the date, time and place at the top [would cut calls|would mean fewer "
        "missed appointments].",
        "Outpatients",
        "communications common-language",
        "The letter was rewritten with the patient panel. Calls asking where to go fell by 30% "
        "and missed appointments went from [8.1% to 6.4%|8% to 6.5%].",
        minutes=400,
        money=42000,
        effect="Patients turn up in the right place at the right time.",
    ),
    idea(
        "reception",
        "Reminder texts three days before appointments | Cut missed appointments with reminder "
        "texts",
        "One in twelve outpatients doesn't turn up and the slot is wasted. A text three days "
        "before [with a link to rebook|saying where to go] would give the slot to someone else.",
        "Outpatients and people on the waiting list",
        "improvement measures",
        "Reminder texts went live in all clinics. Missed appointments fell by about a fifth.",
        money=55000,
        effect="Freed slots go to people on the waiting list.",
    ),
    idea(
        "reception",
        "Offer a call-back instead of holding | Stop leaving callers on hold",
        "Callers hold for ten minutes at peak times and many give up. Offering a call-back [when "
        "the queue is over five|in the next quiet spell] would stop that.",
        "People phoning at busy times",
        "improvement voice-of-customer",
        "Call-back is offered at peak times; abandoned calls fell from [18% to 6%|one in five to "
        "one in sixteen].",
        effect="Callers are not left on hold.",
        money=5000,
    ),
    idea(
        "reception",
        "A checklist with every admission letter | Help patients prepare for their admission",
        "Patients arrive for planned admission without their medicines, or having eaten when they "
        "shouldn't. A checklist [with the admission letter|texted two days before] would help.",
        "Patients coming in for planned treatment",
        "communications",
        "The checklist goes out with every letter; same-day cancellations for fasting errors have "
        "almost stopped.",
        money=14000,
        minutes=60,
    ),
    idea(
        "reception",
        "Seats and a phone for people waiting for transport | A waiting spot for hospital "
        "transport",
        "Patients waiting for hospital transport stand by the main door for an hour. A few chairs "
        "and a phone to the transport desk [would let them sit|would let them check on their "
        "lift].",
        "Patients waiting for hospital transport",
        "improvement voice-of-customer",
        "Six chairs and a direct phone were put in by the main door.",
        effect="Frail patients sit while they wait for their lift.",
    ),
    idea(
        "reception",
        "A hearing loop at the front desk | Help people with hearing aids at reception",
        "Patients with hearing aids can't hear us through the glass screen. A hearing loop [costs "
        "a few hundred pounds|is something people expect] and a sign tells them it's there.",
        "Patients and visitors with hearing aids",
        "improvement voice-of-customer",
        "Loops are fitted at the main desk and the outpatient desk, with signs.",
        effect="People with hearing aids can follow the conversation.",
    ),
    idea(
        "reception",
        "Text patients when a clinic is running late | Warn patients before they set off",
        "When a clinic runs an hour late, patients only find out at the desk. A text [before they "
        "leave home|at 8 a.m.] would save them the wait.",
        "Outpatients",
        "communications voice-of-customer",
        "Clinics running more than 45 minutes late now trigger a text; waiting-room complaints "
        "fell.",
        effect="Patients wait at home, not in the clinic.",
    ),
    idea(
        "experience",
        "'You said, we did' board in the main corridor | Show patients what their feedback changed",
        "Patients give feedback and never hear what happened to it. A board showing three things "
        "we changed each month because of feedback [would show we listen|would bring in more "
        "feedback].",
        "Patients and visitors who give feedback",
        "voice-of-customer communications",
        "The board is updated monthly. Feedback card returns rose by [half|about 50%].",
    ),
    idea(
        "experience",
        "Call back within 48 hours of a complaint | Phone first, write later, for complaints",
        "Written complaints get a letter weeks later. A phone call within two working days from "
        "someone who can actually help [often resolves it|turns it around].",
        "People who have complained",
        "recovery",
        "With the 48-hour callback, [two in three|most] complaints are now resolved on the call "
        "without a formal letter.",
        minutes=600,
        effect="Complaints are put right in days, not weeks.",
        money=9000,
    ),
    idea(
        "experience",
        "Volunteer companions for patients without visitors | Nobody should go a week without a "
        "visitor",
        "Some patients go days without a visitor. Volunteers who sit, chat or read the paper with "
        "them [for an hour a day|on the long-stay wards] would make a real difference.",
        "Patients with no visitors",
        "voice-of-customer",
        "Twelve volunteers now visit four wards; the ward teams refer patients to them.",
        effect="Lonely patients have someone to talk to.",
    ),
    idea(
        "front experience ward",
        "A 'put it right' kit at every front desk | Service recovery kit",
        "When something goes wrong staff have nothing to offer but words. A small kit with a café "
        "voucher, a parking pass and a handwritten card [would let us put it right on the "
        "spot|without asking permission first].",
        "Patients and visitors we have let down",
        "recovery improvement",
        "Kits are at eight desks with a small limit per case; staff used them [140|120] times in "
        "three months.",
        effect="Staff can put things right on the spot.",
    ),
    idea(
        "food",
        "Picture menus | A menu with pictures",
        "Patients who don't read English point at the menu and get whatever the hostess guesses. "
        "A picture menu [would fix that|would help patients with dementia too].",
        "Patients who don't read English, and patients with dementia",
        "voice-of-customer improvement",
        "The picture menu is printed for every ward. Requests for the 'wrong' meal dropped.",
        effect="Patients get the meal they wanted.",
    ),
    idea(
        "food",
        "A hot supper for patients back late from theatre | Hold back hot meals for late returns",
        "Patients back from theatre after 18:00 miss supper and get a sandwich. A hot meal kept "
        "back [for late returns|until 21:00] would be kinder.",
        "Patients returning late from surgery",
        "improvement",
        "Two hot meals are held back each evening for late arrivals.",
        effect="Patients get a hot meal after surgery.",
    ),
    idea(
        "food",
        "Half portions on request | Smaller plates for small appetites",
        "Lots of older patients can't face a full plate and it goes in the bin. A half-portion "
        "option [would cut waste|on the menu card] would look less daunting.",
        "Older patients with small appetites",
        "improvement measures",
        "Half portions are on the menu; plate waste fell by about [15%|a sixth] by weight.",
        money=12000,
        effect="Patients eat more of what they are given.",
    ),
    idea(
        "food",
        "Ask 'how was your meal?' when clearing | Collect food feedback at the bedside",
        "Food feedback forms rarely come back. If hostesses asked 'how was it?' while clearing "
        "and noted it, [we'd hear every day|we could fix things the same week].",
        "Patients on the wards",
        "voice-of-customer measures",
        "Hostesses note comments on the clearing sheet; the kitchen changed the soup recipe and "
        "the breakfast rolls within a month.",
    ),
    idea(
        "food",
        "Breakfast for night staff going home | Open the café earlier for the night shift",
        "Night staff finish at 07:30 and the café opens at 08:00. Opening at 07:15 [would let "
        "them get breakfast|would look after our own].",
        "Night staff",
        "improvement recognition",
        "The café opens at 07:15 with a short breakfast menu; sales cover the extra hours.",
    ),
    idea(
        "food",
        "Tea and biscuits for families staying overnight | A night tray for families keeping vigil",
        "Relatives staying with a dying patient have nowhere to get a drink after 20:00. A small "
        "tray from the kitchen each night [for families in side rooms|for anyone staying over] "
        "would mean a lot.",
        "Families at the end of a patient's life",
        "voice-of-customer improvement",
        "Night trays go to any ward that asks; the palliative care team thanked the kitchen.",
        effect="Families are looked after too.",
    ),
    idea(
        "food",
        "Halal and vegetarian dishes on the standard menu | Make cultural diets part of the "
        "normal menu",
        "Halal and vegetarian meals have to be ordered specially and arrive late. Putting [two "
        "halal and one vegetarian option|them] on the standard menu would make them normal.",
        "Patients with religious or cultural diets",
        "voice-of-customer",
        "Three dishes were added to the standard menu; special orders fell by two thirds.",
        minutes=120,
        effect="Patients get their meal at the same time as everyone else.",
    ),
    idea(
        "security reception",
        "One lost property log for the whole site | Reunite people with their lost things",
        "Lost property is kept in three different places and patients give up looking. One log "
        "[shared with reception|on the intranet] would reunite people with their things.",
        "Patients and visitors who lose things",
        "improvement",
        "A shared log is in use; [most|three in four] items are now returned within a week.",
        effect="People get their belongings back.",
    ),
]
