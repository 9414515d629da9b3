"""Name pools for the demo staff: a port city's hospital, with people from many places.

First and family names are grouped by origin and mostly paired within a group, so a
name reads like a real person's; a share is crossed, as families are.
"""

from __future__ import annotations

import random
import re
import unicodedata

# (weight, first names, family names)
CULTURES: list[tuple[int, str, str]] = [
    (
        20,
        "Oliver Emma James Sophie Daniel Charlotte Thomas Hannah George Lucy Harry Grace Jack "
        "Ellie William Megan Matthew Rebecca Samuel Laura Joanne Paul Karen Stephen Helen",
        "Smith Taylor Brown Wilson Walker Wright Thompson Hughes Green Hall Clarke Robinson "
        "Harris Turner Cooper Bennett Marsh Fletcher Palmer Holloway Barker Chapman Lawson",
    ),
    (
        7,
        "Siobhan Ciaran Niamh Aoife Declan Ruairi Fiona Callum Eilidh Sean Roisin Padraig Orla",
        "O'Connor Murphy Byrne Kelly Doyle MacLeod Campbell Fraser Gallagher Quinn Sweeney "
        "McKenna O'Brien",
    ),
    (
        6,
        "Marcia Delroy Shanice Winston Keisha Andre Marlene Devon Tanisha Courtney",
        "Williams Grant Francis Morgan Reid Powell Henry Forbes Gayle Richards",
    ),
    (
        8,
        "Adaeze Chinedu Oluwaseun Folake Emeka Ngozi Tunde Yetunde Ifeoma Chukwuemeka Bisi "
        "Kelechi Funmilayo Obinna",
        "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Oyelaran Adebayo Obi Chukwu Afolabi Ogunleye",
    ),
    (
        4,
        "Kwame Ama Kofi Akosua Yaw Abena Kwabena Efua",
        "Mensah Asante Boateng Owusu Appiah Darko Osei Agyeman",
    ),
    (
        9,
        "Priya Arjun Ananya Rahul Deepa Vikram Kavya Sanjay Lakshmi Rohan Meera Anil Sunita "
        "Nikhil Divya",
        "Patel Sharma Iyer Nair Reddy Gupta Menon Desai Krishnan Chopra Pillai Rao",
    ),
    (
        7,
        "Ayesha Imran Fatima Usman Zainab Bilal Nadia Hamza Sadia Rahim Tahmina Farhan",
        "Khan Hussain Ahmed Iqbal Chowdhury Rahman Malik Akhtar Siddiqui Qureshi Islam",
    ),
    (
        8,
        "Maricel Jose Rowena Jocelyn Ramon Liza Arnel Cristina Rodel Marilou Jerome Analyn",
        "Santos Reyes Cruz Dela_Cruz Bautista Mendoza Garcia Villanueva Aquino Ramos Dizon Navarro",
    ),
    (
        5,
        "Katarzyna Piotr Agnieszka Tomasz Magdalena Marek Joanna Paweł Ewa Krzysztof",
        "Nowak Wójcik Kowalczyk Mazur Krawczyk Kaczmarek Zając Król",
    ),
    (4, "Wei Mei Jun Xiaoling Hao Yan Jing Zhiwei", "Chen Wang Liu Zhang Huang Zhou Wu Lin Yang"),
    (2, "Minh Linh Thanh Huong Duc Lan Tuan Mai", "Nguyen Tran Le Pham Hoang Vu Dang Bui"),
    (
        3,
        "João Ana Tiago Beatriz Rafael Mariana Luís Inês",
        "Silva Ferreira Costa Oliveira Pereira Almeida Sousa Carvalho",
    ),
    (
        4,
        "Carlos Lucía Alejandro Sofía Diego Valentina Javier Camila Miguel Isabel",
        "García Martínez Rodríguez López Hernández Morales Vargas Castillo",
    ),
    (
        3,
        "Omar Layla Youssef Mariam Khalid Noor Tariq Huda Sami Rania",
        "Haddad Mansour Khalil Nasser Saleh Farouk Aziz Hamdan",
    ),
    (
        3,
        "Abdi Hodan Mahad Ifrah Dawit Selam Yonas Hiwot",
        "Farah Warsame Abdullahi Mohamed Tesfaye Haile Bekele Gebre",
    ),
    (
        3,
        "Giorgos Eleni Nikos Marco Giulia Luca Chiara Stavros",
        "Papadopoulos Georgiou Rossi Russo Bianchi Romano Ricci Conti",
    ),
    (
        2,
        "Yuki Haruto Aiko Kenji Ji-woo Min-jun Seo-yeon Hyun",
        "Tanaka Sato Suzuki Watanabe Kim Park Lee Choi",
    ),
    (
        2,
        "Emre Elif Mehmet Zeynep Dariush Shirin Reza Leila",
        "Yılmaz Demir Kaya Şahin Ahmadi Hosseini Karimi Rostami",
    ),
    (
        3,
        "Andrei Ioana Mihai Elena Oksana Dmytro Olena Bogdan",
        "Popescu Ionescu Dumitru Kovalenko Shevchenko Bondarenko Tkachenko Moldovan",
    ),
    (
        2,
        "Lars Ingrid Anneke Sven Katrin Jens Maaike Stefan",
        "Jansen de_Vries Becker Schmidt Hansen Larsen Nilsson Vogel",
    ),
]

# An underscore joins a two-word name ("de_Vries").
_POOLS = [
    (w, first.split(), [name.replace("_", " ") for name in last.split()])
    for w, first, last in CULTURES
]
_WEIGHTS = [w for w, _, _ in _POOLS]
ALL_FAMILY_NAMES = sorted({name for _, _, family in _POOLS for name in family})

# Letters NFKD does not split into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "ß": "ss", "đ": "d"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for an email's local part: 'Paweł' -> 'pawel', "O'Connor" -> 'oconnor'."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9-]", "", plain)


def draw_name(rng: random.Random) -> tuple[str, str]:
    """A (first, family) pair; about one in twelve crosses origins."""
    _, firsts, families = rng.choices(_POOLS, weights=_WEIGHTS)[0]
    if rng.random() < 0.08:
        _, _, families = rng.choices(_POOLS, weights=_WEIGHTS)[0]
    return rng.choice(firsts), rng.choice(families)


def patient_name(rng: random.Random, *, woman: bool) -> str:
    """How staff refer to a patient in a story: 'Mrs Okafor', 'Mr Nowak'."""
    title = rng.choice(["Mrs", "Mrs", "Ms"]) if woman else "Mr"
    return f"{title} {rng.choice(ALL_FAMILY_NAMES)}"
