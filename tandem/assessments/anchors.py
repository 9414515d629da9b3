"""Behavioural anchors for the leader-responsibility 360: what a 1, a 3 and a 5 look like
for each of the eight responsibilities (PRODUCT.md M8), so that raters score behaviour
they have seen rather than an impression. A 2 or a 4 lies between."""

from .models import Responsibility

ANCHORS: dict[str, tuple[str, str, str]] = {
    Responsibility.MORALE: (
        "Setbacks are met with blame; people dread bringing problems.",
        "Keeps spirits up when things go well; quiet when they do not.",
        "Keeps people's energy and confidence up in hard weeks, and names what went well.",
    ),
    Responsibility.COMMUNICATION: (
        "We hear of decisions that affect us from others, or after the fact.",
        "Passes on what matters, though sometimes late or only on request.",
        "Tells us early and plainly what is changing and why, and listens before deciding.",
    ),
    Responsibility.INNOVATION: (
        "New ideas are turned down, or never reach a decision.",
        "Accepts good ideas when they are brought, but seldom asks for them.",
        "Asks for better ways of working, lets us try them, and learns from what fails.",
    ),
    Responsibility.SYSTEMS: (
        "Works around our systems and processes, or lets them fall into disuse.",
        "Uses the systems that exist; rarely improves them.",
        "Uses and improves our systems so that good service does not depend on heroics.",
    ),
    Responsibility.CULTURE: (
        "Treats service culture as someone else's program.",
        "Supports service when reminded; it is not a daily concern.",
        "Acts as the owner of our service culture: models it, speaks of it, protects it.",
    ),
    Responsibility.STRATEGY: (
        "Every week is handled on its own; nobody knows where we are heading.",
        "Has a plan for the year, though daily pressure often wins.",
        "Connects today's choices to where we should be in three years, and says so.",
    ),
    Responsibility.DECISIONS: (
        "Every decision, however small, goes up to them.",
        "Lets people decide some things, and takes back the harder ones.",
        "Trusts the people closest to the customer to decide, and backs their decisions.",
    ),
    Responsibility.TALENT: (
        "Good people leave, and nobody asks why.",
        "Supports training when asked; development is left to each person.",
        "Knows what each person could become, grows them, and keeps the best.",
    ),
}
