"""The demo site's own words and records (the home page, the standard pages,
the organisation and the network's documents), and the body-block helpers every
app's demo content is written with. Each app keeps its part next to its code
(blog/demo_content.py, events/demo_content.py, members/demo.py). The words of
the articles, events and stories are TOML beside those modules (blog/, events/ and
stories/demo_content.toml), their body blocks tables that block() below builds.

Everything here is written for the demo. The people, Ashbridge Council and Cwm
Community Trust are invented; the contact details are example data.
"""

JOIN_URL = "/members/join/"

HOST_URL = "/events/request/"


# Body blocks, in the shape of network_site.blocks.BodyBlock. Images and
# documents are named by their key in IMAGES and DOCUMENTS; the loader swaps
# in the real objects.


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraphs(*texts):
    return ("paragraph", "".join(f"<p>{text}</p>" for text in texts))


def rich_text(html):
    return ("paragraph", html)


def quote(text, attribution="", role=""):
    return ("quote", {"text": text, "attribution": attribution, "role": role})


def lessons(title, *items):
    return (
        "lessons",
        {
            "heading": title,
            "lessons": [{"title": item, "text": f"<p>{text}</p>"} for item, text in items],
        },
    )


def image(key, caption, attribution=""):
    return ("image", {"image": key, "caption": caption, "attribution": attribution})


def document(key, label, description=""):
    return ("document", {"document": key, "label": label, "description": description})


# The site's own list of its retention periods (network_site.blocks.RetentionPeriodsBlock).
RETENTION_PERIODS = ("retention_periods", None)


def call_to_action(heading, text, button_label, url):
    return (
        "call_to_action",
        {"heading": heading, "text": text, "button_label": button_label, "url": url},
    )


JOIN = call_to_action(
    "Join the network",
    "Councillors, commissioners, community organisations and researchers are all welcome. "
    "Membership gives you events, a directory of peers and a say in what we work on.",
    "Join the network",
    JOIN_URL,
)

HOST = call_to_action(
    "Ask us to host an event in your area",
    "If your council is reviewing a service or wants to work differently with its voluntary "
    "sector, we can bring the network to you.",
    "Ask us to host an event",
    HOST_URL,
)


def block(table):
    """The body block a table of an app's demo_content.toml describes. The key that
    names the block's helper holds its first argument and the other keys its other
    arguments by name (`paragraphs` a list of paragraphs; `lessons` the heading, with
    `items` of title and text); `call_to_action` is "join" (JOIN) or "host" (HOST)."""
    arguments = dict(table)
    if "call_to_action" in arguments:
        return {"join": JOIN, "host": HOST}[arguments["call_to_action"]]
    if "paragraphs" in arguments:
        return paragraphs(*arguments["paragraphs"])
    if "lessons" in arguments:
        items = [(item["title"], item["text"]) for item in arguments["items"]]
        return lessons(arguments["lessons"], *items)
    helpers = {
        "heading": heading,
        "rich_text": rich_text,
        "quote": quote,
        "image": image,
        "document": document,
    }
    (name,) = helpers.keys() & arguments.keys()
    return helpers[name](arguments.pop(name), **arguments)


SITE_NAME = "Keep it Local Network"

HOME = {
    "title": "Keep it Local Network",
    "introduction": (
        "A UK network of councillors, commissioners, community organisations and policy "
        "experts who want public services designed with communities and delivered by "
        "organisations rooted in them."
    ),
    "join_heading": "Join the network",
    "join_text": (
        "Membership is open to councillors, local authority officers, community organisations "
        "and anyone who studies local public services. Share what works, and learn from "
        "people doing the same job elsewhere."
    ),
    "host_heading": "Ask us to host an event in your area",
    "host_text": (
        "Reviewing a service, or want to work differently with your voluntary sector? We run "
        "roundtables and workshops with the councils that ask for them."
    ),
}

ORGANISATION = {
    "name": SITE_NAME,
    "tagline": "Public services, commissioned locally and shaped by the people who use them.",
    "email": "hello@keepitlocal.example",
    "phone": "0113 496 0000",
    "address": "Keep it Local Network (example address)\n1 Sample Street\nLeeds\nLS99 9ZZ",
    "registration": "",
    "footer_text": (
        "<p>A network of councillors, commissioners, community organisations and policy experts "
        "working to keep public services local.</p>"
        "<p><i>This is a demonstration site: the contact details above are example data.</i></p>"
    ),
    "bluesky_url": "https://bsky.app/profile/keepitlocal.example",
    "mastodon_url": "https://mastodon.example/@keepitlocal",
    "linkedin_url": "",
    "youtube_url": "",
    "x_handle": "",
}

DOCUMENTS = {
    "principles": {
        "title": "Keep it Local principles",
        "filename": "keep-it-local-principles.txt",
        "text": """\
KEEP IT LOCAL: SIX PRINCIPLES FOR COMMISSIONING LOCAL SERVICES
Keep it Local Network (demonstration document)

1. Think about the whole place.
   Start with what already exists in an area, including the groups and networks
   that receive no public money, before deciding what to buy.

2. Design services with the people who use them.
   Involve residents, and the organisations they trust, from the start of a
   review rather than after the specification is written.

3. Make local the default, not the exception.
   Where a local organisation can deliver a service well, give it a fair chance
   to do so: publish plans early, divide large contracts, keep paperwork
   proportionate.

4. Choose the right tool.
   Grants, contracts and partnerships each have their place. Pick the one that
   matches what you are trying to achieve.

5. Invest in prevention.
   Protect spending that keeps people out of crisis, even when the savings land
   in someone else's budget.

6. Measure what matters.
   Agree a few meaningful measures, treat people's stories as evidence, and
   review them together.

This document is part of the Keep it Local Network demo content.
""",
    },
    "hosting-checklist": {
        "title": "Hosting a network event: checklist",
        "filename": "hosting-a-network-event-checklist.txt",
        "text": """\
HOSTING A KEEP IT LOCAL NETWORK EVENT: A CHECKLIST FOR LOCAL AUTHORITIES
Keep it Local Network (demonstration document)

Before you ask
[ ] A theme: a service you are reviewing or a problem you want to solve
[ ] A sponsor: a councillor or senior officer who will attend on the day
[ ] Two or three possible dates, at least eight weeks ahead

Eight weeks before
[ ] An accessible venue, ideally a community building
[ ] An invitation list that includes community organisations and partners
[ ] Any access requirements of speakers and guests collected

Two weeks before
[ ] A short briefing on the local context shared with the network
[ ] Refreshments, name badges and a quiet space arranged

Afterwards
[ ] The note of the event agreed with the network
[ ] One or two follow-up actions, and a date to tell us how they went

This document is part of the Keep it Local Network demo content.
""",
    },
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About the network",
        "introduction": (
            "The Keep it Local Network brings together people who commission, fund, deliver "
            "and study local public services, and who believe those services work best when "
            "they are shaped by the communities they serve."
        ),
        "body": [
            heading("What we believe"),
            paragraphs(
                "Public services that change lives, such as support for older people, housing "
                "advice, youth work and help into employment, depend on relationships and "
                "local knowledge. They work best when they are designed with the people who use "
                "them and delivered by organisations that are part of the place.",
                "Over many years, the way these services are bought has tended to favour scale: "
                "bigger contracts, longer specifications and providers based far from the "
                "communities they serve. We think councils can get better results, and keep "
                "more money in their local economies, by commissioning differently.",
            ),
            heading("Who we are"),
            paragraphs(
                "Our members are councillors, local authority officers and commissioners, "
                "charities, community groups and social enterprises, and researchers and "
                "policy specialists. They come from every nation of the UK and from councils "
                "of every type and political control.",
            ),
            heading("What we do"),
            rich_text(
                "<ul>"
                "<li><b>Events.</b> Roundtables and workshops hosted by local authorities, "
                "each on a theme the host chooses.</li>"
                "<li><b>Articles.</b> Practical writing from members on commissioning, "
                "prevention, social value and community organisations.</li>"
                "<li><b>A members' directory.</b> A way to find peers who have tried what "
                "you are considering.</li>"
                "<li><b>A national voice.</b> Evidence from members to inform debate on "
                "local government funding and procurement.</li>"
                "</ul>"
            ),
            document(
                "principles",
                "Keep it Local: six principles for commissioning local services",
                "The principles the network works to, on one page.",
            ),
            heading("How the network is run"),
            paragraphs(
                "A small team coordinates the network's events and publishing, guided by a "
                "steering group drawn from its members. Membership is free for individual "
                "councillors and officers; community organisations and other bodies may be "
                "asked for a modest annual fee according to their size.",
                "<i>This is a demonstration site: the organisation, its team and its contact "
                "details are examples.</i>",
            ),
            JOIN,
            HOST,
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": (
            "How the Keep it Local Network uses the personal information of members, event "
            "attendees and visitors to this site, and the rights you have over it."
        ),
        "body": [
            paragraphs(
                "<i>Last updated 1 September 2026. This is a demonstration site: the "
                "organisation and contact details in this notice are example data.</i>"
            ),
            heading("Who we are"),
            paragraphs(
                "The Keep it Local Network is the controller of the personal information "
                "described here. You can contact us about anything in this notice at "
                '<a href="mailto:privacy@keepitlocal.example">privacy@keepitlocal.example</a> '
                "or by post at Keep it Local Network (example address), 1 Sample Street, "
                "Leeds LS99 9ZZ.",
            ),
            heading("What we hold"),
            rich_text(
                "<ul>"
                "<li><b>Your account:</b> your email address, your name and a securely hashed "
                "password, and a record of when you signed in.</li>"
                "<li><b>Your membership:</b> your membership category, organisation, local "
                "authority and role, whether you appear in the members' directory, your "
                "marketing preferences and the decision on your application.</li>"
                "<li><b>Event registrations:</b> the events you register for, any access or "
                "dietary needs you tell us about, whether you attended, and whether you agreed "
                "to share your details with the event's host.</li>"
                "<li><b>Event requests:</b> what a local authority tells us when it asks to "
                "host an event, and our messages about the request.</li>"
                "<li><b>Payments:</b> the amount, date and status of membership fees and "
                "tickets. Card details are collected and held by Stripe, never by us.</li>"
                "<li><b>Emails:</b> the emails we send you, and whether they were delivered, "
                "as reported by our email provider.</li>"
                "</ul>"
            ),
            heading("Why we use it"),
            paragraphs(
                "We use your information to run your account and membership and the events you "
                "register for (necessary for our agreement with you); to keep the site secure "
                "and improve it (our legitimate interests); to keep financial records (a legal "
                "obligation); and to send you news about the network, only if you have agreed "
                "(your consent, which you can withdraw at any time).",
            ),
            heading("Our bulletins"),
            paragraphs(
                "If you agree to hear from us, we send you our bulletins by email, and only "
                "then. Every bulletin has a link that unsubscribes you with one click, without "
                "signing in; your dashboard shows when you did, and you can change your mind "
                "in your preferences.",
                "We do not track whether you open a bulletin or which of its links you follow: "
                "our bulletins carry no tracking pixels, and their links are not rewritten to "
                "pass through a tracking service.",
            ),
            heading("Who we share it with"),
            rich_text(
                "<ul>"
                "<li><b>Stripe</b> processes payments on our behalf.</li>"
                "<li><b>Our email provider</b> sends account and event emails on our "
                "behalf.</li>"
                "<li><b>Our hosting provider</b> runs the servers this site and its database "
                "use.</li>"
                "<li><b>The host of an event</b> sees your name, organisation and any access "
                "needs only if you agreed to share them when you registered.</li>"
                "<li><b>Other members</b> see your directory entry only if you opted in.</li>"
                "</ul>"
                "<p>We never sell your information. Our suppliers act on our instructions "
                "under written agreements, and where they process data outside the UK, "
                "appropriate safeguards are in place.</p>"
            ),
            heading("How long we keep it"),
            paragraphs(
                "We keep your account and membership for as long as you are a member, or until "
                "you delete your account. Payment records are kept for six years, as the law "
                "requires. The site deletes the rest by itself, every night, once these periods "
                "have passed:",
            ),
            RETENTION_PERIODS,
            heading("Your rights"),
            paragraphs(
                "Under UK data protection law you have the right to see the information we hold "
                "about you, to have it corrected, to have it deleted, to restrict or object to "
                "how we use it, and to receive it in a portable form. Signed-in members can "
                '<a href="/members/export/">download their data</a> or '
                '<a href="/members/delete/">delete their account</a> at any time; for '
                "anything else, email us.",
                "If you are unhappy with how we have handled your information, please tell us "
                "first. You also have the right to complain to the Information Commissioner's "
                'Office at <a href="https://ico.org.uk/">ico.org.uk</a>.',
            ),
            heading("Cookies"),
            paragraphs(
                "This site uses only the cookies it needs to work: one that keeps you signed "
                "in and one that protects forms against misuse. We do not use advertising or "
                "tracking cookies.",
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "introduction": (
            "We want everyone to be able to use this website. This statement explains how "
            "accessible it is, what to do if you have a problem, and how we test it."
        ),
        "body": [
            heading("Using this website"),
            paragraphs(
                "This website is run by the Keep it Local Network. Many of our members work "
                "for public sector bodies that must meet the Public Sector Bodies (Websites and "
                "Mobile Applications) (No. 2) Accessibility Regulations 2018, and we hold "
                "ourselves to the same standard.",
            ),
            rich_text(
                "<p>You should be able to:</p>"
                "<ul>"
                "<li>zoom in up to 400% without text spilling off the screen;</li>"
                "<li>navigate the whole site using just a keyboard;</li>"
                "<li>navigate the site using speech recognition software;</li>"
                "<li>listen to the site using a screen reader;</li>"
                "<li>use the site with your browser's or device's text size, contrast and "
                "reduced-motion settings.</li>"
                "</ul>"
            ),
            heading("How accessible this website is"),
            paragraphs(
                "This website aims to be fully compliant with the Web Content Accessibility "
                "Guidelines (WCAG) version 2.2 to level AA. We know of some parts that may not "
                "be fully accessible:",
            ),
            rich_text(
                "<ul>"
                "<li>some documents published by partners, particularly older PDF files, are "
                "not fully accessible to screen readers;</li>"
                "<li>videos embedded from other services rely on those services' own captions "
                "and player controls.</li>"
                "</ul>"
                "<p>If you need a document in a different format, email us and we will do our "
                "best to provide one.</p>"
            ),
            heading("Reporting a problem"),
            paragraphs(
                "If you find a problem that is not listed here, or you think we are not meeting "
                "the requirements of the accessibility regulations, email "
                '<a href="mailto:accessibility@keepitlocal.example">'
                "accessibility@keepitlocal.example</a> (example address). We aim to reply "
                "within five working days.",
            ),
            heading("Enforcement procedure"),
            paragraphs(
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
                "the accessibility regulations. If you are not happy with how we respond to "
                "your complaint, contact the Equality Advisory and Support Service (EASS). In "
                "Northern Ireland, contact the Equality Commission for Northern Ireland.",
            ),
            heading("How we test this website"),
            paragraphs(
                "Every page type is checked automatically with the axe-core accessibility "
                "engine as part of our test suite, so problems are caught before changes go "
                "live. We also test by hand with a keyboard, with screen readers and at high "
                "zoom levels, and we ask members who use assistive technology to tell us what "
                "they find.",
                "<i>This statement was prepared on 1 September 2026. The contact details in it "
                "are example data for this demonstration site.</i>",
            ),
        ],
    },
]
