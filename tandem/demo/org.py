"""The shape of Harbor Health: divisions, departments, teams and the job titles in each.

Units go five deep: Harbor Health / division / department / team / shift. Executives
sit in their division, senior leaders in their department, managers in their team,
and supervisors with their frontline staff in the team or its shift.
"""

from __future__ import annotations

from dataclasses import dataclass

ROOT = "Harbor Health"
PROGRAM_OFFICE = f"{ROOT}/Program Office"
CEO_TITLE = "Chief Executive"


@dataclass(frozen=True)
class Roles:
    """Titles in one kind of team; frontline titles carry a weight (how common they are)."""

    family: str
    manager: str
    supervisor: str
    frontline: tuple[tuple[str, int], ...]


ROLES: dict[str, Roles] = {
    "ward": Roles(
        "care",
        "Ward Manager",
        "Charge Nurse",
        (
            ("Registered Nurse", 44),
            ("Healthcare Assistant", 32),
            ("Nursing Associate", 8),
            ("Ward Clerk", 8),
            ("Ward Housekeeper", 8),
        ),
    ),
    "ed": Roles(
        "care",
        "Emergency Department Manager",
        "Nurse in Charge",
        (
            ("Emergency Nurse", 45),
            ("Healthcare Assistant", 25),
            ("Emergency Care Practitioner", 10),
            ("ED Receptionist", 12),
            ("Ward Clerk", 8),
        ),
    ),
    "theatre": Roles(
        "care",
        "Theatre Manager",
        "Theatre Team Leader",
        (
            ("Scrub Nurse", 35),
            ("Operating Department Practitioner", 30),
            ("Theatre Support Worker", 25),
            ("Recovery Nurse", 10),
        ),
    ),
    "maternity": Roles(
        "care",
        "Maternity Ward Manager",
        "Senior Midwife",
        (("Midwife", 55), ("Maternity Support Worker", 35), ("Ward Clerk", 10)),
    ),
    "children": Roles(
        "care",
        "Children's Services Manager",
        "Sister",
        (
            ("Children's Nurse", 55),
            ("Healthcare Assistant", 25),
            ("Play Specialist", 10),
            ("Ward Clerk", 10),
        ),
    ),
    "imaging": Roles(
        "diagnostic",
        "Imaging Services Manager",
        "Superintendent Radiographer",
        (
            ("Diagnostic Radiographer", 50),
            ("Radiology Assistant", 25),
            ("Imaging Receptionist", 15),
            ("Sonographer", 10),
        ),
    ),
    "lab": Roles(
        "diagnostic",
        "Laboratory Manager",
        "Senior Biomedical Scientist",
        (("Biomedical Scientist", 40), ("Medical Laboratory Assistant", 30), ("Phlebotomist", 30)),
    ),
    "pharmacy": Roles(
        "pharmacy",
        "Pharmacy Operations Manager",
        "Lead Pharmacy Technician",
        (("Pharmacist", 30), ("Pharmacy Technician", 45), ("Pharmacy Assistant", 25)),
    ),
    "therapy": Roles(
        "therapy",
        "Therapy Services Manager",
        "Senior Therapist",
        (("Physiotherapist", 45), ("Occupational Therapist", 30), ("Therapy Assistant", 25)),
    ),
    "reception": Roles(
        "front",
        "Patient Access Manager",
        "Reception Team Leader",
        (
            ("Receptionist", 40),
            ("Patient Access Coordinator", 25),
            ("Booking Clerk", 20),
            ("Switchboard Operator", 15),
        ),
    ),
    "experience": Roles(
        "front",
        "Patient Experience Manager",
        "Patient Experience Team Leader",
        (("Patient Advice Officer", 60), ("Volunteer Coordinator", 40)),
    ),
    "kitchen": Roles(
        "food",
        "Catering Manager",
        "Kitchen Supervisor",
        (("Cook", 25), ("Catering Assistant", 45), ("Ward Hostess", 20), ("Kitchen Porter", 10)),
    ),
    "housekeeping": Roles(
        "clean",
        "Housekeeping Manager",
        "Housekeeping Supervisor",
        (("Housekeeper", 55), ("Domestic Assistant", 35), ("Linen Assistant", 10)),
    ),
    "estates": Roles(
        "estates",
        "Estates Manager",
        "Maintenance Supervisor",
        (("Maintenance Technician", 50), ("Electrician", 20), ("Plumber", 15), ("Carpenter", 15)),
    ),
    "security": Roles(
        "estates",
        "Security Manager",
        "Security Supervisor",
        (("Security Officer", 75), ("Car Park Attendant", 25)),
    ),
    "porter": Roles(
        "porter",
        "Portering Manager",
        "Portering Supervisor",
        (("Porter", 75), ("Patient Transport Porter", 25)),
    ),
    "billing": Roles(
        "office",
        "Billing Manager",
        "Billing Team Leader",
        (("Billing Specialist", 45), ("Patient Accounts Advisor", 35), ("Claims Officer", 20)),
    ),
    "records": Roles(
        "office",
        "Health Records Manager",
        "Records Team Leader",
        (("Health Records Clerk", 60), ("Clinical Coder", 40)),
    ),
    "it": Roles(
        "office",
        "IT Service Manager",
        "Service Desk Team Leader",
        (("IT Support Analyst", 70), ("Desktop Technician", 30)),
    ),
    "hr": Roles(
        "office",
        "People Services Manager",
        "HR Team Leader",
        (("HR Advisor", 40), ("Recruitment Coordinator", 30), ("Payroll Officer", 30)),
    ),
}


@dataclass(frozen=True)
class Team:
    """A team under a department. `shifts` splits it into sub-units (the fifth level);
    `shares_manager_with` names a sibling team whose manager also runs this one;
    `tier` fixes how active it is ("star" or "silent"), otherwise the generator draws it."""

    name: str
    kind: str
    frontline: int
    shifts: tuple[str, ...] = ()
    shares_manager_with: str = ""
    tier: str = ""


@dataclass(frozen=True)
class Department:
    name: str
    head_title: str
    teams: tuple[Team, ...]


@dataclass(frozen=True)
class Division:
    name: str
    executive_title: str
    departments: tuple[Department, ...]


DAY_NIGHT = ("Day Team", "Night Team")

DIVISIONS: tuple[Division, ...] = (
    Division(
        "Nursing",
        "Director of Nursing",
        (
            Department(
                "Medicine",
                "Head of Nursing, Medicine",
                (
                    Team("Ward 4B", "ward", 24, DAY_NIGHT, tier="star"),
                    Team("Ward 5A", "ward", 18, DAY_NIGHT),
                    Team("Ward 6C", "ward", 14),
                    Team("Acute Medical Unit", "ward", 20, DAY_NIGHT),
                    Team("Cardiology Ward", "ward", 12),
                ),
            ),
            Department(
                "Surgery",
                "Head of Nursing, Surgery",
                (
                    Team("Ward 3A", "ward", 14),
                    Team("Ward 3B", "ward", 13),
                    Team("Day Surgery Unit", "ward", 10),
                    Team("Main Theatres", "theatre", 16),
                ),
            ),
            Department(
                "Emergency",
                "Head of Emergency Care",
                (
                    Team(
                        "Emergency Department",
                        "ed",
                        26,
                        ("Majors", "Minors & Triage", "Night Team"),
                        tier="star",
                    ),
                    Team("Urgent Treatment Centre", "ed", 10),
                ),
            ),
            Department(
                "Women & Children",
                "Head of Midwifery",
                (
                    Team("Maternity Ward", "maternity", 14),
                    Team("Children's Ward", "children", 12),
                    Team("Neonatal Unit", "children", 8),
                ),
            ),
        ),
    ),
    Division(
        "Clinical Services",
        "Medical Director",
        (
            Department(
                "Radiology",
                "Head of Imaging",
                (
                    Team("X-Ray", "imaging", 9),
                    Team("CT & MRI", "imaging", 8),
                    Team("Ultrasound", "imaging", 6, shares_manager_with="CT & MRI"),
                ),
            ),
            Department(
                "Pharmacy",
                "Chief Pharmacist",
                (Team("Dispensary", "pharmacy", 9), Team("Ward Pharmacy Team", "pharmacy", 7)),
            ),
            Department(
                "Laboratory",
                "Head of Pathology",
                (Team("Phlebotomy", "lab", 8), Team("Pathology Lab", "lab", 10, tier="silent")),
            ),
            Department(
                "Therapies",
                "Head of Therapies",
                (
                    Team("Physiotherapy", "therapy", 9),
                    Team("Occupational Therapy", "therapy", 6, shares_manager_with="Physiotherapy"),
                ),
            ),
        ),
    ),
    Division(
        "Patient Services",
        "Director of Patient Services",
        (
            Department(
                "Patient Access",
                "Head of Patient Access",
                (
                    Team("Main Reception", "reception", 8, tier="star"),
                    Team("Outpatient Booking", "reception", 10),
                    Team("Admissions", "reception", 6),
                    Team("Switchboard", "reception", 5, shares_manager_with="Admissions"),
                ),
            ),
            Department(
                "Patient Experience",
                "Head of Patient Experience",
                (
                    Team("Patient Advice & Liaison", "experience", 5),
                    Team(
                        "Volunteers Office",
                        "experience",
                        4,
                        shares_manager_with="Patient Advice & Liaison",
                    ),
                ),
            ),
            Department(
                "Food Services",
                "Head of Catering",
                (
                    Team("Main Kitchen", "kitchen", 14),
                    Team("Ward Hostess Team", "kitchen", 10),
                    Team("Harbor Café", "kitchen", 6),
                ),
            ),
        ),
    ),
    Division(
        "Operations",
        "Chief Operating Officer",
        (
            Department(
                "Environmental Services",
                "Head of Environmental Services",
                (
                    Team("Housekeeping Day Team", "housekeeping", 18),
                    Team("Housekeeping Night Team", "housekeeping", 10),
                    Team(
                        "Linen Room",
                        "housekeeping",
                        5,
                        shares_manager_with="Housekeeping Day Team",
                        tier="silent",
                    ),
                ),
            ),
            Department(
                "Facilities",
                "Head of Facilities",
                (
                    Team("Estates & Maintenance", "estates", 12),
                    Team("Security", "security", 10),
                    Team("Car Parking", "security", 4, shares_manager_with="Security"),
                ),
            ),
            Department(
                "Portering",
                "Head of Logistics",
                (
                    Team("Day Porters", "porter", 14, tier="star"),
                    Team("Night Porters", "porter", 8),
                ),
            ),
        ),
    ),
    Division(
        "Finance & Admin",
        "Director of Finance",
        (
            Department(
                "Billing",
                "Head of Revenue",
                (
                    Team("Patient Billing", "billing", 8),
                    Team("Insurance Claims", "billing", 7, tier="silent"),
                ),
            ),
            Department(
                "Health Records",
                "Head of Health Records",
                (
                    Team("Records Library", "records", 6),
                    Team("Clinical Coding", "records", 6, shares_manager_with="Records Library"),
                ),
            ),
            Department(
                "IT Services",
                "Head of IT Services",
                (
                    Team("Service Desk", "it", 8),
                    Team("Desktop Support", "it", 5, shares_manager_with="Service Desk"),
                ),
            ),
            Department(
                "People & Culture",
                "Head of People & Culture",
                (Team("Recruitment", "hr", 5), Team("Payroll", "hr", 5)),
            ),
        ),
    ),
)

# The program office: the service-culture lead (in the "Program office" group) and a facilitator.
PROGRAM_OFFICE_STAFF = (
    ("senior_leader", "Service Culture Lead"),
    ("manager", "Service Improvement Facilitator"),
)

# Where the printed frontline login works: an active ward's night shift.
SHOWCASE_UNIT = f"{ROOT}/Nursing/Medicine/Ward 4B/Night Team"
SHOWCASE_TITLE = "Registered Nurse"
