"""Customer compliments, in the customer's own words.

Slots: {first} and {other} (the people involved), {patient} (a woman, 'Mrs Okafor'),
{mr} (a man, 'Mr Nowak'), {unit} ('Ward 4B', 'the Main Kitchen'), {here} ('on Ward 4B',
'in X-Ray'), {ward}.
"""

from tandem.demo.bank import story

C = "customer_compliment"

COMPLIMENTS = [
    story(
        "ward",
        C,
        "{patient}'s daughter wrote to the ward after her mother's two-week stay on {unit}.",
        "[Every single night|Every night without fail] {first} came by to check Mum was warm and "
        "had her water. She said it was the first time in months she felt safe enough to sleep.",
        "desired surprising",
        "voice-of-customer recognition",
    ),
    story(
        "ward",
        C,
        "A card left at the nurses' station by {mr} on the day he went home.",
        "You treated me like a person, not a bed number. {first}, thank you for the [shave|chats "
        "about the football|cups of tea at 3 a.m.] — it kept me going.",
        "surprising",
        "voice-of-customer recognition",
    ),
    story(
        "ward care",
        C,
        "{patient}'s son stopped the ward manager in the corridor to pass this on.",
        "{first} explained everything to Dad twice, slowly, without ever making him feel stupid. "
        "[He finally understood his tablets.|We went home knowing exactly what to do.]",
        "desired",
        "voice-of-customer common-language",
    ),
    story(
        "ed",
        C,
        "A message through the hospital website from a mother who brought her son in with a "
        "broken wrist [late on a Saturday|on a very busy night].",
        "It was chaos in there but {first} still knelt down to my son's level, told him a joke "
        "and explained what would happen. He wants to be a nurse now.",
        "surprising",
        "voice-of-customer role-modeling",
    ),
    story(
        "ed",
        C,
        "{mr} rang the ED reception a week after his visit to say thank you.",
        "I was terrified — chest pain, on my own. {first} held my hand and said 'you're in the "
        "right place now'. I'll never forget that voice.",
        "surprising unbelievable",
        "voice-of-customer",
    ),
    story(
        "theatre",
        C,
        "A feedback card from {patient} after her knee operation.",
        "I was shaking before the anaesthetic. {first} talked to me about my garden the whole "
        "time and the next thing I knew I was in recovery.",
        "desired surprising",
        "voice-of-customer",
    ),
    story(
        "maternity",
        C,
        "[A letter|A card|An email] from new parents after the birth of their daughter {here}.",
        "{first} stayed [past the end of the shift|an extra hour] to see our daughter born. We "
        "will never forget you, {first}.",
        "unbelievable",
        "voice-of-customer recognition",
    ),
    story(
        "children",
        C,
        "A drawing and a note handed in by a [seven|six|nine]-year-old patient and his mum.",
        "Thank you {first} for making the needle not hurt and for the sticker. You are the best "
        "nurse in the world. (Mum: it's true.)",
        "surprising",
        "voice-of-customer recognition",
    ),
    story(
        "imaging",
        C,
        "Comment left on the feedback tablet in Radiology by {patient}.",
        "I'm claustrophobic and nearly walked out. {first} let me see the scanner first, played "
        "my music and talked to me through the headphones. I did it!",
        "surprising",
        "voice-of-customer",
    ),
    story(
        "lab",
        C,
        "{mr}, a regular at the blood test clinic, asked for his words to be passed on.",
        "Thirty years of blood tests and {first} is the only one who gets it first time, every "
        "time, and remembers my grandson's name.",
        "desired",
        "voice-of-customer recognition",
    ),
    story(
        "pharmacy",
        C,
        "An email from {patient}'s husband to the pharmacy team.",
        "{first} rang us at home the day after discharge to check my wife was managing her new "
        "tablets. No one has ever done that for us before.",
        "surprising",
        "voice-of-customer communications",
    ),
    story(
        "therapy",
        C,
        "A thank-you card from {mr} six weeks after his hip replacement.",
        "{first} promised me I'd walk my daughter down the aisle. I did, last Saturday, without "
        "the stick.",
        "unbelievable",
        "voice-of-customer recognition",
    ),
    story(
        "reception",
        C,
        "[A note left at the main reception desk by a visitor.|A visitor came back to the front "
        "desk the next day to say this.|An email from a visitor to the hospital's feedback "
        "address.]",
        "I arrived in tears, lost, late for my husband's surgery. {first} dropped everything, "
        "walked me to the ward and made sure someone met me there. Thank you.",
        "surprising",
        "voice-of-customer role-modeling",
    ),
    story(
        "reception",
        C,
        "[Feedback from a caller to the switchboard, passed on by the patient advice team.|A "
        "daughter rang back to thank the switchboard.]",
        "{first} on the switchboard was so patient with my mum, who is very deaf, repeated "
        "everything and then rang back to check she'd got the right clinic.",
        "desired",
        "voice-of-customer common-language",
    ),
    story(
        "experience",
        C,
        "{patient} wrote after a volunteer visited her every day during a long stay.",
        "My family live abroad. {first}'s visits were the best part of my day — we did the "
        "crossword and {first} brought me the local paper.",
        "surprising",
        "voice-of-customer",
    ),
    story(
        "food",
        C,
        "A comment card collected on {ward} by [the ward hostess|the catering team].",
        "Best shepherd's pie I've had since my wife passed. Please tell the cook. And {first} "
        "always remembers I take two sugars.",
        "desired",
        "voice-of-customer recognition",
    ),
    story(
        "food",
        C,
        "{patient} asked the ward manager to pass this to the kitchen.",
        "I couldn't eat for days. {first} came up from the kitchen to ask what I fancied and made "
        "me [rice pudding|a proper boiled egg] just like my mother's.",
        "surprising",
        "voice-of-customer",
    ),
    story(
        "clean",
        C,
        "A compliment in the patient survey from {mr}, staying in a side room on {ward}.",
        "The room was spotless every day and {first} always had a smile and a few kind words. On "
        "a long stay that matters more than you'd think.",
        "desired",
        "voice-of-customer recognition",
    ),
    story(
        "estates",
        C,
        "An email from {patient}'s daughter to the facilities helpdesk.",
        "Mum's TV had been broken for three days. {first} fixed it within an hour of my call and "
        "even retuned her favourite channel. Small thing, huge difference.",
        "desired",
        "voice-of-customer",
    ),
    story(
        "security",
        C,
        "[A letter from a visitor to the security team.|A visitor's email to the facilities "
        "helpdesk, forwarded to security.]",
        "My car wouldn't start at midnight after visiting my father. {first} stayed with me, got "
        "it going and followed me to the exit. I felt looked after.",
        "surprising",
        "voice-of-customer role-modeling",
    ),
    story(
        "porter",
        C,
        "{mr}'s wife rang the porters' lodge to ask who she should write to.",
        "Your porter {first} was wonderful with my husband — he has dementia and was so "
        "frightened, and {first} sang to him all the way to X-ray.",
        "surprising unbelievable",
        "voice-of-customer recognition",
    ),
    story(
        "billing",
        C,
        "A thank-you email from {patient} to the billing team.",
        "I'd been dreading the call. {first} listened, explained it in plain English and set up a "
        "plan I can actually afford. Thank you for treating me with respect.",
        "desired",
        "voice-of-customer recovery",
    ),
    story(
        "it",
        C,
        "A ward sister passed on thanks from {patient}, who was set up with a video call.",
        "I saw my great-grandson for the first time on that screen. Thank you to {first}, who set "
        "it all up for me.",
        "surprising",
        "voice-of-customer",
    ),
    story(
        "any",
        C,
        "[A card posted to the chief executive's office naming {first}.|A letter to the chief "
        "executive from a family, naming {first}.]",
        "Whoever hires your staff, keep doing it. {first} turned the worst week of our lives into "
        "something we could bear.",
        "unbelievable",
        "voice-of-customer recognition",
    ),
    story(
        "any",
        C,
        "[A compliment in the Friends and Family Test comments for {unit}.|A comment card left "
        "for {unit} at the end of a long day.]",
        "Everyone we met, from the front door onwards, [smiled and said hello|introduced "
        "themselves]. {first} especially went out of their way for us.",
        "desired",
        "voice-of-customer common-language",
    ),
    story(
        "care",
        C,
        "{patient} phoned the patient advice team to pass on thanks after going home.",
        "{first} and {other} noticed I was frightened and took the time to sit with me. That is "
        "what I'll remember about my stay.",
        "desired surprising",
        "voice-of-customer recognition",
    ),
    story(
        "reception",
        C,
        "{mr} stopped at the desk on his way out [to say thank you|with a box of chocolates for "
        "the team].",
        "Twelve weeks of appointments and {first} greeted me by name every single time. It made a "
        "frightening time feel a bit more normal.",
        "surprising",
        "voice-of-customer recognition",
    ),
    story(
        "porter",
        C,
        "A feedback card from {patient} after [a week|two weeks] of daily trips to radiotherapy.",
        "The porters made those trips bearable. {first} always had a joke ready and never once "
        "rushed me.",
        "desired surprising",
        "voice-of-customer recognition",
    ),
    story(
        "ed",
        C,
        "A thank-you card from {patient}'s family, pinned up in the ED staff room.",
        "You looked after Mum in her last hours as if she were your own. {first} and {other}, we "
        "will never forget your kindness.",
        "unbelievable",
        "voice-of-customer recognition",
    ),
    story(
        "hr",
        C,
        "A thank-you email to the recruitment team from a newly qualified nurse who started on "
        "{ward}.",
        "{first} answered every question I had in the three months before I started. I felt "
        "wanted before my first day.",
        "surprising",
        "recruitment orientation",
    ),
]
