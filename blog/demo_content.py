"""The demo articles: their index, categories, authors, pictures and words
(loaded by blog.demo).

Everything here is written for the demo. The people, Ashbridge Council and Cwm
Community Trust are invented.
"""

import datetime

from network_site.demo.content import (
    HOST,
    JOIN,
    document,
    heading,
    image,
    lessons,
    paragraphs,
    quote,
    rich_text,
)

BLOG_INDEX = {
    "title": "Articles",
    "slug": "blog",
    "introduction": (
        "Practical writing on local commissioning, prevention, social value and the work of "
        "community organisations, from people doing it across the UK."
    ),
}

CATEGORIES = [
    {
        "name": "Commissioning",
        "slug": "commissioning",
        "description": "How councils decide what to fund, how to buy it and who to buy it from.",
    },
    {
        "name": "Community organisations",
        "slug": "community-organisations",
        "description": "Charities, community groups and social enterprises rooted in their place.",
    },
    {
        "name": "Prevention",
        "slug": "prevention",
        "description": "Spending earlier so that fewer people reach crisis.",
    },
    {
        "name": "Social value",
        "slug": "social-value",
        "description": "What a community gets from the way public money is spent.",
    },
    {
        "name": "Network news",
        "slug": "network-news",
        "description": "Events, members and what the network is working on.",
    },
]

# Pictures drawn by network_site.demo.images. The title names the image in the
# library (and is reused on a rerun) and seeds the drawing; the description is
# its alternative text and describes that drawing: change a title, look again.
IMAGES = {
    "hero-why-we-started": {
        "title": "Demo: why we started the network",
        "description": (
            "Abstract illustration: three soft brown circles on a deep teal background "
            "crossed by pale diagonal bands."
        ),
        "kind": "hero",
        "palette": "harbour",
    },
    "hero-grants-or-contracts": {
        "title": "Demo: grants or contracts",
        "description": (
            "Abstract illustration: violet circles and a dark ring on a pale lilac "
            "background with diagonal stripes."
        ),
        "kind": "hero",
        "palette": "moorland",
    },
    "hero-small-charity": {
        "title": "Demo: what a small charity sees",
        "description": (
            "Abstract illustration: pale green circles and a ring on a deep green "
            "background crossed by diagonal bands."
        ),
        "kind": "hero",
        "palette": "allotment",
    },
    "hero-prevention-pays": {
        "title": "Demo: prevention pays",
        "description": (
            "Abstract illustration: peach, cream and teal circles on a brick-red background."
        ),
        "kind": "hero",
        "palette": "brick",
    },
    "hero-first-roundtable": {
        "title": "Demo: our first regional roundtable",
        "description": (
            "Abstract illustration: overlapping slate and mid-blue circles on a pale blue "
            "background."
        ),
        "kind": "hero",
        "palette": "estuary",
    },
    "hero-social-value": {
        "title": "Demo: social value that means something",
        "description": (
            "Abstract illustration: a plum circle and overlapping rings on a pale pink "
            "background with diagonal stripes."
        ),
        "kind": "hero",
        "palette": "heather",
    },
    "hero-five-questions": {
        "title": "Demo: five questions before recommissioning",
        "description": (
            "Abstract illustration: large overlapping peach, teal and dark teal circles on "
            "a pale mint background."
        ),
        "kind": "hero",
        "palette": "harbour",
    },
    "hero-provider-market": {
        "title": "Demo: a local provider market",
        "description": (
            "Abstract illustration: orange rings with pale green and brown circles on a "
            "green background."
        ),
        "kind": "hero",
        "palette": "allotment",
    },
    "hero-host-an-event": {
        "title": "Demo: bring the network to your area",
        "description": (
            "Abstract illustration: golden circles and a dark ring on a pale blue background."
        ),
        "kind": "hero",
        "palette": "estuary",
    },
    "figure-pantry": {
        "title": "Demo: community pantry",
        "description": (
            "Abstract illustration: cream and orange circles and an orange ring on a deep "
            "green background."
        ),
        "kind": "hero",
        "palette": "allotment",
    },
    "figure-planning": {
        "title": "Demo: planning ahead",
        "description": (
            "Abstract illustration: lilac, gold and cream circles on a deep violet "
            "background crossed by diagonal bands."
        ),
        "kind": "hero",
        "palette": "moorland",
    },
    "figure-consortium": {
        "title": "Demo: organisations working together",
        "description": (
            "Abstract illustration: a small teal circle and pale rings on a brick-red "
            "background crossed by diagonal bands."
        ),
        "kind": "hero",
        "palette": "brick",
    },
    "portrait-priya-raman": {
        "title": "Demo portrait: Priya Raman",
        "description": (
            "Illustrated placeholder portrait: a teal head-and-shoulders silhouette against"
            " a soft peach circle."
        ),
        "kind": "portrait",
        "palette": "harbour",
    },
    "portrait-daniel-okafor": {
        "title": "Demo portrait: Daniel Okafor",
        "description": (
            "Illustrated placeholder portrait: a navy head-and-shoulders silhouette against"
            " a soft gold circle."
        ),
        "kind": "portrait",
        "palette": "estuary",
    },
    "portrait-sian-morgan": {
        "title": "Demo portrait: Siân Morgan",
        "description": (
            "Illustrated placeholder portrait: a plum head-and-shoulders silhouette against"
            " a soft sage circle."
        ),
        "kind": "portrait",
        "palette": "heather",
    },
}

AUTHORS = [
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "role": "Policy and Research Lead",
        "organisation": "Keep it Local Network",
        "photo": "portrait-priya-raman",
        "bio": (
            "Priya leads the network's policy and research work. She spent ten years in local "
            "government, latterly commissioning community services, and writes about "
            "commissioning practice, evidence and how councils and the voluntary sector work "
            "together."
        ),
    },
    {
        "slug": "daniel-okafor",
        "name": "Daniel Okafor",
        "role": "Head of Commissioning",
        "organisation": "Ashbridge Council",
        "photo": "portrait-daniel-okafor",
        "bio": (
            "Daniel is responsible for commissioning community and preventative services at "
            "Ashbridge Council. Before that he managed a housing support charity, and he still "
            "thinks the best commissioning starts with a cup of tea in someone else's building."
        ),
    },
    {
        "slug": "sian-morgan",
        "name": "Siân Morgan",
        "role": "Chief Executive",
        "organisation": "Cwm Community Trust",
        "photo": "portrait-sian-morgan",
        "bio": (
            "Siân has run Cwm Community Trust, a community anchor organisation in South Wales, "
            "for twelve years. The trust runs a community centre, a food pantry and family "
            "support, and sits on several local partnership boards."
        ),
    },
]

# Oldest first: an article's related articles are always older than it is.
ARTICLES = [
    {
        "slug": "why-we-started-the-keep-it-local-network",
        "title": "Why we started the Keep it Local Network",
        "date": datetime.date(2024, 12, 5),
        "summary": (
            "Public services work best when they are designed and delivered close to the "
            "people who use them. Why we set up a network for councillors, commissioners and "
            "community organisations, and what we plan to do in our first year."
        ),
        "authors": ["priya-raman"],
        "categories": ["network-news", "commissioning"],
        "tags": ["keep it local", "commissioning", "local economy"],
        "hero": "hero-why-we-started",
        "related": [],
        "body": [
            paragraphs(
                "Ask anyone who has spent time in local government about the services that "
                "really change lives and you tend to hear the same kind of story. A tenancy "
                "saved because a support worker knew the landlord. An older man who started "
                "eating properly again after a neighbour took him along to a lunch club. A "
                "teenager who stayed in school because a youth worker noticed something that "
                "no referral form would ever have picked up.",
                "What those stories have in common is closeness. The people involved knew the "
                "place, knew each other, and had the freedom to do what the situation needed. "
                "Yet for much of the past two decades the way many public services are bought "
                "has pulled in the opposite direction: larger contracts, longer specifications, "
                "and providers whose head offices are a long way from the streets they serve.",
            ),
            heading("The trouble with scale"),
            paragraphs(
                "There are good reasons why councils package services into big contracts. "
                "Procurement is expensive, teams are stretched, and one large contract looks "
                "simpler to manage than twenty small ones. But the savings on paper often come "
                "back as costs elsewhere. When a contract covers a whole county, the provider "
                "has to standardise. Standardised services struggle with people whose lives are "
                "not standard, and those are precisely the people most likely to end up in "
                "crisis, in hospital or in temporary accommodation.",
                "Money leaks out too. A pound spent with an organisation that employs local "
                "people, buys from local suppliers and reinvests its surplus locally does more "
                "work in the local economy than a pound that leaves the area on the first day "
                "of the month.",
            ),
            quote(
                "We were buying a service, when what residents needed was a relationship. The "
                "contract could not tell the difference.",
                "Daniel Okafor",
                "Head of Commissioning, Ashbridge Council",
            ),
            heading("What keeping it local means"),
            rich_text(
                "<p>Keeping it local is not about sentiment, and it is not about shutting out "
                "national charities and businesses that do good work. It is a practical "
                "approach to commissioning person-centred services, built on a few simple "
                "ideas:</p>"
                "<ul>"
                "<li>services are designed with the people who use them;</li>"
                "<li>where a local organisation can do the job well, it gets a fair chance "
                "to;</li>"
                "<li>grants, contracts and partnerships are chosen because they fit, not out "
                "of habit;</li>"
                "<li>we measure what matters, and treat people's stories as evidence;</li>"
                "<li>spending that keeps people out of crisis is protected.</li>"
                "</ul>"
            ),
            document(
                "principles",
                "Keep it Local: six principles for commissioning local services",
                "The principles the network works to, on one page.",
            ),
            heading("Who the network is for"),
            paragraphs(
                "The network brings together four groups who rarely get to talk candidly in "
                "the same room. Councillors set the direction. Officers and commissioners turn "
                "that direction into budgets and contracts. Community organisations deliver, "
                "and often campaign. Researchers and policy specialists help everyone see the "
                "wider picture.",
                "Each group holds part of the answer. Councillors can change the rules, "
                "commissioners know where the rules bite, community organisations know what "
                "happens after the contract is signed, and researchers can tell us what has "
                "worked elsewhere and why.",
            ),
            lessons(
                "What we will do in our first year",
                (
                    "Run events in places that ask for them",
                    "Roundtables and workshops hosted by local authorities, on a service the "
                    "host chooses.",
                ),
                (
                    "Publish practical material",
                    "Short articles, case studies and checklists written by people doing the "
                    "work, not only by people writing about it.",
                ),
                (
                    "Connect people across places",
                    "A members' directory, so that a commissioner in one region can find a "
                    "peer in another who has already tried what they are considering.",
                ),
                (
                    "Make the case nationally",
                    "Gather evidence from members to inform the debate on local government "
                    "funding and procurement.",
                ),
            ),
            paragraphs(
                "None of this works without members. If you commission, fund, deliver or study "
                "local services, we would like you to be part of it."
            ),
            JOIN,
        ],
    },
    {
        "slug": "grants-or-contracts",
        "title": "Grants or contracts? Choosing the right tool for the job",
        "date": datetime.date(2025, 2, 18),
        "summary": (
            "Too many councils reach for a competitive tender by default. When a grant does the "
            "job better, when a contract is right, and how to tell the difference before the "
            "paperwork starts."
        ),
        "authors": ["daniel-okafor", "priya-raman"],
        "categories": ["commissioning", "community-organisations"],
        "tags": ["grants", "procurement", "commissioning"],
        "hero": "hero-grants-or-contracts",
        "related": ["why-we-started-the-keep-it-local-network"],
        "body": [
            paragraphs(
                "Early in my career I inherited a contract for a befriending service for older "
                "people. It ran for three years, was tendered across the whole borough, and was "
                "measured mainly by the number of contacts delivered each quarter. The provider "
                "hit every target. When we finally sat down with the people who used it, many "
                "of them could not name their befriender, because the person kept changing.",
                "Nobody had done anything wrong. We had simply used a tool designed to buy a "
                "defined product for something that was really about trust and continuity. "
                "That experience changed how I think about the choice between a grant and a "
                "contract.",
            ),
            heading("What each tool is for"),
            paragraphs(
                "A contract buys a specified service. The council decides what it wants, "
                "describes it, and pays a provider to deliver it, with the right to enforce the "
                "terms if things go wrong. That is exactly right for plenty of services: where "
                "the outcome can be clearly defined, where there is a genuine market of "
                "providers, and where the council needs firm control over how the service runs.",
                "A grant funds an organisation to pursue its own purpose where that purpose "
                "overlaps with the council's aims. The council gives up some control in "
                "exchange for the organisation's knowledge, its volunteers, its networks and "
                "its ability to adapt. Grants suit work that is preventative, relational or "
                "exploratory, where the organisation often knows more about what is needed "
                "than the commissioner does.",
            ),
            quote(
                "The question isn't which is more rigorous. It's which one matches what you "
                "are actually trying to achieve.",
                "Councillor Ruth Alderson",
                "Cabinet member for communities, Ashbridge Council",
            ),
            lessons(
                "Four questions before you decide",
                (
                    "Can you describe the outcome precisely?",
                    "If you can write a specification that a provider could price, a contract "
                    "may be right. If the honest answer is that you will know it when you see "
                    "it, a grant will serve you better.",
                ),
                (
                    "Is there a real market?",
                    "A tender with one plausible bidder is a grant with extra paperwork. Check "
                    "who could actually deliver before choosing a route.",
                ),
                (
                    "Who holds the knowledge?",
                    "Where a community organisation understands the need better than you do, "
                    "funding it to lead is usually wiser than asking it to follow your "
                    "specification.",
                ),
                (
                    "What happens if things change?",
                    "Contracts are good at stability and poor at adapting part-way through. If "
                    "needs are likely to shift, build in the flexibility a grant agreement "
                    "allows.",
                ),
            ),
            heading("Myths that get in the way"),
            paragraphs(
                "Two myths come up at almost every event we run. The first is that procurement "
                "law forces councils to tender everything. It does not. The rules apply to "
                "contracts for services above certain thresholds, with a lighter-touch regime "
                "for many social and community services; grants are a different instrument "
                "altogether.",
                "The second myth is that grants are unaccountable. A well-designed grant "
                "agreement sets out what the money is for, how progress will be shared and what "
                "happens if things go wrong. Accountability comes from the relationship and the "
                "reporting, not from the label on the document.",
            ),
            heading("Getting the mix right"),
            paragraphs(
                "Most places need both. A sensible approach is to look at a service area as a "
                "whole and ask which parts need the certainty of a contract and which would "
                "benefit from the flexibility of grant funding. In our borough, core statutory "
                "provision stays under contract, while a grants programme funds community "
                "groups to reach people that the contracted service struggles to engage.",
                "If you are wrestling with these questions, you are not alone. Our members "
                "include commissioners who have moved money from contracts to grants and back "
                "again, and they are generous with what they have learned.",
            ),
            JOIN,
        ],
    },
    {
        "slug": "what-a-small-charity-sees",
        "title": "What a small charity sees that a spreadsheet misses",
        "date": datetime.date(2025, 4, 9),
        "summary": (
            "Small community organisations often see problems coming long before they reach a "
            "council's data. A charity chief executive in South Wales on why stories are "
            "evidence, and how commissioners can make room for them."
        ),
        "authors": ["sian-morgan"],
        "categories": ["community-organisations", "prevention"],
        "tags": ["evidence", "community organisations", "prevention"],
        "hero": "hero-small-charity",
        "related": ["grants-or-contracts"],
        "body": [
            paragraphs(
                "Our trust runs a community centre, a food pantry, a parents' group and a "
                "handful of other things that have grown up because someone asked for them. We "
                "employ eleven people, most of them part-time, and we rely on around sixty "
                "volunteers. By any measure we are small.",
                "But we see things. Last winter our pantry volunteers noticed that several "
                "families they had known for years had stopped coming. It would have been easy "
                "to read that as good news. It turned out they had been moved into temporary "
                "accommodation in the next valley and could not afford the bus back. No "
                "dashboard showed that for months.",
            ),
            heading("Evidence comes in more than one shape"),
            paragraphs(
                "Commissioners are right to ask for evidence. Public money should be spent on "
                "things that work. The trouble is that the systems we report into are mostly "
                "designed to count activity: sessions run, people seen, referrals made. Those "
                "numbers are easy to collect and compare, but they say very little about "
                "whether anyone's life got better.",
                "The changes that matter most in prevention are often the hardest to count. A "
                "man who stops ringing the out-of-hours doctor because he now has someone to "
                "talk to on Tuesday afternoons. A young mum who goes back to college. These "
                "show up, if at all, years later and in someone else's budget.",
            ),
            image(
                "figure-pantry",
                "Our pantry volunteers are often the first to notice when something changes "
                "for a family.",
                "Illustration: Keep it Local Network",
            ),
            quote(
                "Numbers tell you how much happened. Stories tell you what it meant, and that "
                "is usually where the prevention is.",
                "Gareth",
                "Pantry volunteer",
            ),
            heading("What good reporting looks like"),
            paragraphs(
                "The best relationship we have with a funder works like this. We agree three or "
                "four things that matter, some of them numbers and some of them not. Twice a "
                "year we sit down with the commissioner and talk through what has happened, "
                "including what has gone wrong. We bring case studies written with the people "
                "concerned and with their permission. The commissioner brings questions. It "
                "takes a morning, and both sides learn more than any quarterly return has ever "
                "told them."
            ),
            lessons(
                "How commissioners can make room for stories",
                (
                    "Ask for fewer numbers, and use the ones you ask for",
                    "Every figure we collect takes time from the work. If nobody reads it, "
                    "stop asking for it.",
                ),
                (
                    "Treat case studies as data",
                    "Collected consistently and with consent, they show patterns that figures "
                    "alone miss.",
                ),
                (
                    "Visit",
                    "An hour in a community centre tells you more than a monitoring form. Come "
                    "when it is busy, not when it is tidy.",
                ),
                (
                    "Share what you learn",
                    "If our reports feed into a bigger picture, tell us what it shows. We are "
                    "more likely to keep telling you things if we can see they are used.",
                ),
            ),
            heading("Small does not mean fragile"),
            paragraphs(
                "There is a tendency to think of small organisations as risky. In our "
                "experience the risk often runs the other way. We have been here for "
                "twenty-six years. In that time the same service in our area has been "
                "recommissioned four times, with four different providers. We were here before "
                "each of them arrived and after each of them left.",
                "That continuity is an asset. Commissioning that recognises it, through longer "
                "grants, lighter reporting and a real relationship, will get more from every "
                "pound than commissioning that treats us as interchangeable.",
            ),
            JOIN,
        ],
    },
    {
        "slug": "prevention-pays-but-not-on-the-same-budget-line",
        "title": "Prevention pays, but not on the same budget line",
        "date": datetime.date(2025, 6, 24),
        "summary": (
            "Everyone agrees prevention saves money. The difficulty is that the savings land in "
            "a different budget, a different year and often a different organisation. Some "
            "practical ways councils are getting round the problem."
        ),
        "authors": ["daniel-okafor"],
        "categories": ["prevention", "commissioning"],
        "tags": ["prevention", "budgets", "adult social care"],
        "hero": "hero-prevention-pays",
        "related": ["what-a-small-charity-sees"],
        "body": [
            paragraphs(
                "Every budget round brings the same conversation. Demand for acute services is "
                "rising, funding is not, and the only sustainable way out is to invest earlier "
                "so that fewer people reach crisis. Everyone nods. Then the budget is set, and "
                "the preventative services are among the first to be trimmed.",
                "This is not because councillors or finance directors fail to understand "
                "prevention. It is because the way public money is organised makes prevention "
                "unusually hard to defend.",
            ),
            heading("Why the savings are hard to see"),
            paragraphs(
                "Take a housing support service that helps people keep their tenancies. If it "
                "works, fewer households become homeless. The savings appear in the temporary "
                "accommodation budget, in the NHS, perhaps in children's services and the "
                "police. The cost sits on one budget line and the benefits are spread across "
                "five, some of them in organisations the council does not control, and many of "
                "them two or three years later.",
                "Ask the manager of the housing support budget to justify the service and they "
                "will struggle to point to a saving in their own accounts. In a tight year that "
                "is often enough to see it cut.",
            ),
            quote(
                "If you only measure what a service costs this year, prevention will always "
                "look like a luxury.",
                "Councillor Ruth Alderson",
                "Cabinet member for communities, Ashbridge Council",
            ),
            heading("What is working"),
            paragraphs(
                "Among the councils in our network, a few approaches come up again and again. "
                "None is perfect, but together they make a difference."
            ),
            lessons(
                "Five ways to protect preventative spending",
                (
                    "Pool budgets across services",
                    "Where housing, adult social care and public health all contribute to a "
                    "shared prevention fund, the argument about whose savings they are matters "
                    "less.",
                ),
                (
                    "Agree a longer horizon",
                    "Three-year funding for preventative work, agreed by the cabinet, takes it "
                    "out of the annual scramble.",
                ),
                (
                    "Track a few shared indicators",
                    "Choose measures that several partners care about, such as repeat "
                    "homelessness or avoidable hospital admissions, and report them together.",
                ),
                (
                    "Protect a proportion, not a sum",
                    "A fixed percentage of a service budget set aside for prevention survives "
                    "changes in the overall settlement better than a cash figure.",
                ),
                (
                    "Bring the voluntary sector into the budget conversation early",
                    "Community organisations can often show where demand is coming from before "
                    "it reaches statutory services.",
                ),
            ),
            heading("The part local organisations play"),
            paragraphs(
                "Prevention is, almost by definition, local. It relies on noticing that "
                "something is going wrong while it can still be put right, and that depends on "
                "people who are already part of someone's life: the lunch club, the tenants' "
                "association, the youth project, the faith group that runs a drop-in. These "
                "organisations rarely cost much. They are also the first to go when budgets "
                "are cut, because they have the least contractual protection.",
                "Councils that have kept their preventative spending through difficult years "
                "tend to have one thing in common: they stopped thinking of the voluntary and "
                "community sector as a supplier to be managed and started treating it as a "
                "partner in managing demand.",
                "We will be looking at pooled prevention funds in more detail at network events "
                "over the coming year. If your council has tried one, or would like to, we "
                "would be glad to hear from you.",
            ),
            HOST,
        ],
    },
    {
        "slug": "what-we-heard-at-our-first-regional-roundtable",
        "title": "What we heard at our first regional roundtable",
        "date": datetime.date(2025, 9, 16),
        "summary": (
            "Thirty-five councillors, commissioners and community leaders spent a day in the "
            "North East working out how commissioning could start from relationships rather "
            "than specifications. Here is what they told us."
        ),
        "authors": ["priya-raman"],
        "categories": ["network-news", "commissioning"],
        "tags": ["events", "commissioning", "co-production"],
        "hero": "hero-first-roundtable",
        "related": ["why-we-started-the-keep-it-local-network", "grants-or-contracts"],
        "body": [
            paragraphs(
                "In September we held the network's first regional roundtable, hosted by a "
                "council in the North East that wanted to rethink how it funds community "
                "support for older people. Thirty-five people came: councillors, commissioners "
                "from four neighbouring authorities, people from community organisations large "
                "and small, and two researchers who had studied similar programmes elsewhere.",
                "We ran the day under the Chatham House Rule, so this note records what was "
                "said rather than who said it. It was a candid conversation, and a hopeful one.",
            ),
            heading("Start with the place, not the service"),
            paragraphs(
                "The first session asked people to describe their area without mentioning a "
                "single service. It was harder than it sounds. Once people got going, though, a "
                "picture emerged of places with strong informal networks (allotment societies, "
                "chapels, sports clubs, a much-loved café) that rarely appear in any "
                "commissioning plan.",
                "Several commissioners said they had never mapped these assets, because they "
                "received no funding and so appeared on no list. One described walking round a "
                "ward with a community development worker and finding more going on in a "
                "single afternoon than in the council's entire directory.",
                "By lunchtime the group had a rough map on the wall covering three wards. It "
                "was incomplete and in places disputed, but it changed the tone of the "
                "afternoon: people stopped talking about gaps in provision and started talking "
                "about connections.",
            ),
            quote(
                "We spend months writing a specification and about an hour finding out what "
                "already exists. It should be the other way round.",
                "A roundtable participant",
                "Commissioning officer",
            ),
            heading("What gets in the way"),
            paragraphs(
                "The obstacles will be familiar to anyone who has worked in this area. Short "
                "funding cycles make it hard for organisations to plan or keep staff. "
                "Monitoring requirements are out of proportion to the size of grants. "
                "Procurement timetables leave no room for the slow work of building trust. And "
                "in a crisis, the pressure to show quick results pushes everyone back towards "
                "what they already know.",
                "There was frank discussion of the council's own role. Officers said they "
                "sometimes felt caught between elected members who wanted local organisations "
                "to get the work and finance and legal colleagues worried about risk. "
                "Councillors said they needed better evidence to make the case. Everyone agreed "
                "that these conversations happen too rarely and too late.",
            ),
            lessons(
                "Four things participants agreed",
                (
                    "Map what exists before you write a specification",
                    "Walk the patch with people who know it, and include the groups that "
                    "receive no public money.",
                ),
                (
                    "Fund relationships as well as activities",
                    "Time that commissioners spend with community organisations is not a "
                    "luxury; it is how good commissioning happens.",
                ),
                (
                    "Match the reporting to the grant",
                    "A £5,000 grant should not come with the monitoring of a £500,000 contract.",
                ),
                (
                    "Keep talking after the contract is signed",
                    "A quarterly conversation about what is changing is worth more than a "
                    "quarterly return.",
                ),
            ),
            heading("What happens next"),
            paragraphs(
                "The host council has agreed to pilot a neighbourhood grants programme for "
                "older people's support in two wards, designed with the organisations that came "
                "on the day. We will report back on how it goes. Two of the neighbouring "
                "authorities have asked about running similar sessions of their own.",
                "That is exactly what we hoped for. Roundtables are not an end in themselves; "
                "they are a way of starting conversations that would not otherwise happen, in "
                "places that want to have them.",
            ),
            HOST,
        ],
    },
    {
        "slug": "social-value-that-means-something-locally",
        "title": "Social value that means something locally",
        "date": datetime.date(2025, 11, 20),
        "summary": (
            "Social value questions in tenders too often reward the best-written promises "
            "rather than the most useful ones. How councils can ask better questions and make "
            "sure the answers add up to something in their area."
        ),
        "authors": ["daniel-okafor", "sian-morgan"],
        "categories": ["social-value", "commissioning"],
        "tags": ["social value", "procurement", "local economy"],
        "hero": "hero-social-value",
        "related": ["grants-or-contracts", "prevention-pays-but-not-on-the-same-budget-line"],
        "body": [
            paragraphs(
                "Social value has been part of public procurement for more than a decade. The "
                "Public Services (Social Value) Act 2012 asked public bodies to consider the "
                "wider social, economic and environmental benefits of the services they buy, "
                "and most councils now give social value a weighting in their tenders, often "
                "somewhere between ten and twenty per cent.",
                "In principle that is good news for local organisations. In practice, many of "
                "the community groups in our network say social value has become another box "
                "to tick, and one that large bidders with dedicated bid writers tick rather "
                "better than they do.",
            ),
            heading("The problem with promises"),
            paragraphs(
                "A typical social value question asks bidders what additional benefits they "
                "will deliver. The answers arrive as commitments: so many apprenticeships, so "
                "many volunteering hours, a donation to the local food bank. They are scored, "
                "the contract is awarded, and in too many cases nobody checks whether the "
                "commitments were kept.",
                "Meanwhile a local organisation that already employs people from the "
                "neighbourhood, buys from local suppliers and reinvests every surplus in the "
                "community often struggles to present any of that as additional, because it is "
                "simply how it works.",
            ),
            quote(
                "Our social value isn't an add-on. It's the reason we exist. The scoring never "
                "quite knew what to do with that.",
                "A community enterprise manager",
                "Network member, North West England",
            ),
            heading("Asking better questions"),
            paragraphs(
                "The councils that get most from social value start by deciding what matters "
                "in their area, rather than asking bidders to guess. If youth unemployment in "
                "two wards is the biggest concern, say so, and ask how the bidder's way of "
                "delivering the service will help. If the local economy is losing money to "
                "distant suppliers, ask about supply chains and where wages are spent.",
                "It also helps to think about who will be able to answer well. A question that "
                "asks for a ten-page method statement rewards whoever employs the best bid "
                "writer. A question that asks bidders to describe, in a page, how their staff, "
                "spending and partnerships will benefit the area is easier for a small "
                "organisation to answer honestly, and easier for evaluators to compare.",
            ),
            lessons(
                "Making social value count",
                (
                    "Publish local priorities",
                    "A short social value statement, agreed with councillors and partners, "
                    "gives every bidder the same starting point.",
                ),
                (
                    "Value how services are delivered, not just the extras",
                    "Local jobs, local supply chains and reinvested surpluses are social value "
                    "even when they are business as usual.",
                ),
                (
                    "Keep commitments proportionate",
                    "Ask small contracts for small, meaningful commitments rather than a long "
                    "list that nobody will monitor.",
                ),
                (
                    "Check delivery",
                    "Build social value into contract management, and publish what was "
                    "actually achieved.",
                ),
            ),
            heading("A change in the law"),
            paragraphs(
                "The Procurement Act 2023, in force since February 2025, asks contracting "
                "authorities to have regard to maximising public benefit, and to the barriers "
                "that small and medium-sized suppliers face. How much difference that makes "
                "will depend on whether councils use the room it gives them.",
                "Our view is simple. Social value should describe what a community actually "
                "gets from the way its money is spent. Measured that way, local organisations "
                "rarely need special treatment; they need a fair chance to show what they "
                "already do.",
            ),
            JOIN,
        ],
    },
    {
        "slug": "five-questions-before-you-recommission",
        "title": "Five questions to ask before you recommission a service",
        "date": datetime.date(2026, 2, 11),
        "summary": (
            "When a contract nears its end, the easiest option is to retender what you already "
            "have. Five questions that help commissioners decide whether the service should "
            "look different next time, and who should help shape it."
        ),
        "authors": ["priya-raman"],
        "categories": ["commissioning", "prevention"],
        "tags": ["commissioning", "co-production", "recommissioning"],
        "hero": "hero-five-questions",
        "related": [],
        "body": [
            paragraphs(
                "Contracts end on a timetable, and the timetable rarely leaves enough room for "
                "thought. Eighteen months before expiry someone realises a decision is needed; "
                "twelve months before, the procurement plan is due; and by the time anyone asks "
                "whether the service should look different, there is no longer time to change "
                "it.",
                "Members tell us that the single most useful thing they have done is to start "
                "earlier and ask a few blunt questions. We have gathered the most common ones "
                "here.",
            ),
            lessons(
                "Five questions",
                (
                    "What would the people who use the service change?",
                    "Not a satisfaction survey, but a real conversation with people who use "
                    "the service, people who stopped using it and people who never found it.",
                ),
                (
                    "What else is already happening in the area?",
                    "Map the community organisations, informal groups and other funded "
                    "services working with the same people. The gap may be smaller, or "
                    "different, from the one the specification assumes.",
                ),
                (
                    "Is a single contract the right shape?",
                    "Consider splitting a large contract into lots by area or by need, or "
                    "funding part of the work through grants.",
                ),
                (
                    "Who could deliver it locally?",
                    "Talk to local organisations before the procurement starts. Some may need "
                    "time to form a consortium or build capacity, and early notice gives them "
                    "a fair chance.",
                ),
                (
                    "How will we know it is working?",
                    "Agree a few measures that matter, including qualitative ones, and plan "
                    "how you will review them together.",
                ),
            ),
            heading("Start eighteen months out"),
            paragraphs(
                "None of these questions can be answered well in a hurry. A useful rule of "
                "thumb is to begin the review at least eighteen months before a significant "
                "contract ends, and to protect time in the team for it. That means planning the "
                "review as a piece of work in its own right, with its own budget, rather than "
                "treating it as part of the procurement.",
                "It also means involving people from the start. Councillors should understand "
                "the options before they are asked to approve one. Community organisations "
                "should hear about the review early enough to contribute, not after the tender "
                "is published.",
                "Finally, it means being honest about the money. If the budget next time will "
                "be smaller than this time, say so early. Community organisations would rather "
                "help design a smaller service than discover the cut in the specification.",
            ),
            image(
                "figure-planning",
                "Starting a review early leaves time to hear from the people who use the service.",
                "Illustration: Keep it Local Network",
            ),
            quote(
                "The best specification I ever wrote was the one I wrote last, after a year "
                "of listening.",
                "Daniel Okafor",
                "Head of Commissioning, Ashbridge Council",
            ),
            heading("Avoiding the usual traps"),
            paragraphs(
                "Three traps come up again and again. The first is copying the old "
                "specification with minor edits, which locks in whatever was wrong with it. The "
                "second is consulting so late that nothing people say can change the outcome; "
                "people notice, and they are less willing to help next time. The third is "
                "assuming that because the current provider has done a reasonable job, nothing "
                "needs to change. Sometimes that is true, but it should be a conclusion rather "
                "than a starting point.",
                "Recommissioning is one of the few moments when a council can change a service "
                "without anyone having to admit it was failing. It is worth using well.",
            ),
            JOIN,
        ],
    },
    {
        "slug": "building-a-local-provider-market",
        "title": "Building a local provider market without picking winners",
        "date": datetime.date(2026, 5, 19),
        "summary": (
            "Councils worry that favouring local organisations means picking winners. It "
            "doesn't have to. How commissioners can help a varied local provider market grow, "
            "and why consortia of small organisations are worth the effort."
        ),
        "authors": ["sian-morgan"],
        "categories": ["community-organisations", "social-value"],
        "tags": ["consortia", "provider market", "community organisations"],
        "hero": "hero-provider-market",
        "related": [
            "social-value-that-means-something-locally",
            "what-a-small-charity-sees",
        ],
        "body": [
            paragraphs(
                "One of the questions we hear most often from commissioners is a fair one: "
                "<i>we would like to work with more local organisations, but we cannot simply "
                "hand them contracts, so how do we do this properly?</i>",
                "The worry is understandable. Councils have a duty to treat bidders fairly and "
                "to get value for money, and nobody wants to be accused of favouritism. But "
                "there is a great deal a council can do to help a healthy local market grow "
                "without tilting any individual competition.",
            ),
            heading("Shape the market, not the result"),
            paragraphs(
                "Market shaping is a familiar idea in adult social care, where councils have "
                "long been expected to make sure there is a sufficient range of providers. The "
                "same thinking applies to other person-centred services. A council that wants "
                "more local provision can invest in the conditions for it: information, time, "
                "capacity and fair access."
            ),
            lessons(
                "Practical steps for commissioners",
                (
                    "Publish a forward plan",
                    "Tell the sector which services are due to be commissioned over the next "
                    "two or three years. Small organisations cannot respond to opportunities "
                    "they hear about six weeks before the deadline.",
                ),
                (
                    "Size contracts sensibly",
                    "Divide large contracts into lots where it makes sense, so that "
                    "organisations can bid for the part they do well.",
                ),
                (
                    "Keep the paperwork proportionate",
                    "Financial thresholds, insurance levels and policy requirements should "
                    "reflect the size and risk of the contract.",
                ),
                (
                    "Invest in infrastructure",
                    "A modest grant to a local infrastructure body or a consortium can do more "
                    "for the market than any single contract.",
                ),
            ),
            heading("The case for consortia"),
            paragraphs(
                "For many services the answer is for small organisations to bid together. A "
                "consortium can offer the reach and resilience of a larger provider while "
                "keeping delivery in the hands of organisations rooted in their neighbourhoods. "
                "A lead partner holds the contract and the back-office work; members deliver in "
                "their own areas and to their own communities.",
                "Consortia are not easy. They need trust, clear agreements about money and "
                "risk, and someone with the time to hold them together. They also need "
                "commissioners to give them long enough to form. A consortium that hears about "
                "an opportunity three months before the deadline will usually not exist by the "
                "time it closes.",
            ),
            image(
                "figure-consortium",
                "A consortium lets small organisations share the back office while each keeps "
                "its own patch.",
                "Illustration: Keep it Local Network",
            ),
            quote(
                "We compete with each other for grants and we bid together for contracts. It "
                "sounds odd, but it works because we agreed the rules before the money arrived.",
                "A consortium lead",
                "Community health partnership, West Midlands",
            ),
            heading("Fair to everyone"),
            paragraphs(
                "None of this involves bending the rules. Publishing plans, dividing contracts "
                "into lots and making requirements proportionate all make competitions fairer, "
                "not less fair, because they widen the field. National providers can still "
                "bid, and sometimes they will still win. The difference is that local "
                "organisations get a real chance to compete, and the council gets a clearer "
                "view of what each option would mean for its area.",
                "Many of our members have set up consortia or supported them from the council "
                "side. If you are considering it, they are happy to share their agreements, "
                "their mistakes and their advice.",
            ),
            JOIN,
        ],
    },
    {
        "slug": "bring-the-network-to-your-area",
        "title": "Bring the network to your area: how our events work",
        "date": datetime.date(2026, 9, 29),
        "summary": (
            "Local authorities can ask the Keep it Local Network to host an event in their "
            "area. What a roundtable or workshop involves, what we ask of a host council, and "
            "how to get started."
        ),
        "authors": ["priya-raman"],
        "categories": ["network-news"],
        "tags": ["events", "keep it local", "local authorities"],
        "hero": "hero-host-an-event",
        "related": ["what-we-heard-at-our-first-regional-roundtable"],
        "body": [
            paragraphs(
                "Since our first roundtable we have run events with councils in several "
                "English regions, and in Scotland and Wales. They have covered older people's "
                "services, youth work, housing support, employment and social value. Each one "
                "started the same way: someone from a local authority got in touch and asked "
                "whether we could help.",
                "This article explains how that works, for anyone thinking of doing the same.",
            ),
            heading("What an event looks like"),
            paragraphs(
                "Most of our events are half-day or full-day roundtables for between twenty "
                "and forty people. The host council chooses a theme, usually a service it is "
                "about to review or a problem it is trying to solve. We bring a facilitator, "
                "speakers from other places that have tried something similar, and a short "
                "briefing paper. The host brings the local knowledge and the people: "
                "councillors, officers, community organisations and, where possible, people who "
                "use the services being discussed.",
                "Some hosts prefer a workshop with a practical focus, such as redesigning a "
                "grants programme or preparing for a recommissioning. Others want an evening "
                "event to bring the local voluntary sector together. We are flexible about "
                "format, and online and hybrid events are possible where travel is difficult.",
                "We ask everyone who registers about access needs in advance, and we choose "
                "formats that give quieter voices room: small tables, a mix of sectors at each, "
                "and time to think before anyone reports back.",
            ),
            lessons(
                "What a host council provides",
                (
                    "A sponsor",
                    "A councillor or senior officer who cares about the theme and will be "
                    "there on the day.",
                ),
                (
                    "A venue",
                    "An accessible room, ideally in a community building rather than the town "
                    "hall.",
                ),
                (
                    "Help with invitations",
                    "Introductions to local community organisations and partners, so that the "
                    "room reflects the area.",
                ),
                (
                    "A commitment to follow up",
                    "A willingness to act on what is heard, and to tell us what happened next.",
                ),
            ),
            document(
                "hosting-checklist",
                "Hosting a network event: a checklist for local authorities",
                "What to arrange, and when, from the first request to the follow-up.",
            ),
            heading("What happens afterwards"),
            paragraphs(
                "After every event we write a short note of what was discussed, agree it with "
                "the host, and share it with everyone who took part. With the host's "
                "permission we publish a version here, as we did after our first roundtable in "
                "the North East. Several hosts have gone on to run pilots, change their grants "
                "programmes or set up regular meetings between commissioners and community "
                "organisations."
            ),
            quote(
                "The day itself was useful. What mattered more was that people kept talking "
                "afterwards.",
                "Councillor Ruth Alderson",
                "Cabinet member for communities, Ashbridge Council",
            ),
            heading("How to ask"),
            paragraphs(
                "Use the event request form to tell us about your area, the theme you have in "
                "mind and a few possible dates. Anyone who works for or represents a local "
                "authority can make a request. We will be in touch within two weeks to talk it "
                "through, and you can follow your request as it moves forward.",
                "Not yet a member? Joining is the best way to hear about events near you, "
                "including those hosted by other councils.",
            ),
            HOST,
            JOIN,
        ],
    },
]
