"""The demo events: their index, venues and events (loaded by events.demo).
The venues and their contact details are example data."""

# Events. Dates are days from the day the demo is loaded (London time), so the
# events stay upcoming; re-running the loader on the same day changes nothing.

EVENT_INDEX = {
    "slug": "events",
    "title": "Events",
    "introduction": (
        "Roundtables, workshops and online sessions where councillors, commissioners and "
        "community organisations work out how to keep services local. Most are free."
    ),
}

VENUES = [
    {
        "name": "Example Civic Hall",
        "address": "1 Example Square\nLeeds",
        "postcode": "LS1 1UR",
        "accessibility": (
            "Step-free entrance on Example Square and lifts to every floor. Hearing loop in "
            "the main room, accessible toilets on each floor and a quiet room on request. "
            "Blue Badge parking behind the building; Leeds station is a ten-minute walk."
        ),
    },
    {
        "name": "Example Community Centre",
        "address": "22 Sample Road\nBristol",
        "postcode": "BS1 5TR",
        "accessibility": (
            "Ground-floor rooms, level access from Sample Road, accessible toilet and "
            "hearing loop. Two accessible parking bays; buses stop outside."
        ),
    },
]

EVENTS = [
    {
        "slug": "social-care-commissioning-roundtable-leeds",
        "title": "Keeping social care local: a commissioning roundtable",
        "summary": (
            "Commissioners, councillors and community providers compare what has worked when "
            "councils buy care from local organisations."
        ),
        "days_from_now": 21,
        "start": "10:00",
        "end": "13:00",
        "format": "in-person",
        "venue": "Example Civic Hall",
        "host_authority": "E08000035",
        "capacity": 40,
        # Tickets cost £15 (lunch and the room); the first ten members come free.
        "price": "15.00",
        "member_free_places": 10,
        "topics": ["Social care", "Commissioning"],
        "description": (
            "<p>A half-day roundtable for people who commission, provide or scrutinise adult "
            "social care. We will look at grant agreements, alliance contracts and pooled "
            "prevention funds, and at how to keep the paperwork proportionate for small "
            "providers.</p>"
        ),
        "agenda": [
            ("09:30", "Arrival and coffee", ""),
            ("10:00", "Welcome from the host council", ""),
            ("10:20", "What local commissioning looks like in practice", "Three short cases."),
            ("11:30", "Roundtable discussion", "In small groups, then together."),
            ("12:45", "What we will do next", ""),
        ],
        "related": ["grants-or-contracts", "five-questions-before-you-recommission"],
        "speakers": [
            ("Councillor Asha Patel", "Executive member for adult social care", "Example council"),
            ("Tom Reilly", "Chief executive", "Example Community Care Trust"),
        ],
    },
    {
        "slug": "online-briefing-procurement-act",
        "title": "Online briefing: the Procurement Act and local providers",
        "summary": (
            "A one-hour online briefing on what the new procurement rules let councils do to "
            "work with local and community organisations."
        ),
        "days_from_now": 10,
        "start": "12:30",
        "end": "13:30",
        "format": "online",
        "online_joining_details": (
            "Join on the day at https://meet.example.org/kiln-procurement-briefing "
            "(passcode sent by email)."
        ),
        "capacity": 150,
        "topics": ["Procurement"],
        "description": (
            "<p>Our policy team explains the flexibilities in the new regime, with time for "
            "questions. Slides and a recording are shared with everyone who registers.</p>"
        ),
        "agenda": [],
        "speakers": [("Dr Miriam Osei", "Policy lead", "Keep it Local Network")],
    },
    {
        "slug": "community-anchors-bristol-hybrid",
        "title": "Community anchors and the council: a Bristol workshop",
        "summary": (
            "A hybrid workshop on how councils and community anchor organisations can share "
            "decisions about neighbourhood services."
        ),
        "days_from_now": 45,
        "start": "14:00",
        "end": "16:30",
        "format": "hybrid",
        "venue": "Example Community Centre",
        "online_joining_details": "Join online at https://meet.example.org/kiln-bristol",
        "host_authority": "E06000023",
        "capacity": 30,
        "members_only": True,
        "topics": ["Community anchors", "Co-production"],
        "description": (
            "<p>For members of the network. In the room and online, we will map which "
            "services in Bristol neighbourhoods could be run with or by community anchors.</p>"
        ),
        "agenda": [
            ("14:00", "Introductions", ""),
            ("14:20", "Mapping neighbourhood services", ""),
            ("15:30", "Sharing decisions: models that work", ""),
        ],
        "speakers": [],
    },
    {
        "slug": "keeping-it-local-manchester-launch",
        "title": "Keeping it local in Greater Manchester: launch event",
        "summary": "The launch of the network in the North West, with the host council.",
        "days_from_now": -40,
        "start": "18:00",
        "end": "20:00",
        "format": "in-person",
        "venue": "Example Civic Hall",
        "host_authority": "E08000003",
        "capacity": 60,
        "topics": ["Commissioning"],
        "description": "<p>Thank you to everyone who came. Notes from the evening follow.</p>",
        "agenda": [],
        "speakers": [],
    },
    {
        "slug": "neighbourhood-networks-roundtable-leeds",
        "title": "Neighbourhood networks: what Leeds commissions, and why",
        "summary": (
            "Ward councillors, commissioners and neighbourhood network schemes on how "
            "Leeds funds community support for older people, and what to keep."
        ),
        "days_from_now": -60,
        "start": "13:30",
        "end": "16:00",
        "format": "in-person",
        "venue": "Example Civic Hall",
        "host_authority": "E08000035",
        "capacity": 50,
        "topics": ["Social care", "Prevention"],
        "description": (
            "<p>An afternoon with the schemes that run Leeds' neighbourhood networks and the "
            "officers who commission them, asked for by a ward councillor. Notes from the "
            "afternoon, and what came of it, are in the network's stories.</p>"
        ),
        "agenda": [],
        "speakers": [],
    },
    {
        "slug": "cornwall-rural-services-roundtable",
        "title": "Rural services roundtable in Cornwall",
        "summary": "A roundtable on keeping rural services in local hands.",
        "days_from_now": 30,
        "start": "10:30",
        "end": "12:30",
        "format": "online",
        "online_joining_details": "https://meet.example.org/kiln-cornwall",
        "host_authority": "E06000052",
        "capacity": 40,
        "topics": ["Rural services"],
        "description": "<p>We will let everyone who registered know the new date.</p>",
        "agenda": [],
        "speakers": [],
        "cancellation_reason": (
            "The host council has asked us to move this roundtable to the new year. "
            "We will announce the new date soon."
        ),
    },
]
