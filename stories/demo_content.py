"""The words of the demo's outcome stories (stories.demo loads them): the story
library's introduction, eight stories of services commissioned from local
organisations, and the story made from the demo's post-event outcome report.

Everything here is written for the demo. The people quoted, the figures and the
organisations named in the prose are invented; the councils are real, by GSS code.
"""

STORY_INDEX = {
    "slug": "stories",
    "title": "Stories",
    "introduction": (
        "What changed when councils commissioned services from local organisations, told by "
        "the people who commission, run and use them. Each story sets out the service, what "
        "the council did differently and the difference it made to people's lives."
    ),
}

STORIES = [
    {
        "slug": "cooking-at-the-hyde-park-larder",
        "title": "A cooking group at a Leeds food larder, paid for by a neighbourhood grant",
        "summary": (
            "Leeds public health stopped buying healthy-eating courses through one city-wide "
            "contract and put part of the money into three-year grants for neighbourhood "
            "groups. At the Hyde Park Community Larder, that paid for a weekly cooking session "
            "run by the people who use the larder."
        ),
        "authority": "E08000035",
        "organisations": ["Hyde Park Community Larder"],
        "service_area": "health-and-wellbeing",
        "approach": "grant",
        "outcomes": {
            "contribution": (
                "Of the fourteen people who now plan and lead the Thursday sessions, eleven "
                "first came to the larder for a food parcel. They choose the recipes, cost them "
                "against what the larder has in that week and run the kitchen rota. Two have "
                "gone on to take their food hygiene certificate, which the grant paid for."
            ),
            "wellbeing": (
                "The old course lasted six weeks and then stopped; the sessions at the larder "
                "carry on, so people keep cooking together rather than trying to change their "
                "habits alone. Regulars say they cook from fresh more often and waste less of "
                "what they take home. The larder now keeps a shelf of the ingredients for that "
                "week's recipe, so nobody has to buy extra to try it at home."
            ),
            "isolation": (
                "Many of the regulars live alone in shared houses and bedsits off Hyde Park "
                "Road. Eating together at the end of the session has become the point of it "
                "for several of them.\n\n"
                "The group has since started a monthly Sunday lunch of its own, which nobody "
                "asked the grant to fund."
            ),
        },
        "quotes": [
            {
                "text": (
                    "I came in for a bag of shopping and now I'm the one showing students how "
                    "to make a pan of dal last four days. It's the first thing in years anyone "
                    "has asked me to be in charge of."
                ),
                "attribution": "A volunteer cook at the Hyde Park Community Larder, Leeds",
                "consent": "2026-07-09",
                "consent_how": "In writing, after the interview of 9 July 2026",
            },
            {
                "text": (
                    "The contract counted people who finished a course. The grant lets us ask "
                    "who is still cooking a year later, and the larder can answer that because "
                    "it sees the same people every week."
                ),
                "attribution": "A public health commissioner, Leeds City Council",
                "consent": "2026-07-16",
                "consent_how": "By email, 16 July 2026",
            },
        ],
        "figures": [
            {
                "value": "14",
                "label": "Larder users who now plan and lead the weekly cooking sessions",
                "source": "The larder's grant monitoring return to the council, March 2026",
            },
            {
                "value": "71%",
                "label": (
                    "Regulars who cook a meal from fresh at least three times a week, up from "
                    "38% when they joined"
                ),
                "source": "The larder's own survey of 42 session regulars, February 2026",
            },
        ],
        "period": ("2024-04", "2026-03"),
        "published_days_ago": 45,
        "related": ["what-a-small-charity-sees", "grants-or-contracts"],
    },
    {
        "slug": "holiday-meals-chosen-by-parents-in-hyde-park",
        "title": "School holiday meals and activities chosen by parents in Hyde Park",
        "summary": (
            "Instead of one provider running holiday clubs across the area, Leeds City Council "
            "let a panel of parents and young people decide how the ward's share of its school "
            "holiday food and activities budget was spent. The panel chose six local groups, "
            "with the Hyde Park Community Larder cooking the meals."
        ),
        "authority": "E08000035",
        "organisations": ["Hyde Park Community Larder"],
        "service_area": "childrens-services",
        "approach": "other",
        "outcomes": {
            "contribution": (
                "The panel of nine parents and four young people met five times before the "
                "summer, read the bids and visited two of the groups. Council officers set the "
                "budget and the safeguarding rules and then left the choice to the panel. Three "
                "of the parents have since joined the larder's committee."
            ),
            "choice": (
                "The previous scheme offered one site, four mornings a week, which families "
                "without a car found hard to reach. The panel chose sessions in four places, "
                "including two in the afternoon and one on Saturdays for working parents, and "
                "added the football session the young people said was missing. Families book a "
                "place at any of them on the same form."
            ),
            "wellbeing": (
                "Every session served a hot meal cooked by the larder, from menus the young "
                "people on the panel tried first. Group leaders reported fewer children "
                "arriving hungry by the second week. The larder sent families home with the "
                "ingredients to cook one of the meals again."
            ),
        },
        "quotes": [
            {
                "text": (
                    "We know which church hall has heating that works and which park the older "
                    "lads won't go near. Nobody had asked us before."
                ),
                "attribution": "A parent on the holiday panel, Hyde Park, Leeds",
                "consent": "2026-06-02",
                "consent_how": "Signed consent form, at the panel's review meeting of 2 June 2026",
            },
        ],
        "figures": [
            {
                "value": "6",
                "label": "Local groups the panel chose to run holiday sessions in summer 2025",
                "source": "The council's record of the panel's decisions",
            },
            {
                "value": "2,310",
                "label": "Hot meals served at the holiday sessions over summer 2025",
                "source": "The Hyde Park Community Larder's monitoring returns to the council",
            },
        ],
        "period": ("2025-07", None),
        "published_days_ago": 120,
        "related": ["why-we-started-the-keep-it-local-network"],
    },
    {
        "slug": "tenancy-support-from-a-south-leeds-base",
        "title": "Tenancy support run from a neighbourhood base in south Leeds",
        "summary": (
            "When Leeds City Council recommissioned its floating tenancy support, it split the "
            "city-wide contract into area lots and weighted the tender towards a local base and "
            "local knowledge. The south Leeds lot went to a housing charity that has worked in "
            "Beeston and Holbeck for twenty years."
        ),
        "authority": "E08000035",
        "organisations": [],
        "service_area": "homelessness",
        "approach": "contract",
        "outcomes": {
            "choice": (
                "Under the old contract a central team gave people an appointment slot and a "
                "support worker they might see once. Now tenants can drop in at the charity's "
                "office in Beeston, choose when they are visited and keep the same worker for as "
                "long as they need support."
            ),
            "wellbeing": (
                "Support workers spend most of their week within two miles of the office, so "
                "visits are longer and less rushed. They pick up problems that used to surface "
                "only when eviction was close: unopened letters about benefits, a boiler broken "
                "since the winter, a tenant who has stopped going out. The charity can walk "
                "people round to the GP practice and the debt advice service nearby rather than "
                "refer them into a queue."
            ),
            "isolation": (
                "People leaving hostels were often housed in flats far from anyone they knew. "
                "The charity runs a Tuesday breakfast where new tenants meet others who have "
                "made the same move, and several now come back as volunteers to help with forms."
            ),
        },
        "quotes": [
            {
                "text": (
                    "I'd had four workers in a year on the old scheme. Now it's the same woman "
                    "every time, and she knew my landlord before I did."
                ),
                "attribution": "A tenant supported by the south Leeds tenancy service",
                "consent": "2026-02-19",
                "consent_how": (
                    "Spoken, noted by the support worker on 19 February 2026 and confirmed on "
                    "a signed form"
                ),
            },
        ],
        "figures": [
            {
                "value": "91%",
                "label": (
                    "Tenancies still in place twelve months after support started, against 78% "
                    "under the previous contract"
                ),
                "source": "The council's two-year review of the recommissioned service, 2025",
            },
            {
                "value": "38",
                "label": (
                    "Evictions the provider recorded as prevented by early action in two years"
                ),
                "source": "The provider's quarterly monitoring returns to the council",
            },
        ],
        "period": ("2023-10", "2025-09"),
        "published_days_ago": 210,
        "related": ["five-questions-before-you-recommission"],
    },
    {
        "slug": "day-opportunities-alliance-north-manchester",
        "title": "An alliance of local groups for day opportunities in north Manchester",
        "summary": (
            "Manchester City Council brought five local organisations into one alliance "
            "agreement for day opportunities for adults with learning disabilities in north "
            "Manchester, with a shared budget and one set of outcomes. People now choose from "
            "activities across all five rather than taking a place at one centre."
        ),
        "authority": "E08000003",
        "organisations": [],
        "service_area": "adult-social-care",
        "approach": "alliance",
        "outcomes": {
            "choice": (
                "Each person has a plan written with them and their family, and a timetable "
                "that can draw on any of the five members: a community garden, an arts studio, "
                "a cafe that trains its own staff, a swimming club and a travel training "
                "project. Changing an activity takes a conversation with a link worker, not a "
                "new referral and assessment."
            ),
            "contribution": (
                "Eighteen people now have regular roles: serving in the cafe, running the "
                "garden's seedling sales, helping at the swimming club. The alliance agreed with "
                "the council that these roles count towards its outcomes, where the old contract "
                "counted only hours of attendance."
            ),
            "isolation": (
                "Activities happen in ordinary places in Cheetham Hill, Crumpsall and "
                "Harpurhey, so people meet their neighbours and not only others who use the "
                "service. Families told the council's review that their relatives now have "
                "friends they see outside the timetable."
            ),
        },
        "quotes": [
            {
                "text": (
                    "Before, if my son wanted to try something new it meant a review meeting "
                    "and a waiting list. He told his link worker on a Monday that he wanted to "
                    "paint, and that Thursday he was at the studio."
                ),
                "attribution": "The parent of a man who uses the service, Crumpsall, Manchester",
                "consent": "2025-11-12",
                "consent_how": (
                    "In writing, after the council's family listening event of 12 November 2025"
                ),
            },
            {
                "text": (
                    "The alliance meets monthly and the money follows the person. We stopped "
                    "arguing about whose client someone was."
                ),
                "attribution": "The chair of the alliance board, north Manchester",
                "consent": "2025-11-20",
                "consent_how": "By email, 20 November 2025",
            },
        ],
        "figures": [
            {
                "value": "5",
                "label": (
                    "Local organisations in the alliance, sharing one budget and one outcomes "
                    "framework"
                ),
                "source": "The alliance agreement between the council and its members, 2022",
            },
            {
                "value": "18",
                "label": (
                    "People with regular volunteer or paid roles through the alliance by March 2025"
                ),
                "source": "The alliance's annual report to the council, 2024 to 2025",
            },
        ],
        "period": ("2022-04", "2025-03"),
        "published_days_ago": 300,
        "related": ["keeping-it-local-manchester-launch", "building-a-local-provider-market"],
    },
    {
        "slug": "employment-support-paid-for-steps-towards-work",
        "title": "Employment support in Hackney paid for steps towards work, not only jobs",
        "summary": (
            "Hackney redesigned an outcomes-based employment programme so that local "
            "organisations are paid for agreed steps towards work as well as for job starts, "
            "with a quarter of the money paid up front. Three neighbourhood organisations that "
            "could not afford to bid before now deliver it."
        ),
        "authority": "E09000012",
        "organisations": [],
        "service_area": "employment-support",
        "approach": "outcomes",
        "outcomes": {
            "choice": (
                "People agree their own steps with an adviser: an English class, a volunteering "
                "placement, a childcare plan, a first interview. The programme pays when a step "
                "is reached, so advisers no longer steer people towards the nearest vacancy to "
                "meet a target. Participants can move to one of the other two organisations if "
                "it suits them better."
            ),
            "contribution": (
                "Many participants volunteer at the organisations' own projects as one of their "
                "steps, including a Turkish-speaking advice session and a repair cafe in "
                "Dalston. The council's review found that a volunteering placement was the step "
                "most often followed by a job offer."
            ),
            "wellbeing": (
                "Advisers see people for as long as it takes rather than the twelve weeks the "
                "old contract allowed. People with long-term health conditions, who used to be "
                "turned away as unlikely to reach a job outcome, are now a third of those "
                "supported."
            ),
        },
        "quotes": [
            {
                "text": (
                    "Under payment by results we couldn't afford to take on anyone who was more "
                    "than a year from work. Now we can work with the people who walk through "
                    "our door, which is the reason we exist."
                ),
                "attribution": "A manager at one of the delivery organisations, Hackney",
                "consent": "2026-07-21",
                "consent_how": "In writing, after the interview of 21 July 2026",
            },
            # Still awaiting consent: the transcript has gone back to the participant and
            # the signed form has not come in, so the site never shows this quote.
            {
                "text": (
                    "I'd been out of work for six years and everyone told me to apply for "
                    "warehouse jobs. Here they asked what I used to do, and now I do the books "
                    "for a bakery two days a week."
                ),
                "attribution": "A participant in the programme, Stoke Newington, Hackney",
                "consent": None,
                "consent_how": "",
            },
        ],
        "figures": [
            {
                "value": "412",
                "label": (
                    "People who reached at least one agreed step towards work in the "
                    "programme's first eighteen months"
                ),
                "source": "The council's payment records for the programme",
            },
            {
                "value": "126",
                "label": (
                    "Job starts in the same eighteen months, 81 of them still in work after "
                    "six months"
                ),
                "source": "The delivery organisations' monitoring returns, checked by the council",
            },
        ],
        "period": ("2024-09", "2026-06"),
        "published_days_ago": 90,
        "related": ["grants-or-contracts"],
    },
    {
        "slug": "home-care-from-local-micro-providers-in-west-cornwall",
        "title": "Home care in West Cornwall bought from small local carers",
        "summary": (
            "Cornwall Council changed its home care framework so that micro-providers, care "
            "businesses of one to eight people, could join on simpler terms and be paid for "
            "rural travel time. Around St Just and Pendeen, where care packages often went "
            "unfilled, most care is now given by people who live nearby."
        ),
        "authority": "E06000052",
        "organisations": [],
        "service_area": "adult-social-care",
        "approach": "contract",
        "outcomes": {
            "choice": (
                "People who had waited weeks for any care at all can now choose between two or "
                "three carers, some of whom they already know, and agree visit times that fit "
                "their day rather than an agency's round. Several have chosen to combine their "
                "hours into fewer, longer visits."
            ),
            "isolation": (
                "Carers who live in the same village stay for a cup of tea, know who else is on "
                "their own, and tell the chapel lunch club or the community bus about people "
                "who have stopped going out. For people in outlying farms and hamlets the carer "
                "is sometimes the only visitor in a week."
            ),
            "wellbeing": (
                "Fewer missed and late visits mean medication is taken on time and meals are "
                "not skipped. The council's review found fewer people in the area moving from "
                "home care into a care home in the second year, though it warns that the "
                "numbers are small."
            ),
        },
        "quotes": [
            {
                "text": (
                    "My carer lives two fields away. When the lane flooded in January she "
                    "walked over, which no agency driving out from Penzance would have done."
                ),
                "attribution": "A woman who receives home care near Pendeen, Cornwall",
                "consent": "2025-10-08",
                "consent_how": (
                    "Spoken, noted by the council's reviewer on 8 October 2025 and confirmed "
                    "by letter"
                ),
            },
        ],
        "figures": [
            {
                "value": "23",
                "label": (
                    "Micro-providers working around St Just and Pendeen by June 2025, up from 4"
                ),
                "source": "The council's home care framework register",
            },
            {
                "value": "9 days",
                "label": (
                    "Average wait to start a new care package in the area in 2025, down from "
                    "41 days in 2022"
                ),
                "source": "The council's own review of the framework change, 2025",
            },
        ],
        "period": ("2023-01", "2025-06"),
        "published_days_ago": 365,
        "related": ["building-a-local-provider-market"],
    },
    {
        "slug": "community-transport-grant-east-cardiff",
        "title": "A community transport grant in the east of Cardiff",
        "summary": (
            "Cardiff Council used to book taxis journey by journey to take older and "
            "disabled residents in the east of the city to day activities and clinics. It now "
            "gives a three-year grant to a community transport charity, which runs minibuses "
            "and a volunteer car scheme in Llanrumney, Trowbridge and St Mellons."
        ),
        "authority": "W06000015",
        "organisations": [],
        "service_area": "other",
        "approach": "grant",
        "outcomes": {
            "isolation": (
                "The minibuses run set routes on set days, so the same passengers travel "
                "together each week and the journey has become part of the outing. The grant "
                "also lets the charity run a Friday shopping trip for anyone on its list, not "
                "only people with an assessed need."
            ),
            "choice": (
                "Passengers book by phone, in English or Welsh, with someone who knows them, "
                "and can ask for a particular driver. Because the grant is not tied to named "
                "journeys, people can use the service for a hospital appointment one week and "
                "a visit to a friend the next."
            ),
            "contribution": (
                "Forty volunteer drivers and escorts, many of them retired and some of them "
                "former passengers, give around 300 hours a month. A passenger group reviews "
                "the routes each year, and last year asked for a stop at the new health centre, "
                "which the charity added."
            ),
        },
        "quotes": [
            {
                "text": (
                    "I stopped going to the lunch club when the taxis kept coming late and "
                    "leaving early. The bus comes at the same time every Wednesday and the "
                    "driver waits while I find my coat."
                ),
                "attribution": "A passenger on the Llanrumney minibus, Cardiff",
                "consent": "2026-04-15",
                "consent_how": (
                    "Signed consent form, at the passenger group meeting of 15 April 2026"
                ),
            },
        ],
        "figures": [
            {
                "value": "14,600",
                "label": (
                    "Passenger journeys in 2025, against about 9,000 taxi journeys booked in 2023"
                ),
                "source": "The charity's monitoring returns to the council",
            },
            {
                "value": "£38,000",
                "label": (
                    "Less spent in the grant's first year than on the taxi bookings it "
                    "replaced, for more journeys"
                ),
                "source": (
                    "The council's comparison of the grant with the previous year's taxi invoices"
                ),
            },
        ],
        "period": ("2024-01", None),
        "published_days_ago": 160,
        "related": ["prevention-pays-but-not-on-the-same-budget-line"],
    },
    {
        "slug": "east-end-wellbeing-alliance-glasgow",
        "title": "A mental wellbeing alliance of three organisations in Glasgow's east end",
        "summary": (
            "Glasgow City Council commissioned community mental wellbeing support in the east "
            "end as one alliance of three local organisations, instead of three contracts "
            "with their own referral rules. People with low mood or anxiety can now walk in to "
            "any of the three without a referral."
        ),
        "authority": "S12000049",
        "organisations": [],
        "service_area": "health-and-wellbeing",
        "approach": "alliance",
        "outcomes": {
            "wellbeing": (
                "People are seen within a week, usually by someone from the same part of the "
                "city, and can move between a listening service, a walking group and money "
                "advice without being assessed again. The outcome measures the alliance agreed "
                "with the council ask people how they are coping rather than counting sessions."
            ),
            "isolation": (
                "Many of the people who come are men in their forties and fifties who live "
                "alone and would not see a GP about their mood. The walking group in Tollcross "
                "Park and a Saturday football session have become the way in for them, and "
                "most stay on after the first conversation."
            ),
            "contribution": (
                "The alliance pays people who have used its services to train as peer "
                "supporters, and eleven now work a few hours a week across the three "
                "organisations. Two peer supporters sit on the alliance's board, and the group "
                "rewrote the leaflet and the first-contact form."
            ),
        },
        "quotes": [
            {
                "text": (
                    "When it was three contracts we each guarded our own numbers. Now if "
                    "someone would be better off at the walking group down the road, we walk "
                    "them there."
                ),
                "attribution": (
                    "A development worker at one of the alliance's organisations, Parkhead, Glasgow"
                ),
                "consent": "2026-02-10",
                "consent_how": "By email, 10 February 2026",
            },
            {
                "text": (
                    "I'd been on a waiting list for months. Here I was talking to someone the "
                    "same afternoon, and she'd grown up two streets from me."
                ),
                "attribution": "A man who uses the walk-in service, Shettleston, Glasgow",
                "consent": "2026-02-24",
                "consent_how": "In writing, after the interview of 24 February 2026",
            },
        ],
        "figures": [
            {
                "value": "6 days",
                "label": (
                    "Average time from first contact to first session in 2025, against an "
                    "11-week waiting list under the separate contracts"
                ),
                "source": "The alliance's monitoring returns to the council",
            },
            {
                "value": "11",
                "label": (
                    "Peer supporters, all former users of the services, employed across "
                    "the alliance"
                ),
                "source": "The alliance's annual report, 2025",
            },
        ],
        "period": ("2023-06", "2025-12"),
        "published_days_ago": 250,
        "related": ["what-we-heard-at-our-first-regional-roundtable"],
    },
]

# The story the demo makes from a post-event outcome report (stories.services.story_from_outcome),
# then completes as an editor would before publishing it.
STORY_FROM_OUTCOME = {
    "slug": "neighbourhood-networks-a-funding-review-that-listens",
    "title": "Neighbourhood networks: a funding review that listens",
    "service_area": "adult-social-care",
    "approach": "grant",
    "outcomes": {
        "choice": (
            "Older people now have a say in what their scheme is judged on: each scheme "
            "gathers three short accounts a year in members' own words, and the review reads "
            "them alongside the numbers. Schemes say this lets them follow what members ask "
            "for, such as a Saturday lunch or a help session for phones and tablets, without "
            "fitting it into a fixed list of activities."
        ),
        "wellbeing": (
            "Five-year grant agreements let schemes keep their coordinators and plan chair "
            "exercise, falls prevention and befriending beyond one financial year. The shorter "
            "quarterly return frees time that the schemes say goes back into visits and phone "
            "calls to members who have been unwell or in hospital."
        ),
    },
    "figures": [
        {
            "value": "9",
            "label": "Neighbourhood network schemes at the roundtable that helped shape the review",
            "source": "The roundtable's attendance record",
        },
        {
            "value": "5 years",
            "label": "Length of the new grant agreements, up from three",
            "source": "The council's revised grant terms for the neighbourhood networks",
        },
    ],
}
