"""Build the example tenders: ``examples/example-tender/`` and ``examples/messy-tender/``.

    .venv/bin/python scripts/make_example_tender.py

example-tender: a complete, fictional procurement under the ``local-authority`` rubric. Six
bidders fill the response template the way bidders do (numbers typed in cells, some as text), and
every workbook is opened and saved by LibreOffice (headless) before the next stage reads it:
responses, then the evaluators' scoresheets (made from the saved responses, because a scoresheet
records each response's SHA-256), then the moderation workbook. ``socialvalue check`` passes.

messy-tender: a copy with planted problems of every kind ``socialvalue check`` reports, and
``EXPECTED-PROBLEMS.txt``: the exact stderr lines of ``socialvalue check .`` run inside that folder.
The script checks that every planted problem is reported once and nothing else is.

Reproducible: the forms are written with fixed timestamps, and after each LibreOffice save the zip
entries' timestamps are set to a fixed date (the XML LibreOffice wrote is kept byte for byte), so a
second run gives the same bytes. Needs LibreOffice (``soffice``) on the PATH.

Everything here is invented: the council, the companies, the people and their answers.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# socialvalue before openpyxl: it makes openpyxl write without lxml (the bytes differ).
import socialvalue  # noqa: E402, F401, I001
from openpyxl import load_workbook  # noqa: E402

from socialvalue.forms import (  # noqa: E402
    ResponseValues,
    fill_response,
    read_response,
    write_scoresheet,
)
from socialvalue.model import Answer, Response, Source  # noqa: E402
from socialvalue.tender.bids import blocking_advice  # noqa: E402
from socialvalue.tender.config import load_rubric_for, load_tender  # noqa: E402
from socialvalue.tender.forms import make_scoresheets, write_template_for  # noqa: E402
from socialvalue.tender.inputs import check_tender, proxies_in_force  # noqa: E402
from socialvalue.testing import (  # noqa: E402
    cli_runner,
    fill_flag_decisions,
    fill_moderation,
    fill_scoresheet,
    make_tender_folder,
    rewrite_zip,
)
from socialvalue.workbook.values import word_count  # noqa: E402
from socialvalue.workbook.writer import save_workbook  # noqa: E402
from socialvalue.workflow import make_moderation_workbook  # noqa: E402

EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "example-tender"
MESSY = EXAMPLES / "messy-tender"
EXPECTED_FILE = "EXPECTED-PROBLEMS.txt"
REFERENCE = "ABC-2026-017"
OTHER_REFERENCE = "ABC-2025-093"  # last year's tender: the messy copy's wrong template
ZIP_TIME = (2026, 3, 20, 0, 0, 0)  # the zip entry time of every LibreOffice-saved file

PARTS = ("LA-JOBS-MS", "LA-COMM-MS", "LA-ENV-MS", "LA-DELIVERY-MS")
EVALUATORS = ("helen-marsh", "raj-patel", "owen-pritchard")
HELEN, RAJ, OWEN = EVALUATORS

# ===================================================================================== tender.yaml
TENDER_YAML = f"""\
# tender.yaml: an EXAMPLE tender for socialvalue. The council, bidders and people are fictional.
# Made by scripts/make_example_tender.py (see examples/README.md); `socialvalue check .` passes.

reference: {REFERENCE}
title: Street cleansing, grounds maintenance and public realm services 2026–2029
buyer: Ashcombe Borough Council

contract:
  # Estimated value over the whole term: GBP 800,000 a year for three years.
  value: 2400000
  currency: GBP
  years: 3

rubric: local-authority
# The rubric's own proxy set: invented EXAMPLE values, not National TOMs or HACT values.
proxy_set: example-proxies

# "Local", as the council's policy publishes it: a supplier with a postcode in Ashcombe's three
# postcode districts is local (LA-GROWTH-PLAN scores the spend plan's local share).
local_area:
  name: Ashcombe borough
  policy: Ashcombe Borough Council Social Value Policy 2025 (fictional), section 4
  postcodes: [HX1-HX3]

# How much of a local supplier's income and a local employee's wages is spent again in the
# borough, from the council's own survey: each bid's LM3 is recorded for the panel, not scored.
local_multiplier:
  respend: {{suppliers: 0.5, employees: 0.4}}
  source: Ashcombe supplier and staff survey (fictional)
  year: 2025
  scored: false

# Each scores alone in scores/<id>.xlsx.
evaluators:
  - id: helen-marsh
    name: Helen Marsh
    role: Social Value and Community Wealth Lead
  - id: raj-patel
    name: Raj Patel
    role: Head of Neighbourhood Services
  - id: owen-pritchard
    name: Owen Pritchard
    role: Senior Procurement Officer

dates:
  published: 2026-01-12
  clarifications: 2026-02-02
  deadline: 2026-02-20
  evaluation: 2026-03-06
  moderation: 2026-03-13
  award: 2026-03-27
  # Eight working days after the award notice (Good Friday and Easter Monday excluded).
  standstill_end: 2026-04-10

marking: OFFICIAL-SENSITIVE

pack:
  archival: false
  # Fixed, so that the pack is byte-identical on every run.
  generated: 2026-03-20
"""


# The example only (the messy tender has other bidders): two clarifications, answered, so that
# the pack's bidder section and BrightStar's assessment summary show them (docs/tender.md); the
# panel's decision on BrightStar's donations flag cites the second (a clarified decision must
# cite a clarification recorded here).
EXAMPLE_CLARIFICATIONS = """\

# Asked of a bidder after the deadline, with its answer: the pack and the bidder's summary show
# each one; one not yet answered would leave the result provisional.
clarifications:
  - id: CQ-01
    bidder: brightstar
    criterion: LA-JOBS-1
    asked: 2026-03-02
    question: >-
      Your response commits 58 FTE of local employment over three years. How many of these
      are new posts on this contract, and how many are existing BrightStar staff?
    answered: 2026-03-04
    answer: >-
      BrightStar confirmed the 58 FTE include staff transferring under TUPE and roles in its
      regional operations serving the contract; it did not say how many are new posts.
  - id: CQ-02
    bidder: brightstar
    criterion: LA-COMM-2
    asked: 2026-03-02
    question: >-
      Your response commits GBP 150,000 of donations to local community organisations through
      the BrightStar Foundation. Has the Foundation approved this sum for Ashcombe?
    answered: 2026-03-05
    answer: >-
      BrightStar sent the minutes of the Foundation's trustees' meeting of 12 January 2026,
      approving GBP 50,000 a year for Ashcombe for 2026-2029.
"""


# ====================================================================================== bidders
@attrs.frozen
class Bidder:
    key: str  # the response file's stem
    profile: str  # what this bidder is for, in one line
    values: ResponseValues


def _text(*paragraphs: str) -> str:
    """An answer as typed: paragraphs separated by blank lines, bullet lines kept."""
    return "\n\n".join(p.strip("\n") for p in paragraphs)


BRIGHTSTAR = Bidder(
    "brightstar",
    "big numbers, thin evidence: inflated claims that trip the credibility flags",
    ResponseValues(
        bidder_name="BrightStar Environmental Group plc",
        company_number="08812345",
        contact_name="Marcus Hale",
        contact_email="marcus.hale@brightstar-group.example",
        quantities={
            "LA-JOBS-1": 58,
            "LA-JOBS-2": 30,
            "LA-JOBS-3": 1560,
            "LA-JOBS-4": 400,
            "LA-COMM-1": 12000,
            "LA-COMM-2": 150000,
            "LA-COMM-3": 5000,
            "LA-GROWTH-1": 1500000,
            "LA-GROWTH-2": 400000,
            "LA-GROWTH-3": 40,
            "LA-ENV-1": 1200,
            "LA-ENV-2": 6000,
        },
        evidence={
            "LA-JOBS-1": "BrightStar employs over 4,000 people nationally. We will prioritise local recruitment for all roles on the contract, targeting 58 FTE of local employment over the three years. Recruitment through our national careers portal and local agencies.",
            "LA-JOBS-2": "Our BrightChances programme has supported thousands of people into work across the UK. We expect 30 FTE to be filled by people facing barriers; partners will be confirmed at mobilisation.",
            "LA-JOBS-3": "Up to 10 apprentices a year through the BrightStar Academy (group levy funded).",
            "LA-JOBS-4": "Work placements offered through our national schools programme; numbers indicative.",
            "LA-COMM-1": "Every employee receives volunteering leave. 12,000 hours based on group-wide participation rates.",
            "LA-COMM-2": "£50,000 a year from the BrightStar Foundation for community projects in Ashcombe, subject to approval by the Foundation’s trustees.",
            "LA-COMM-3": "Community events and school visits.",
            "LA-GROWTH-1": "We will maximise local spend. Local SME suppliers to be identified during mobilisation.",
            "LA-GROWTH-2": "Spend with social enterprises through our Social Enterprise UK membership.",
            "LA-GROWTH-3": "Supplier events to be held.",
            "LA-ENV-1": "Savings from the group decarbonisation programme apportioned to this contract; baseline to be agreed at mobilisation.",
            "LA-ENV-2": "All contract waste will be diverted from landfill via our national waste partners.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "BrightStar Environmental Group is the UK’s leading provider of integrated environmental services, with over 4,000 colleagues delivering for more than 60 local authorities. Social value is at the heart of everything we do, and we are proud to offer Ashcombe Borough Council a truly market-leading package of local employment commitments.",
                "Our commitments for this contract are:\n• 58 FTE of local employment over the contract term\n• 30 FTE for people facing barriers to work\n• 1,560 apprenticeship weeks through the BrightStar Academy\n• 400 weeks of work placements",
                "Recruitment. We will advertise all vacancies through our award-winning national careers portal, BrightCareers, and through local agencies and community partners. Our recruitment team uses best-practice, values-based recruitment to ensure we attract the right people. Where roles transfer under TUPE we will welcome existing staff into the BrightStar family.",
                "People facing barriers. Our BrightChances programme has helped thousands of people across the UK into sustainable employment, including veterans, ex-offenders and care leavers. We will work with local partners, to be confirmed during mobilisation, to identify suitable candidates for the contract.",
                "Training and support. Every new starter completes our BrightStart induction and has access to more than 200 e-learning modules on the BrightStar Academy platform. Apprentices will study for nationally recognised qualifications funded through our group Apprenticeship Levy. We offer a comprehensive Employee Assistance Programme and wellbeing support.",
                "Reporting. All commitments will be tracked on SVTrack™, our proprietary social value reporting platform, and reported to the Council through the contract management framework. Our Group Social Value Director will oversee delivery.",
                "We are confident that this package represents outstanding value for Ashcombe’s residents and demonstrates our “People First” commitment to the communities we serve.",
            ),
            "LA-COMM-MS": _text(
                "At BrightStar we believe in giving back. Our colleagues will contribute 12,000 hours of volunteering to Ashcombe’s communities over the life of the contract, and the BrightStar Foundation will make £150,000 available for community projects in the borough.",
                "We will engage with stakeholders across Ashcombe to understand local needs. This will include:\n• a community needs survey in the first six months\n• attendance at ward forums where invited\n• an annual ‘BrightStar Community Day’ with litter picks, park clean-ups and school visits",
                "The Foundation’s grant programme is open to registered charities, with applications assessed quarterly by the Foundation’s trustees against our national priorities of environment, education and employability. We will publicise the fund through the Council’s communications channels and our social media.",
                "Volunteering will be recorded on SVTrack™ and reported to the Council. We have strong relationships with national charities including Keep Britain Tidy and The Conservation Volunteers and will explore how their local groups can benefit.",
                "Working with the voluntary sector is part of our DNA. On our contract in Northfield we supported 45 community groups in the first year. We look forward to building similar partnerships in Ashcombe and will ensure our commitments are delivered in close collaboration with the Council’s Communities team.",
            ),
            "LA-ENV-MS": _text(
                "BrightStar has a Science Based Targets initiative-validated commitment to reach net zero across our own operations by 2040, and we have reduced our group Scope 1 and 2 emissions by 28% since 2019.",
                "Baseline. We will establish a detailed baseline for this contract during the three-month mobilisation period, using fuel, electricity and waste data from the outgoing service and the DESNZ greenhouse gas conversion factors for the relevant year. Our estimate, based on contracts of similar size, is that the service emits around 600 tCO2e a year.",
                "Actions. We will:\n• introduce electric light commercial vehicles as the existing fleet is replaced, subject to availability and charging infrastructure at the depot\n• run all heavy vehicles on HVO (hydrotreated vegetable oil) from the start of the contract\n• fit telematics to every vehicle to reduce idling and improve driver behaviour\n• replace petrol hand tools with battery equivalents by the end of year two\n• divert all contract waste from landfill through our national network of materials recovery facilities",
                "Savings. Together we expect these measures to save 1,200 tCO2e over the contract and divert 6,000 tonnes of waste from landfill.",
                "Measurement and reporting. Fuel and waste data will be captured monthly and reported through SVTrack™. Our group carbon footprint is verified annually to ISO 14064-3, and contract-level figures will be included in our annual sustainability report.",
            ),
            "LA-DELIVERY-MS": _text(
                "Social value delivery will be overseen by our Group Social Value Director, supported by the Contract Manager and our central Social Value team.",
                "All commitments will be logged on SVTrack™, our proprietary platform, which allows real-time tracking of social value outcomes across our portfolio. The Council will receive a quarterly social value report and an annual impact report with case studies.",
                "Evidence will be collected in line with our group social value policy. Typical evidence includes payroll records, training records, timesheets and invoices.",
                "If a commitment falls behind, the Contract Manager will discuss this with the Council at the quarterly contract review meeting and agree appropriate actions. Our scale means we can draw on resources across the group to get back on track.",
                "We are committed to transparency and will make our social value reports available to the Council on request. Our approach has been recognised with a number of industry awards, including “Social Value Provider of the Year” in 2024.",
                "BrightStar is proud of its track record and looks forward to working in partnership with Ashcombe Borough Council to deliver real and lasting benefits for local people.",
            ),
        },
        spend_plan=(
            {
                "supplier": "BrightStar Fleet Solutions Ltd",
                "postcode": "B3 2HB",
                "kind": "large",
                "category": "Vehicle leasing and maintenance (group company)",
                "amount": 450000,
                "evidence": "Group fleet contract.",
            },
            {
                "supplier": "to be appointed",
                "kind": "SME",
                "category": "Grounds maintenance subcontractors",
                "amount": 600000,
                "evidence": "Local SME suppliers to be identified during mobilisation.",
            },
            {
                "supplier": "Greenfields Social Enterprise",
                "postcode": "S1 2BJ",
                "kind": "VCSE",
                "category": "Litter bins, benches and signage",
                "amount": 150000,
                "evidence": "Framework supplier to the group.",
            },
            {
                "supplier": "Ashcombe Plant Hire Ltd",
                "postcode": "HX2 7QT",
                "kind": "SME",
                "category": "Plant hire",
                "amount": 120000,
                "evidence": "Quote obtained.",
            },
        ),
        local_wages=1400000,
        declaration_name="Marcus Hale",
        declaration_position="Group Bid Director",
        declaration_date=dt.date(2026, 2, 20),
    ),
)

GREENWAY = Bidder(
    "greenway",
    "modest numbers, strong evidence: named partners, track record, verification",
    ResponseValues(
        bidder_name="Greenway Community Services Ltd",
        company_number="05567890",
        contact_name="Priya Raman",
        contact_email="priya.raman@greenway-cs.example",
        quantities={
            "LA-JOBS-1": 9,
            "LA-JOBS-2": 4,
            "LA-JOBS-3": 312,
            "LA-JOBS-4": 100,
            "LA-COMM-1": 2400,
            "LA-COMM-2": "£25,000",
            "LA-COMM-3": 900,
            "LA-GROWTH-1": 360000,
            "LA-GROWTH-2": 60000,
            "LA-GROWTH-3": 5,
            "LA-ENV-1": 150,
            "LA-ENV-2": 900,
        },
        evidence={
            "LA-JOBS-1": "9 FTE (3 posts a year on average) filled by Ashcombe residents new to Greenway, on top of staff transferring under TUPE. Every vacancy goes to Ashcombe Works first for 10 working days. Evidence: quarterly payroll extract with home postcode district, checked against the Council’s postcode list.",
            "LA-JOBS-2": "Two operative posts ring-fenced for the whole contract (6 FTE-years, counted prudently as 4 to allow for vacancies). Referrals from Step Forward Ashcombe (care leavers) and Ashcombe Works’ supported employment team. Evidence: referral letters and payroll.",
            "LA-JOBS-3": "Two apprentices a year on the Level 2 Horticulture or Landscape Operative standard with Ashcombe College: 2 × 52 × 3 = 312 weeks. The September 2026 intake is agreed (appendix G).",
            "LA-JOBS-4": "10 placements of 10 weeks for Ashcombe College supported interns and Ashcombe Works clients. Placement agreements and attendance registers.",
            "LA-COMM-1": "Four paid volunteering days a year for each of the 38 staff on the contract: 3,420 hours if all are used; we commit 2,400 (70% take-up, our rate on the Westmoor contract). Hours signed off by the host group.",
            "LA-COMM-2": "£25,000 Greenway Community Chest, managed independently by Ashcombe CVS with a residents’ panel. Quarterly grant list from CVS.",
            "LA-COMM-3": "Residents joining our quarterly clean-ups and planting days; sign-in sheets.",
            "LA-GROWTH-1": "£120,000 a year with Ashcombe SMEs: vehicle servicing (Millfield Motors Ltd), PPE and workwear (Eastbrook Safety Supplies), tree surgery (Hollins Green Arboriculture). Quotes obtained; quarterly invoice listing.",
            "LA-GROWTH-2": "£20,000 a year with Ashcombe Community Recycling CIC (bulky waste reuse) and Riverside Community Allotments (plant stock). Invoices.",
            "LA-GROWTH-3": "The three Ashcombe SMEs above and two more tendered through the Council’s supplier portal.",
            "LA-ENV-1": "Baseline 412 tCO2e a year (incumbent’s 2025 fuel data, DESNZ 2025 factors). HVO in both sweepers from month 1 (~30 t a year), six electric caged tippers from month 4 (~14 t), battery hand tools (~6 t): 150 t over the contract. Verified annually by Clearpath Carbon Ltd.",
            "LA-ENV-2": "Green waste (about 300 t a year) composted at the Hollins Green site instead of landfill (letter of intent, appendix H). Weighbridge tickets.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "Who we will recruit. The contract needs 34 operative and supervisor posts. About 25 staff are expected to transfer to us under TUPE. We will fill every vacancy beyond them locally first, and commit to 9 FTE of new local employment (3 posts a year on average) and, counted separately, 4 FTE for people facing barriers to work.",
                "How we will recruit.\n• Every vacancy goes to Ashcombe Works (the Council’s employment support service) and Jobcentre Plus Ashcombe 10 working days before it is advertised anywhere else. Ashcombe Works will run a pre-employment course with us twice a year (email of 28 January 2026 from its manager, appendix F).\n• Two operative posts are ring-fenced for people facing barriers to work, referred by Step Forward Ashcombe (care leavers) and Ashcombe Works’ supported employment team. Candidates get a guaranteed interview, and we hold the post open until a referral is found.\n• We recruit on values and a paid practical trial day rather than CVs, and we do not ask about convictions at application stage (we are a Ban the Box employer).",
                "Apprenticeships and placements. Ashcombe College will deliver the Level 2 Horticulture or Landscape Operative apprenticeship for two apprentices a year; the September 2026 intake is agreed (appendix G). We will also host ten ten-week placements for the College’s supported internship programme and Ashcombe Works clients.",
                "In-work support. Each new starter has a named buddy for the first 12 weeks and a job coach from Ashcombe Works for six months. We pay weekly for the first month and advance travel costs until first pay day, because a late first wage is the commonest reason people leave in their first weeks. Everyone on the contract is paid at least the Real Living Wage.",
                "Track record. On the Westmoor District grounds contract (2021–2024) we committed 7 local FTE and delivered 8.2; 11 of the 14 people recruited through the ring-fenced route were still employed after 12 months. Westmoor’s social value officer has agreed to act as referee.",
                "Reporting. Every quarter we will send the Council a payroll extract (anonymised, with postcode district, start date and hours), the referral letters for ring-fenced posts, and the apprenticeship and placement registers. Our Social Value Manager, Amira Okonjo, reconciles these to each LA-JOBS commitment, and they are reported as the contract KPIs JOBS-1 to JOBS-4.",
            ),
            "LA-COMM-MS": _text(
                "What communities told us. Before writing this bid we met Ashcombe CVS (14 January 2026) and, through them, four groups working in the contract area:\n• Friends of Eastbrook Park asked for help with heavy work their volunteers cannot do (clearing the pond margins, moving benches) and for tools they can borrow.\n• Millfield Food Bank asked for a van and driver once a fortnight for supermarket collections.\n• Riverside Community Allotments asked for woodchip and for help making the paths accessible to wheelchair users.\n• Hollins Green Residents’ Association asked for support with its monthly litter picks.",
                "What we will do. Our staff will give 2,400 hours of paid volunteering over the contract, on projects agreed with these and other groups. We will set up a £25,000 Greenway Community Chest, managed independently by Ashcombe CVS: any voluntary or community group in the borough can apply for up to £1,500, and a panel of three residents and a CVS officer decides. Greenway does not sit on the panel and the grants carry no Greenway branding.",
                "How we agree and record support. Each piece of support starts with a one-page agreement with the group (what, when, who from Greenway). After the activity the group signs the timesheet, and CVS sends us a quarterly list of grants. These records are the evidence behind LA-COMM-1 and LA-COMM-2 and go to the Council each quarter. Once a year we will ask the groups, through CVS and not directly, whether the support was useful, and publish the answers in our annual report to the Council.",
                "Keeping it local. We will use the Council’s ward profiles to make sure support reaches Millfield and Riverside, where need is highest, and not only the groups that already know us.",
            ),
            "LA-ENV-MS": _text(
                "Baseline. Using the incumbent’s fuel data for 2025 (in the tender data room: 151,800 litres of diesel and 9,400 litres of petrol) and the DESNZ 2025 conversion factors, the service emits about 412 tCO2e a year, over 97% of it from vehicles and plant. The same data show about 300 tonnes of green waste a year, two thirds of which now goes to landfill with street sweepings.",
                "Actions, with dates.\n• Month 1: both mechanical sweepers run on HVO certified under the Renewable Transport Fuel Obligation, saving about 30 tCO2e a year.\n• Month 4: six electric caged tippers replace diesel vans on the town-centre rounds; the chargers at the Station Road depot are in the depot lease schedule. About 14 tCO2e a year.\n• By month 12: all handheld tools (blowers, strimmers, hedge cutters) battery powered, about 6 tCO2e a year.\n• Month 1: green waste separated at source and taken to the Hollins Green composting site, 900 tonnes over the contract (letter of intent from the site operator, appendix H).",
                "In total we commit 150 tCO2e saved over the contract (LA-ENV-1) and 900 tonnes diverted from landfill (LA-ENV-2). We have not counted savings from route optimisation, because we cannot yet evidence them.",
                "Measurement. Fuel cards record every litre by vehicle; HVO deliveries come with sustainability certificates; electricity for the chargers is sub-metered; compost tonnages come from weighbridge tickets. We will calculate the savings each quarter against the baseline, naming the conversion factors used.",
                "Verification. Each year’s carbon statement for the contract will be checked by an independent assessor (we use Clearpath Carbon Ltd, a UKAS-accredited verifier, on two other contracts) and sent to the Council with the working.",
            ),
            "LA-DELIVERY-MS": _text(
                "Accountability. Our Social Value Manager, Amira Okonjo, is accountable for delivering every commitment in this tender and reports to our Managing Director. The Contract Manager is responsible day to day, and social value is a standing item in the monthly contract meeting with the Council.",
                "Evidence for each commitment.\n• LA-JOBS-1 and 2: payroll extract with postcode district; referral letters for ring-fenced posts.\n• LA-JOBS-3 and 4: apprenticeship agreements, College progress reviews, placement registers.\n• LA-COMM-1 and 2: timesheets signed by the host group; Community Chest grant list from Ashcombe CVS.\n• LA-GROWTH-1 and 2: invoice listing by supplier, with each supplier’s size and address checked at onboarding.\n• LA-ENV-1 and 2: fuel card data, HVO certificates, sub-meter readings, weighbridge tickets and the annual verified carbon statement.",
                "Reporting. A quarterly social value report within 15 working days of each quarter end, in the Council’s KPI template, with the evidence attached; an annual report with the verifier’s statement and the community groups’ feedback. The Council may audit any evidence on five working days’ notice.",
                "When a commitment falls behind. We track each commitment against a quarterly profile. If one is more than 10% behind profile at a quarter end, we send the Council a recovery plan within 15 working days, saying what went wrong, what we will do and by when. If a commitment is still behind at the end of a contract year, we will pay the shortfall, valued at the proxy values in the tender, into the Community Chest on top of the £25,000. We accept that the social value KPIs form part of the contract’s performance regime.",
            ),
        },
        spend_plan=(
            {
                "supplier": "Millfield Motors Ltd",
                "postcode": "HX1 1AA",
                "kind": "SME",
                "category": "Vehicle servicing",
                "amount": 144000,
                "evidence": "Framework agreement from April 2026: GBP 4,000 a month.",
            },
            {
                "supplier": "Eastbrook Safety Supplies",
                "postcode": "HX2 0AD",
                "kind": "SME",
                "category": "PPE and workwear",
                "amount": 96000,
                "evidence": "Our current supplier: 2025 invoices attached.",
            },
            {
                "supplier": "Hollins Green Arboriculture",
                "postcode": "HX3 6AA",
                "kind": "SME",
                "category": "Tree surgery",
                "amount": 120000,
                "evidence": "Subcontract agreed: letter of intent attached.",
            },
            {
                "supplier": "Ashcombe Community Recycling CIC",
                "postcode": "HX1 2AA",
                "kind": "VCSE",
                "category": "Bulky waste reuse",
                "amount": 36000,
                "evidence": "Letter of intent attached.",
            },
            {
                "supplier": "Riverside Community Allotments",
                "postcode": "HX3 5AA",
                "kind": "VCSE",
                "category": "Plant stock",
                "amount": 24000,
                "evidence": "Letter of intent attached.",
            },
            {
                "supplier": "Northern Aggregates plc",
                "postcode": "LS10 1AB",
                "kind": "large",
                "category": "Paving and kerb materials",
                "amount": 180000,
                "evidence": "Regional framework prices.",
            },
        ),
        local_wages=960000,
        declaration_name="Priya Raman",
        declaration_position="Managing Director",
        declaration_date=dt.date(2026, 2, 17),
    ),
)

AFON = Bidder(
    "afon",
    "small local enterprise: a worker co-operative, small numbers, very local, decent answers",
    ResponseValues(
        bidder_name="Afon Valley Community Co-operative Ltd",
        company_number="RS008147",
        contact_name="Siân Llewelyn",
        contact_email="sian.llewelyn@afonvalley.example",
        quantities={
            "LA-JOBS-1": 3,
            "LA-JOBS-2": 2,
            "LA-JOBS-3": 104,
            "LA-JOBS-4": 30,
            "LA-COMM-1": 1200,
            "LA-COMM-2": 3000,
            "LA-COMM-3": 600,
            "LA-GROWTH-1": 150000,
            "LA-GROWTH-2": 40000,
            "LA-GROWTH-3": 4,
            "LA-ENV-1": 30,
            "LA-ENV-2": 120,
        },
        evidence={
            "LA-JOBS-1": "One more local member a year as the contract grows our team (3 FTE over three years). All 23 of our members live in Ashcombe.",
            "LA-JOBS-2": "One post for the life of the contract, less vacancy time, for someone referred by the employment café at Riverside Community Hub. Two of our members joined this way.",
            "LA-JOBS-3": "One apprentice for two years (Level 2 Horticulture, Ashcombe College).",
            "LA-JOBS-4": "Three 10-week placements for young people from Riverside Youth Club.",
            "LA-COMM-1": "Members give one Saturday a month to the Riverside Repair Café and park work parties: about 400 hours a year. Recorded in our volunteering log, signed by the group.",
            "LA-COMM-2": "£1,000 a year to Cwtch Community Garden for tools and seed. Receipts.",
            "LA-COMM-3": "Residents at our monthly Repair Café and litter picks, about 200 a year.",
            "LA-GROWTH-1": "Vehicle servicing at Millfield Motors, tools from Ashcombe Hardware, tree work and sweeping subcontracted to Hollins Green Arboriculture (all local micro-businesses).",
            "LA-GROWTH-2": "Catering for events from Riverside Kitchen CIC; compost and plants from Cwtch Community Garden.",
            "LA-GROWTH-3": "Hollins Green Arboriculture, Millfield Motors, Ashcombe Hardware, Riverside Kitchen CIC.",
            "LA-ENV-1": "Our electric vans and battery tools against a diesel fleet: about 10 t a year, 30 t over the contract (our estimate).",
            "LA-ENV-2": "Green waste composted at Cwtch Community Garden and the Hollins Green site, about 40 t a year.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "Afon Valley is a worker co-operative of 23 members, based at Tŷ Afon on Mill Lane in Riverside. We have looked after parks, verges and communal housing land in Ashcombe since 2014, and every one of our members lives in the borough. We are bidding for this contract with Hollins Green Arboriculture as our subcontractor for tree work and mechanical sweeping.",
                "How we recruit. Most of our members came to us through word of mouth, Ashcombe Works and the employment café at Riverside Community Hub. We will grow the team by one full-time post a year (3 FTE over the contract) and keep one post for someone facing barriers to work (2 FTE, allowing for vacancy time). Two of our current members joined after long-term unemployment and one is a care leaver; they will help us recruit and will mentor new starters.",
                "Training. New members work alongside an experienced member for their first three months and complete their chainsaw, pesticide (PA1/PA6) and first aid tickets in the first year, paid for by the co-op. We will take on one apprentice for two years through Ashcombe College, and offer three 10-week placements to young people from Riverside Youth Club.",
                "Support. Because we are a co-operative, every member has a say in how the work is organised, and after a year new starters can become members with an equal share. We pay the Real Living Wage and we are flexible about hours for members with caring responsibilities.",
                "Reporting. We will keep a simple register of everyone employed on the contract, with postcode and start date, and report it to the Council every quarter. We are honest that we are a small organisation and our numbers are modest, but they are numbers we know we can deliver.",
            ),
            "LA-COMM-MS": _text(
                "We are part of the community we would be working in. Our members run the monthly Riverside Repair Café, and we have helped Friends of Eastbrook Park with their spring clean for six years.",
                "Finding out what people need. We don’t need a survey to find the groups: we already work with them. For this bid we talked to:\n• Cwtch Community Garden, who want help with heavy digging and a reliable supply of woodchip;\n• Riverside Youth Club, who asked for outdoor work experience for young people who are not in school;\n• Millfield Food Bank, who need volunteers on Saturday mornings;\n• Friends of Eastbrook Park, who would like a regular monthly work party.",
                "What we will do. Our members will give one Saturday a month between them – about 1,200 hours over the contract – and the co-op will give £1,000 a year to Cwtch Community Garden for tools and seed. All our suitable green waste will go to the garden’s compost scheme.",
                "Agreeing and recording. Our members decide together, at the monthly members’ meeting, which requests we take on, and the group’s leader signs our volunteering log. We will share the log with the Council each quarter and invite ward councillors to our work parties.",
                "We can’t offer large grants, but we can offer people who know the borough and will still be here after the contract ends. “They turn up when they say they will” – that is what the chair of Friends of Eastbrook Park wrote in the letter attached to our response.",
            ),
            "LA-ENV-MS": _text(
                "We already run two electric vans and use battery hand tools for most of our work, charged at Tŷ Afon from our own solar panels (installed in 2023, 12 kWp).",
                "Baseline. We have not calculated a formal baseline for the contract. Our estimate is that a diesel van on the same rounds would emit about 5 tonnes of CO2 a year, so the vans we already use, plus the extra electric van we would lease for the contract, save around 30 tonnes over three years compared with a diesel fleet.",
                "Actions.\n• No diesel or petrol vans on the contract; our sweeping subcontractor, Hollins Green Arboriculture, will use its existing machine.\n• Battery hedge cutters and strimmers for all work.\n• Green waste composted at Cwtch Community Garden and the Hollins Green site rather than landfilled – about 40 tonnes a year.\n• Hand-watering with collected rainwater where we can.",
                "Measuring and reporting. We will record mileage and charging, weigh green waste at the Hollins Green weighbridge, and report every quarter. We would welcome the Council’s help to choose a recognised method for calculating the savings.",
            ),
            "LA-DELIVERY-MS": _text(
                "Siân Llewelyn, our co-ordinator, will be accountable for the social value commitments, with one member-director taking the lead for each theme. Social value will be a standing item at our monthly members’ meeting.",
                "Evidence. We will keep:\n• an employment register (name, postcode district, start date, hours) for LA-JOBS;\n• the apprentice’s College reviews and the placement attendance sheets;\n• our volunteering log, signed by the group we helped, and receipts for donations;\n• invoices from local suppliers and social enterprises;\n• van mileage, charging records and weighbridge tickets.",
                "Reporting. We will send the Council a short report every quarter with these records attached, and meet the contract manager to go through it.",
                "If something falls behind we will say so early, explain why, and agree with the Council what we will do to catch up. As a small organisation we cannot absorb big shortfalls by moving people from elsewhere, which is why our commitments are ones we are confident about.",
            ),
        },
        spend_plan=(
            {
                "supplier": "Millfield Motors Ltd",
                "postcode": "HX1 1AA",
                "kind": "SME",
                "category": "Vehicle servicing",
                "amount": 45000,
                "evidence": "Quote for three years attached.",
            },
            {
                "supplier": "Ashcombe Hardware",
                "postcode": "HX1 1DD",
                "kind": "SME",
                "category": "Tools and materials",
                "amount": 30000,
                "evidence": "Our supplier since 2019.",
            },
            {
                "supplier": "Hollins Green Arboriculture",
                "postcode": "HX3 6AA",
                "kind": "SME",
                "category": "Tree work",
                "amount": 45000,
                "evidence": "Subcontract quote attached.",
            },
            {
                "supplier": "Hollins Green Arboriculture",
                "postcode": "HX3 6AA",
                "kind": "SME",
                "category": "Mechanical sweeping",
                "amount": 30000,
                "evidence": "Second quote attached: sweeper and driver.",
            },
            {
                "supplier": "Riverside Kitchen CIC",
                "postcode": "HX1 1HA",
                "kind": "VCSE",
                "category": "Catering for community events",
                "amount": 15000,
                "evidence": "Letter from the CIC.",
            },
            {
                "supplier": "Cwtch Community Garden",
                "postcode": "CF24 3AA",
                "kind": "VCSE",
                "category": "Compost and plants",
                "amount": 25000,
                "evidence": "Letter from the garden.",
            },
        ),
        local_wages=1100000,
        declaration_name="Siân Llewelyn",
        declaration_position="Co-ordinator and member-director",
        declaration_date="19/02/2026",  # typed as text, UK order
    ),
)

QUICKSERVE = Bidder(
    "quickserve",
    "below the threshold: generic answers, qualitative marks under 40% (disqualified)",
    ResponseValues(
        bidder_name="QuickServe Outsourcing Solutions Ltd",
        company_number="11223344",
        contact_name="Dan Pryor",
        contact_email="bids@quickserve-solutions.example",
        quantities={
            "LA-JOBS-1": 6,
            "LA-JOBS-2": 0,
            "LA-JOBS-3": 104,
            "LA-JOBS-4": 0,
            "LA-COMM-1": 500,
            "LA-COMM-2": 5000,
            "LA-COMM-3": 0,
            "LA-GROWTH-1": 100000,
            "LA-GROWTH-2": 0,
            "LA-GROWTH-3": 0,
            "LA-ENV-1": 50,
            "LA-ENV-2": 300,
        },
        evidence={
            "LA-JOBS-1": "We will recruit locally where possible.",
            "LA-JOBS-3": "Apprenticeships offered in line with company policy.",
            "LA-COMM-1": "Staff volunteering subject to operational requirements.",
            "LA-COMM-2": "Donation to local charities over the contract.",
            "LA-GROWTH-1": "Local suppliers will be used where competitive.",
            "LA-ENV-1": "Estimated from fleet improvements.",
            "LA-ENV-2": "Licensed waste carriers.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "QuickServe is committed to social value and to supporting the communities where we work. We recognise the importance of local employment and will seek to recruit locally wherever possible.",
                "All vacancies will be advertised on our website and on national job boards. We are an equal opportunities employer and welcome applications from all sections of the community, including people who have been out of work.",
                "We will provide full training to all new staff in line with our company training policy, including health and safety training and any training required for the role. We offer apprenticeships across our business and will look to offer apprenticeship opportunities on this contract.",
                "We will monitor the number of local people employed and report this to the Council as required. Our HR department keeps records of all staff.",
                "QuickServe has delivered contracts for a wide range of public sector clients and understands the importance of social value. We are confident that we can meet the Council’s requirements and look forward to working with Ashcombe Borough Council.",
            ),
            "LA-COMM-MS": _text(
                "QuickServe believes in being a good neighbour. Our staff will volunteer with local community organisations and we will make a donation of £5,000 to local charities over the life of the contract.",
                "We will contact the local council for voluntary service to find out which organisations would benefit from our support. We will also consider requests from community groups that contact us directly. For example, we would be happy to support the Millfield Food Bank, which we understand does valuable work in the area.",
                "Volunteering will be arranged by the Contract Manager depending on operational requirements. We will keep records of volunteering hours and donations and include them in our reports to the Council.",
                "We are members of our local Chamber of Commerce and support a number of national charities through our staff fundraising scheme. We will encourage our staff on this contract to take part in fundraising events for local causes and to get involved in their communities.",
            ),
            "LA-ENV-MS": _text(
                "QuickServe takes its environmental responsibilities seriously and holds ISO 14001 certification. We are committed to reducing our carbon footprint across all of our operations.",
                "On this contract we will use modern, well-maintained vehicles that meet the latest emissions standards, and we will consider electric vehicles where this is practical and affordable. Drivers will be encouraged to drive efficiently and avoid unnecessary idling. Our fleet is replaced on a five-year cycle and all new vehicles meet the Euro 6 standard.",
                "We will recycle as much waste as possible and work with licensed waste carriers to ensure that waste is disposed of responsibly. Office waste will be recycled.",
                "We estimate that these measures will save 50 tonnes of carbon over the contract and divert 300 tonnes of waste from landfill. We will monitor our environmental performance through our ISO 14001 management system and report to the Council annually.",
                "We will comply with all relevant environmental legislation and with the Council’s environmental policies.",
            ),
            "LA-DELIVERY-MS": _text(
                "The Account Manager for this contract will be responsible for social value and will report to the Council.",
                "We will collect evidence of our social value activities, such as staff records and receipts, and keep it on file so that it is available to the Council if requested.",
                "We will provide an annual social value report to the Council setting out what we have delivered against our commitments. We are happy to provide more frequent reports if the Council requires them, subject to agreement on any additional cost.",
                "If any commitment falls behind we will discuss this with the Council and take reasonable steps to address it. Some commitments depend on factors outside our control, such as the availability of suitable candidates, and we will keep the Council informed.",
                "QuickServe has a strong record of delivering public sector contracts and we are confident that our approach will meet the Council’s needs.",
            ),
        },
        spend_plan=(
            {
                "supplier": "QuickServe Supplies Ltd",
                "postcode": "WR1 1AD",
                "kind": "large",
                "category": "Materials, vehicles and equipment (group company)",
                "amount": 300000,
                "evidence": "Group purchasing.",
            },
            {
                "supplier": "to be appointed",
                "kind": "SME",
                "category": "Local suppliers where competitive",
                "amount": 100000,
            },
        ),
        declaration_name="Dan Pryor",
        declaration_position="Bid Manager",
        declaration_date=dt.date(2026, 2, 20),
    ),
)

MERCIA = Bidder(
    "mercia",
    "solid middle: credible, adequate everywhere, nothing outstanding",
    ResponseValues(
        bidder_name="Mercia Grounds & Cleansing Ltd",
        company_number="04433221",
        contact_name="Zoë Fairbrother",
        contact_email="zoe.fairbrother@merciagc.example",
        quantities={
            "LA-JOBS-1": 12,
            "LA-JOBS-2": 3,
            "LA-JOBS-3": 208,
            "LA-JOBS-4": 60,
            "LA-COMM-1": 3000,
            "LA-COMM-2": 20000,
            "LA-COMM-3": 1500,
            "LA-GROWTH-1": "300000",  # typed as text
            "LA-GROWTH-2": 50000,
            "LA-GROWTH-3": 6,
            "LA-ENV-1": 80,
            "LA-ENV-2": 600,
        },
        evidence={
            "LA-JOBS-1": "12 FTE of new local employment (4 posts a year) beyond TUPE transfers, recruited through Jobcentre Plus Ashcombe and Ashcombe College. HR records with home postcode.",
            "LA-JOBS-2": "3 FTE for veterans (Armed Forces Covenant silver award) and people with convictions (Probation Service employment hub), with a guaranteed interview.",
            "LA-JOBS-3": "Four apprentices, 52 weeks each, Level 2 Horticulture and Landscape Operative, Ashcombe College.",
            "LA-JOBS-4": "Six 10-week placements for T Level students at Ashcombe College.",
            "LA-COMM-1": "Two paid volunteering days a year for every member of staff on the contract. Timesheets signed by a supervisor.",
            "LA-COMM-2": "£20,000 Mercia Community Fund for Ashcombe: grants up to £1,000, panel including Ashcombe CVS and a ward councillor.",
            "LA-COMM-3": "Residents at Green Spaces Week events and joint work days.",
            "LA-GROWTH-1": "£100,000 a year with Ashcombe SMEs for vehicle maintenance, plant hire and materials; suppliers to be confirmed from our approved list and the Council’s supplier portal.",
            "LA-GROWTH-2": "Compost and wood chip processing with Ashcombe Organics CIC.",
            "LA-GROWTH-3": "Six local SMEs to be offered subcontract packages (hedge cutting, fencing, weed control).",
            "LA-ENV-1": "EV vans (two rising to six), HVO in sweepers from month 3, telematics. DESNZ factors; baseline confirmed in month 1.",
            "LA-ENV-2": "Green waste composted by Ashcombe Organics CIC; wood waste chipped for park paths. Waste transfer notes.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "Mercia has delivered grounds maintenance and street cleansing for councils in the West Midlands for 22 years. We currently employ 640 people, 85% of whom live within ten miles of the contract they work on.",
                "Recruitment. We will recruit through Jobcentre Plus Ashcombe and Ashcombe College, and advertise locally in the Ashcombe Gazette and on community noticeboards. We commit to 12 FTE of local employment over the contract, in addition to staff transferring under TUPE. We will offer a guaranteed interview to any Ashcombe resident referred by Jobcentre Plus who meets the essential criteria, and we commit 3 FTE to people facing barriers to work, in particular veterans, through our Armed Forces Covenant silver award, and people with convictions, through our partnership with the Probation Service’s employment hub.",
                "Training. We will take on four apprentices over the contract (208 weeks) on the Level 2 Horticulture and Landscape Operative standard, delivered by Ashcombe College. All operatives receive a two-week induction with manual handling, COSHH and traffic management training, and can progress to supervisor through our Mercia Pathway programme; 30% of our current supervisors started as operatives.",
                "Placements. We will offer 60 weeks of work placements to Ashcombe College students on the T Level in Agriculture, Land Management and Production.",
                "Support. New starters are paired with a mentor, and our Employee Assistance Programme offers confidential counselling and debt advice. We pay at least the Real Living Wage.",
                "Reporting. We will report local employment, apprenticeships and placements to the Council quarterly, using HR records with home postcodes. Our Social Value Coordinator will collate the data.",
            ),
            "LA-COMM-MS": _text(
                "Mercia works with community groups on all our contracts. In Redbridge Vale, where we have held the grounds contract since 2019, our teams support 14 Friends groups and an annual ‘Green Spaces Week’.",
                "Understanding need. We have met Ashcombe CVS, who told us that the main needs in the contract area are practical help for small park and green space groups, and funding for equipment. In the first three months we will hold two drop-in sessions with CVS, one in Millfield and one in Eastbrook, to hear directly from groups, and agree a volunteering plan with them.",
                "Our commitments. Every member of staff on the contract will have two paid volunteering days a year, which we expect to give 3,000 hours over the contract. We will create a £20,000 Mercia Community Fund for Ashcombe, with small grants of up to £1,000 decided by a panel that includes CVS and a ward councillor.",
                "Recording. Volunteering hours will be recorded on timesheets with the organisation’s name and signed by a supervisor. Grants will be recorded with the organisation, amount and purpose, and reported to the Council quarterly with photographs and feedback from the groups.",
            ),
            "LA-ENV-MS": _text(
                "Baseline. We will confirm the baseline in the first month using the incumbent’s fuel and waste data. From our experience of similar contracts, we estimate emissions of around 380 tCO2e a year, mostly from vehicles, and around 250 tonnes of green and mixed waste a year.",
                "Actions.\n• Two electric vans from the start of the contract, rising to six by the end of year two as leases end.\n• HVO in the mechanical sweepers from month 3.\n• Telematics on all vehicles, with monthly driver feedback on idling and harsh driving.\n• Green waste composted through our existing contract with Ashcombe Organics CIC rather than sent to landfill, and wood waste chipped for paths in the borough’s parks.",
                "Savings. We commit to 80 tCO2e saved over the contract and 600 tonnes of waste diverted from landfill.",
                "Measurement. Savings will be calculated with the DESNZ conversion factors for the reporting year, from fuel card data and waste transfer notes. We will report them to the Council every six months. Our environmental management system is certified to ISO 14001 and audited annually by BSI, but contract-level savings are not currently independently verified.",
            ),
            "LA-DELIVERY-MS": _text(
                "Our Social Value Coordinator, Tom Haddon, will be responsible for day-to-day recording of social value, reporting to me as Operations Director; I am accountable to the Board for delivering the commitments.",
                "Evidence. We will collect HR records for employment, apprenticeships and placements; signed timesheets for volunteering; grant records for the Community Fund; supplier invoices for local spend; and fuel and waste data for the environmental commitments. The evidence will be kept on our social value system and made available to the Council.",
                "Reporting. We will submit a quarterly social value report in a format agreed with the Council, and present an annual summary at the contract review meeting.",
                "Falling behind. Each quarter the Coordinator will compare delivery against a profile for each commitment. Where a commitment falls behind, we will agree an action plan with the Council’s contract manager at the next monthly meeting, for example by bringing forward recruitment or adding volunteering days. We will escalate to the Board any commitment that is more than two quarters behind.",
            ),
        },
        spend_plan=(
            {
                "supplier": "Calder Plant Hire Ltd",
                "postcode": "HX2 0AL",
                "kind": "SME",
                "category": "Plant hire",
                "amount": 120000,
                "evidence": "Approved supplier list.",
            },
            {
                "supplier": "Ashcombe Fencing Ltd",
                "postcode": "HX1 1BB",
                "kind": "SME",
                "category": "Fencing and gates",
                "amount": "90,000",
                "evidence": "Approved supplier list.",
            },
            {
                "supplier": "Brook Vehicle Services",
                "postcode": "HX3 0AB",
                "kind": "SME",
                "category": "Vehicle maintenance",
                "amount": 90000,
                "evidence": "Approved supplier list.",
            },
            {
                "supplier": "Ashcombe Organics CIC",
                "postcode": "HX3 0AD",
                "kind": "VCSE",
                "category": "Compost and wood chip processing",
                "amount": 50000,
                "evidence": "Heads of terms agreed.",
            },
            {
                "supplier": "Mercia Group Procurement Ltd",
                "postcode": "WA1 1AF",
                "kind": "large",
                "category": "Weed control products and fuel",
                "amount": 200000,
                "evidence": "Group contract.",
            },
        ),
        local_wages=850000,
        declaration_name="Zoë Fairbrother",
        declaration_position="Operations Director",
        declaration_date=dt.date(2026, 2, 18),
    ),
)

HARBOUR = Bidder(
    "harbour",
    "numbers typed as text (' 10 ', '1,000', '£12,000') that still read correctly; a good bid",
    ResponseValues(
        bidder_name="Harbour & Hythe Services LLP",
        company_number="OC412233",
        contact_name="José Martins",
        contact_email="jose.martins@harbourhythe.example",
        quantities={
            "LA-JOBS-1": " 10 ",
            "LA-JOBS-2": "2.5",
            "LA-JOBS-3": "156",
            "LA-JOBS-4": " 40 ",
            "LA-COMM-1": "1,000",
            "LA-COMM-2": "£12,000",
            "LA-COMM-3": "150",
            "LA-GROWTH-1": "£250,000",
            "LA-GROWTH-2": "£30,000",
            "LA-GROWTH-3": "3",
            "LA-ENV-1": "75",
            "LA-ENV-2": "1,200",
        },
        evidence={
            "LA-JOBS-1": "10 FTE of new local employment over the contract beyond TUPE transfers; Ashcombe Works sees every vacancy first for a week. HR extract by home postcode, quarterly.",
            "LA-JOBS-2": "Five half-time seasonal posts (April to September) a year for people facing barriers: 2.5 FTE. Referrals from Step Forward Ashcombe and the Forces Employment Charity.",
            "LA-JOBS-3": "One apprentice a year on the Level 2 Street Cleansing Operative standard with Hythe Skills: 3 × 52 = 156 weeks.",
            "LA-JOBS-4": "Four 10-week work experience placements for Ashcombe College students. Register kept.",
            "LA-COMM-1": "Joint winter work days with Friends groups and Riverside Community Allotments, agreed through Ashcombe CVS. Timesheets against the group’s name.",
            "LA-COMM-2": "Kit fund of £4,000 a year (litter-picking kits, tools, safety equipment) lent or given through Ashcombe CVS. Issue log.",
            "LA-COMM-3": "Residents taking part in joint work days, counted from sign-in sheets.",
            "LA-GROWTH-1": "Plant hire, fencing and vehicle servicing from Ashcombe SMEs; three quotes obtained during the bid.",
            "LA-GROWTH-2": "Sweepings and green waste processing at Hythe Recovery Centre (a community interest company).",
            "LA-GROWTH-3": "Three local SMEs quoted during the bid.",
            "LA-ENV-1": "HVO in all HVO-approved heavy vehicles from month 1 and four electric vans in year 1; baseline 380 tCO2e a year (DESNZ 2025). Counted prudently.",
            "LA-ENV-2": "Street sweepings and green waste to Hythe Recovery Centre: about 400 t a year diverted. Weighbridge tickets.",
        },
        answers={
            "LA-JOBS-MS": _text(
                "Harbour & Hythe is a partnership of three founders who started out as street cleansing operatives; we now run cleansing and grounds contracts for two councils and a housing association, with 210 staff.",
                "Local jobs. We commit to 10 FTE of local employment over the contract, on top of transferring staff, and 2.5 FTE for people facing barriers to work. The barriers commitment is five half-time seasonal posts (April to September) each year, which we have found suits people returning to work after a long gap.",
                "Recruitment partners.\n• Ashcombe Works: first sight of every vacancy for a week, and a joint recruitment day each March before the grass-cutting season.\n• Forces Employment Charity: referrals of veterans for driver and supervisor roles.\n• Step Forward Ashcombe: referrals of care leavers for the seasonal posts.",
                "Apprenticeships and placements. We will employ one apprentice a year on the Level 2 Street Cleansing Operative standard (156 weeks over the contract), with off-the-job training from our training provider, Hythe Skills. We will host four 10-week work experience placements for Ashcombe College students (40 weeks).",
                "Training and support. Our Harbour Academy gives every operative a ‘skills passport’: driving licence categories, PA1/PA6, chainsaw and traffic management tickets, all paid for by us. We run a monthly drop-in with a welfare officer and give seasonal staff first offer of permanent vacancies; last year 9 of the 14 seasonal staff on our Saltmarsh contract moved into permanent roles.",
                "Reporting. Every quarter: an HR extract by home postcode for LA-JOBS-1 and 2, apprenticeship progress reviews and the work experience register. We will agree the format with the Council during mobilisation.",
            ),
            "LA-COMM-MS": _text(
                "We will work through Ashcombe CVS, who we met during the bid period. They told us that small groups in Riverside and Millfield struggle most with equipment and with insurance for volunteer work days.",
                "Our commitments:\n• 1,000 hours of staff volunteering over the contract, mainly as team work days with Friends groups and Riverside Community Allotments, planned in the quieter winter months;\n• a £12,000 kit fund (£4,000 a year) for litter-picking kits, tools and safety equipment, lent or given to groups through CVS;\n• our public liability insurance covers the volunteer work days we organise jointly with a group.",
                "Agreeing support. Groups ask for support through CVS on a short form; CVS and our contract manager agree the requests each month. We will record hours on our timesheet system against the group’s name and ask the group to confirm them.",
                "Reporting. Hours, kit issued and the groups supported will be in our quarterly report to the Council. We will also report how many residents take part in the joint work days (LA-COMM-3), from the sign-in sheets.",
            ),
            "LA-ENV-MS": _text(
                "Baseline. We have calculated a baseline from the tender data: 148,000 litres of diesel a year (about 380 tCO2e using the DESNZ 2025 factors) and around 400 tonnes of street sweepings and green waste a year, most of which now goes to landfill.",
                "Actions.\n• From month 1, all heavy vehicles approved for it run on HVO, with certificates of origin; this is already our practice on two contracts.\n• Four electric vans replace diesel vans in year 1, charged at the depot on a renewable electricity tariff.\n• Street sweepings go to the Hythe Recovery Centre, where grit, organics and litter are separated and the grit is reused in construction, diverting about 400 tonnes a year from landfill (1,200 tonnes over the contract).\n• Green waste is composted at the same site.",
                "Savings. We commit to 75 tCO2e saved, counted prudently: we have only counted HVO savings on vehicles the manufacturer has approved for HVO.",
                "Measuring and reporting. Fuel card and HVO certificate data each month; weighbridge tickets from Hythe Recovery Centre; a quarterly calculation against the baseline using the DESNZ factors for the year. Our annual contract carbon report will be reviewed by an independent consultant, and the Council may inspect the data at any time.",
            ),
            "LA-DELIVERY-MS": _text(
                "Accountability sits with Ana Ribeiro, the partner responsible for the contract, supported by our Contract Manager and our Social Value Officer.",
                "Evidence. For each commitment we keep the source records: HR extracts, training records, timesheets, invoices and weighbridge tickets. The Social Value Officer checks a sample each quarter against the source documents before the report goes to the Council, and keeps a log of any evidence the Council queries and how it was resolved.",
                "Reporting. Quarterly reports to the Council within 20 working days of each quarter end, with an annual summary at the contract review meeting.",
                "Falling behind. If a commitment is behind profile at a quarter end, the Contract Manager will propose corrective action in the quarterly report and agree it with the Council: for example an extra recruitment day with Ashcombe Works, or re-planned volunteering days. If a commitment cannot be delivered at all, we will propose an alternative of equal value for the Council to accept or reject.",
            ),
        },
        spend_plan=(
            {
                "supplier": "Calder Plant Hire Ltd",
                "postcode": "HX2 0AL",
                "kind": "SME",
                "category": "Plant hire",
                "amount": 100000,
                "evidence": "Quote obtained during the bid.",
            },
            {
                "supplier": "Ashcombe Fencing Ltd",
                "postcode": "HX1 1BB",
                "kind": "SME",
                "category": "Fencing",
                "amount": 80000,
                "evidence": "Quote obtained during the bid.",
            },
            {
                "supplier": "Millfield Motors Ltd",
                "postcode": "HX1 1AA",
                "kind": "SME",
                "category": "Vehicle servicing",
                "amount": 70000,
                "evidence": "Quote obtained during the bid.",
            },
            {
                "supplier": "Hythe Recovery Centre CIC",
                "postcode": "HX3 0AT",
                "kind": "VCSE",
                "category": "Sweepings and green waste processing",
                "amount": 30000,
                "evidence": "Gate fee schedule attached.",
            },
            {
                "supplier": "Pennine Fuel Cards Ltd",
                "postcode": "M1 1AD",
                "kind": "large",
                "category": "Fuel",
                "amount": 160000,
                "evidence": "Current fuel card contract.",
            },
        ),
        local_wages=800000,
        declaration_name="José Martins",
        declaration_position="Partner",
        declaration_date="20 February 2026",  # typed as text
    ),
)

BIDDERS = (BRIGHTSTAR, GREENWAY, AFON, QUICKSERVE, MERCIA, HARBOUR)

# ======================================================================== conflicts of interest
# Owen Pritchard declares a conflict with Afon Valley and does not score it: the moderation
# workbook shows him in its "conflicts declared" column and the consensus rests on two scores.
CONFLICTS: dict[str, dict[str, str]] = {
    OWEN: {
        "afon": "My partner is a member-director of Afon Valley Community Co-operative. "
        "I have not read or scored its response and left the moderation discussion for it."
    },
}

# ========================================================================= scores and rationales
# (bidder, part) -> {evaluator: (score, rationale)}, and the panel's (consensus, rationale).
Scores = dict[tuple[str, str], dict[str, tuple[int, str]]]
SCORES: Scores = {
    # ------------------------------------------------------------------------------ brightstar
    ("brightstar", "LA-JOBS-MS"): {
        HELEN: (
            20,
            "General statements only. 58 + 30 FTE is more than the contract’s roughly 34 posts could hold, and the answer never reconciles the two; no local partner is named (“to be confirmed during mobilisation”), and there are no roles or dates. SVTrack reporting is asserted, not explained.",
        ),
        RAJ: (
            60,
            "Large commitments on all four measures, an established academy and levy-funded apprenticeships. The plan is national rather than local, but it covers recruitment, training, support and reporting.",
        ),
        OWEN: (
            20,
            "Does not explain how 88 FTE fits a contract of this size. Partners, roles and timing are all missing: descriptor 20, no specific plan for this contract.",
        ),
    },
    ("brightstar", "LA-COMM-MS"): {
        HELEN: (
            40,
            "£150,000 and 12,000 hours, but no Ashcombe organisation has been spoken to, and the Foundation’s trustees decide grants against national priorities.",
        ),
        RAJ: (
            60,
            "Needs survey, community day and a Foundation grant scheme: relevant, with a plan and a track record in Northfield (45 groups).",
        ),
        OWEN: (
            60,
            "Covers the question with a plan (survey within six months, quarterly grant rounds) and some evidence (Northfield).",
        ),
    },
    ("brightstar", "LA-ENV-MS"): {
        HELEN: (
            60,
            "Estimated baseline (600 tCO2e a year) and DESNZ factors named, HVO from day one, telematics. The EV roll-out is “subject to availability” and the 1,200 t saving is not broken down.",
        ),
        RAJ: (
            60,
            "Relevant actions covering the question, and ISO 14064 verification at group level; the saving is large against the baseline and not evidenced.",
        ),
        OWEN: (
            60,
            "Adequate: actions and measurement are there, but the contract baseline is deferred to mobilisation and savings are not calculated per action.",
        ),
    },
    ("brightstar", "LA-DELIVERY-MS"): {
        HELEN: (
            20,
            "No named person for Ashcombe, evidence “in line with our group policy”, and discussing a shortfall at the quarterly review is not a recovery plan.",
        ),
        RAJ: (
            60,
            "An accountable director, quarterly and annual reports, and group resources to recover a shortfall.",
        ),
        OWEN: (
            40,
            "Reporting frequency is fine, but the evidence is generic rather than per commitment, and there is no trigger or remedy when a commitment falls behind.",
        ),
    },
    # -------------------------------------------------------------------------------- greenway
    ("greenway", "LA-JOBS-MS"): {
        HELEN: (
            100,
            "Specific and evidenced: Ashcombe Works gets 10 days’ first sight, two ring-fenced posts with Step Forward, the College intake agreed (appendix G), buddy, job coach and pay-weekly support, and a verified Westmoor record (8.2 FTE delivered against 7).",
        ),
        RAJ: (
            80,
            "A clear, timed plan with named partners. I would like to see how the 9 FTE is profiled by year; otherwise strong.",
        ),
        OWEN: (
            100,
            "Every part of the question is answered with named partners, and the track record can be checked with a referee.",
        ),
    },
    ("greenway", "LA-COMM-MS"): {
        HELEN: (
            80,
            "Has met CVS and four named groups and records what each asked for; an independent Community Chest with a residents’ panel.",
        ),
        RAJ: (80, "Specific and local, with signed timesheets and the CVS grant list as evidence."),
        OWEN: (
            80,
            "Needs identified, support agreed in writing, recorded and reported; no track record offered for community work.",
        ),
    },
    ("greenway", "LA-ENV-MS"): {
        HELEN: (
            60,
            "Baseline and factors stated, but most of the saving rests on HVO, whose certified supply is assumed with no fallback; the electric tipper saving is small. Sound but modest.",
        ),
        RAJ: (
            100,
            "The best environmental answer: a baseline from the incumbent’s data, dated actions with a saving for each, weighbridge tickets and sub-metering, and a UKAS-accredited verifier.",
        ),
        OWEN: (
            80,
            "Specific, timed and evidenced, with independent verification; leaving out route optimisation shows prudence.",
        ),
    },
    ("greenway", "LA-DELIVERY-MS"): {
        HELEN: (
            100,
            "Evidence listed for each commitment, a 10% trigger with a recovery plan in 15 working days, and a financial remedy paid into the Community Chest.",
        ),
        RAJ: (100, "Clear accountability and a remedy that puts money behind the commitments."),
        OWEN: (
            80,
            "Very good; the audit right on five days’ notice is welcome. How the shortfall payment is valued could be clearer.",
        ),
    },
    # ------------------------------------------------------------------------------------ afon
    ("afon", "LA-JOBS-MS"): {
        HELEN: (
            60,
            "Honest and local: Ashcombe Works and Riverside Community Hub, a ring-fenced post, tickets paid for, an apprentice with the College. Few dates, and no evidence beyond a register.",
        ),
        RAJ: (
            60,
            "Credible for the size of the commitments; mentoring by members who came from unemployment is a strength. Reporting is basic.",
        ),
    },
    ("afon", "LA-COMM-MS"): {
        HELEN: (
            100,
            "Long-standing local work (Repair Café, six years with Friends of Eastbrook Park), needs gathered from four named groups, a signed log, and a letter from a group attesting its record.",
        ),
        RAJ: (
            60,
            "Genuinely local but small; decisions at a members’ meeting and a volunteering log are informal, and nothing verifies the hours independently.",
        ),
    },
    ("afon", "LA-ENV-MS"): {
        HELEN: (
            60,
            "Already electric and solar-charged, which is real; but no formal baseline, no named conversion factors, and the 30 t saving is an estimate.",
        ),
        RAJ: (
            40,
            "The question asks for a baseline and conversion factors: neither is given, and the bidder asks the Council to choose a method.",
        ),
    },
    ("afon", "LA-DELIVERY-MS"): {
        HELEN: (
            60,
            "A named accountable person, evidence listed by commitment, quarterly reports. No trigger or remedy for a shortfall beyond saying so early.",
        ),
        RAJ: (60, "Adequate and proportionate to the commitments."),
    },
    # ------------------------------------------------------------------------------ quickserve
    ("quickserve", "LA-JOBS-MS"): {
        HELEN: (
            20,
            "Generic: “recruit locally wherever possible”, national job boards, no partners, and no plan for people facing barriers.",
        ),
        RAJ: (20, "Nothing specific to Ashcombe or to this contract."),
        OWEN: (20, "General statements only; reporting “as required”."),
    },
    ("quickserve", "LA-COMM-MS"): {
        HELEN: (
            20,
            "Will “contact the local council for voluntary service”; the one named group (Millfield Food Bank) is mentioned in passing with no support agreed.",
        ),
        RAJ: (
            60,
            "Relevant commitments, with records of hours and donations: a small but deliverable offer.",
        ),
        OWEN: (
            40,
            "Some relevant commitments, but the plan is thin: volunteering “depending on operational requirements”.",
        ),
    },
    ("quickserve", "LA-ENV-MS"): {
        HELEN: (
            20,
            "No baseline, electric vehicles only “where practical and affordable”; the 50 t and 300 t figures are not explained.",
        ),
        RAJ: (20, "Generic ISO 14001 statements."),
        OWEN: (
            0,
            "Does not answer the question: no baseline, no actions specific to the contract, no method for the savings.",
        ),
    },
    ("quickserve", "LA-DELIVERY-MS"): {
        HELEN: (
            20,
            "An annual report, evidence “on file if requested”, more frequent reporting at extra cost, and no remedy for a shortfall.",
        ),
        RAJ: (40, "Names the Account Manager and an annual report; limited."),
        OWEN: (
            20,
            "Charging for quarterly reporting and blaming candidate availability suggest the commitments are not owned.",
        ),
    },
    # ---------------------------------------------------------------------------------- mercia
    ("mercia", "LA-JOBS-MS"): {
        HELEN: (
            60,
            "Named routes (Jobcentre Plus, the College, the Probation employment hub, the Armed Forces Covenant) and a guaranteed interview; little on timing, and in-work support is a mentor and the EAP.",
        ),
        RAJ: (60, "Solid and credible; progression through the Mercia Pathway is a plus."),
        OWEN: (
            60,
            "Covers the question with named partners; evidence is HR records only, and there is no track record of local recruitment outcomes.",
        ),
    },
    ("mercia", "LA-COMM-MS"): {
        HELEN: (
            60,
            "Has met CVS and plans drop-ins to meet groups; Redbridge Vale shows relevant experience.",
        ),
        RAJ: (40, "Needs are second-hand through CVS, and the drop-ins happen only after award."),
        OWEN: (60, "A credible plan, with a grant panel and recording."),
    },
    ("mercia", "LA-ENV-MS"): {
        HELEN: (
            60,
            "Estimated baseline to be confirmed; actions with rough timing; the savings are not independently verified (the bidder says so).",
        ),
        RAJ: (
            80,
            "Good specific actions: the EV build-up, HVO from month 3, an existing compost contract.",
        ),
        OWEN: (
            60,
            "Factors named and data sources clear, but the baseline is an estimate and results are not verified.",
        ),
    },
    ("mercia", "LA-DELIVERY-MS"): {
        HELEN: (
            40,
            "Evidence is kept “on our social value system” and described by category, not per commitment; corrective action is agreed case by case.",
        ),
        RAJ: (
            80,
            "A named coordinator and an accountable director, a profile for each commitment, and escalation to the Board after two quarters.",
        ),
        OWEN: (
            60,
            "Accountability, a quarterly profile and action plans are there; no remedy if a commitment is missed.",
        ),
    },
    # --------------------------------------------------------------------------------- harbour
    ("harbour", "LA-JOBS-MS"): {
        HELEN: (
            60,
            "Good partners named (Ashcombe Works, Forces Employment Charity, Step Forward); seasonal half-time posts for people facing barriers are honest but less secure work.",
        ),
        RAJ: (
            80,
            "Specific and timed (a March recruitment day), a paid skills passport, and a track record: 9 of 14 seasonal staff moved into permanent roles.",
        ),
        OWEN: (
            80,
            "Named partners, timed recruitment, training paid for, and a track record from Saltmarsh.",
        ),
    },
    ("harbour", "LA-COMM-MS"): {
        HELEN: (
            60,
            "CVS consulted on needs, a kit fund and insured joint work days; modest hours.",
        ),
        RAJ: (60, "Relevant and practical; recording through CVS is clear."),
        OWEN: (
            60,
            "Covers the question with a credible plan; the groups are not named beyond Riverside Community Allotments.",
        ),
    },
    ("harbour", "LA-ENV-MS"): {
        HELEN: (
            80,
            "Baseline from the tender data with DESNZ factors, dated actions, weighbridge evidence, and HVO savings counted prudently.",
        ),
        RAJ: (80, "The sweepings recovery at Hythe is a real diversion route with evidence."),
        OWEN: (
            80,
            "Specific, timed and evidenced; review by an unnamed “independent consultant” falls short of verification by a named body.",
        ),
    },
    ("harbour", "LA-DELIVERY-MS"): {
        HELEN: (
            60,
            "A named accountable partner, and a quarterly sample check of evidence against source documents.",
        ),
        RAJ: (60, "Adequate: clear roles and quarterly reports."),
        OWEN: (
            40,
            "Reports come 20 working days after quarter end, and “an alternative of equal value” lets the bidder swap commitments.",
        ),
    },
}

CONSENSUS: dict[tuple[str, str], tuple[int, str]] = {
    ("brightstar", "LA-JOBS-MS"): (
        20,
        "Discussed the spread (20/60/20). The panel agreed that scale and a national academy are not a plan for this contract: no local partner is named, there are no roles or dates, and 88 FTE is not reconciled with the posts the contract needs. Agreed 20 (Poor).",
    ),
    ("brightstar", "LA-COMM-MS"): (
        60,
        "The majority view was accepted: a credible if generic plan, with some evidence (Northfield). Helen Marsh’s concern is recorded: no local organisation is named, and grants are decided against national priorities rather than Ashcombe’s.",
    ),
    ("brightstar", "LA-ENV-MS"): (
        60,
        "All three scored 60 for the same reasons: relevant actions and a named method, but the baseline is deferred and the 1,200 tCO2e saving (two thirds of the estimated emissions) is not broken down by action.",
    ),
    ("brightstar", "LA-DELIVERY-MS"): (
        40,
        "Discussed the spread (20/60/40). Agreed 40 (Limited): roles and report frequency are stated, but evidence is not tied to each commitment, and the answer to a commitment falling behind is only a discussion at the quarterly review.",
    ),
    ("greenway", "LA-JOBS-MS"): (
        100,
        "Agreed 100: named partners with agreements in the appendices, in-work support aimed at the known causes of early leaving, a verified record on Westmoor, and evidence for each LA-JOBS measure. Raj Patel’s point about yearly profiling is answered by the quarterly profile in the delivery statement.",
    ),
    ("greenway", "LA-COMM-MS"): (
        80,
        "Agreed 80 (Good): needs identified with named groups, an independent grant panel and clear records. Not 100: there is no track record of delivering community support of this kind.",
    ),
    ("greenway", "LA-ENV-MS"): (
        80,
        "Discussed the spread (60/100/80). The panel agreed the answer meets Good in full: a baseline from real data, dated actions with a saving for each, and named verification. Not 100: Helen Marsh’s point was accepted that most of the saving relies on certified HVO supply, with no fallback stated.",
    ),
    ("greenway", "LA-DELIVERY-MS"): (
        100,
        "Agreed 100: named accountability, evidence for each commitment, a quarterly profile with a 10% trigger, and a shortfall payment at proxy values: the strongest answer in this tender to a commitment falling behind.",
    ),
    ("afon", "LA-JOBS-MS"): (
        60,
        "Both scoring evaluators gave 60 (Owen Pritchard declared a conflict and did not score). Adequate: a credible plan in proportion to the commitments, with local routes named; little on timing or evidence.",
    ),
    ("afon", "LA-COMM-MS"): (
        80,
        "Discussed the spread (100/60; Owen Pritchard declared a conflict and took no part). Agreed 80: needs identified with named groups, clear local partners, and a track record attested by the Friends of Eastbrook Park letter; the informal recording Raj Patel noted keeps it below 100.",
    ),
    ("afon", "LA-ENV-MS"): (
        40,
        "Agreed 40 (Limited): the actions are real (electric vans, battery tools, composting), but there is no baseline or named method, which the question and guidance ask for, so the LA-ENV savings cannot be measured.",
    ),
    ("afon", "LA-DELIVERY-MS"): (
        60,
        "Both 60: accountability and evidence for each commitment are clear; the response to a commitment falling behind is only a discussion.",
    ),
    ("quickserve", "LA-JOBS-MS"): (
        20,
        "All three 20: general statements, with no specific commitment, partner, timing or evidence for this contract.",
    ),
    ("quickserve", "LA-COMM-MS"): (
        40,
        "Discussed the spread (20/60/40). Agreed 40 (Limited): relevant commitments and basic records, but no community needs identified, volunteering at the Contract Manager’s discretion, and the Food Bank named without any agreed support.",
    ),
    ("quickserve", "LA-ENV-MS"): (
        20,
        "Agreed 20 (Poor). Owen Pritchard’s 0 reflected that the baseline and method are missing altogether; the panel accepted that a few relevant actions (driver behaviour, licensed carriers) lift it to 20.",
    ),
    ("quickserve", "LA-DELIVERY-MS"): (
        20,
        "Agreed 20 (Poor), below this question’s minimum of 40: annual reporting only, extra cost for quarterly reports, and no plan for a commitment falling behind. Flagged to the panel as a delivery risk.",
    ),
    ("mercia", "LA-JOBS-MS"): (
        60,
        "All three 60: a credible plan with named partners and a guaranteed-interview route, but no dates, limited in-work support and no evidenced record of local recruitment.",
    ),
    ("mercia", "LA-COMM-MS"): (
        60,
        "Agreed 60 (Adequate): needs gathered only through CVS so far, but a credible plan to hear from groups, an independent panel, and evidence of similar work in Redbridge Vale.",
    ),
    ("mercia", "LA-ENV-MS"): (
        60,
        "Agreed 60: relevant, partly timed actions with a named method; the baseline is still an estimate and nothing is independently verified, which Good and Excellent expect.",
    ),
    ("mercia", "LA-DELIVERY-MS"): (
        60,
        "Discussed the spread (40/80/60). Agreed 60: clear accountability and a quarterly profile with escalation, but evidence is described by category rather than per commitment, and there is no remedy for a missed commitment.",
    ),
    ("harbour", "LA-JOBS-MS"): (
        80,
        "Agreed 80 (Good): named partners, a timed recruitment cycle, paid training and a quoted track record. Helen Marsh’s concern about seasonal posts is recorded; the panel noted that the route into permanent roles answers most of it.",
    ),
    ("harbour", "LA-COMM-MS"): (
        60,
        "All three 60: a credible, practical plan through CVS, with clear recording; modest in scale and few groups named.",
    ),
    ("harbour", "LA-ENV-MS"): (
        80,
        "All three 80: baseline, dated actions and measurement are clear and prudently counted; not 100 because the review is by an unnamed consultant rather than a named verifier.",
    ),
    ("harbour", "LA-DELIVERY-MS"): (
        60,
        "Agreed 60: accountability, sample checks of evidence and quarterly reporting are clear; the remedy is to propose alternatives, which the Council may reject.",
    ),
}

# The panel's decision on every credibility flag the engine raises on the bids (the moderation
# workbook's Flags sheet): (bidder, flag, measure or None) -> (decision, figure, reason, reference).
KEPT = (
    "The panel reviewed the evidence and delivery plan: the figure is within what this contract "
    "can deliver, and it becomes a contract KPI with a remedy if it falls behind."
)
FLAG_DECISIONS: dict[tuple[str, str, str | None], tuple[object, object, str, object]] = {
    ("brightstar", "fte_cost_above_contract", None): (
        "capped",
        34,
        "The contract's staffing schedule has 34 posts: no more local FTE can be employed on it. "
        "Capped at 34 FTE, counted in the rubric's order (LA-JOBS-1 first).",
        None,
    ),
    ("brightstar", "social_value_above_share", None): (
        "accepted",
        None,
        "Reviewed with the measure flags: the FTE cap and the uncounted carbon savings remove "
        "the figures the contract cannot deliver; the rest is contractual and monitored.",
        None,
    ),
    ("brightstar", "outlier_commitment", "LA-JOBS-1"): (
        "accepted",
        None,
        "Decided with the FTE flag: the bid's FTE are capped at the 34 posts on the contract.",
        None,
    ),
    ("brightstar", "outlier_commitment", "LA-JOBS-2"): (
        "accepted",
        None,
        "Decided with the FTE flag: the bid's FTE are capped at the 34 posts on the contract.",
        None,
    ),
    ("brightstar", "outlier_commitment", "LA-COMM-2"): (
        "clarified",
        None,
        "BrightStar confirmed in writing that the Foundation's trustees approved GBP 50,000 a year "
        "for Ashcombe for 2026-2029 (CQ-02).",
        "CQ-02",
    ),
    ("brightstar", "outlier_commitment", "LA-ENV-1"): (
        "not counted",
        None,
        "The savings are the group's decarbonisation programme apportioned to this contract, with "
        "no baseline: they are not made by this contract.",
        None,
    ),
    # The spend plans (the Spend plan sheet): each flagged line decided as the panel would.
    ("brightstar", "spend_line_no_postcode", "line 2"): (
        "accepted",
        None,
        "A placeholder for subcontractors not yet chosen: counted in the SME share as planned and "
        "never as local. LA-GROWTH-1 becomes a KPI whose returns name each supplier's postcode.",
        None,
    ),
    ("quickserve", "spend_line_no_postcode", "line 2"): (
        "accepted",
        None,
        "Suppliers not yet chosen: counted in the SME share as planned and never as local.",
        None,
    ),
    ("afon", "spend_supplier_twice", "line 4"): (
        "accepted",
        None,
        "Two packages of work priced apart with one subcontractor (tree work, mechanical "
        "sweeping): different spend, each counted once.",
        None,
    ),
} | {
    ("brightstar", "outlier_commitment", m): ("accepted", None, KEPT, None)
    for m in (
        "LA-JOBS-3",
        "LA-JOBS-4",
        "LA-COMM-1",
        "LA-COMM-3",
        "LA-GROWTH-1",
        "LA-GROWTH-2",
        "LA-GROWTH-3",
        "LA-ENV-2",
    )
}


# ==================================================================================== LibreOffice
class LibreOffice:
    """Open and save workbooks with LibreOffice headless, one run per batch of files."""

    def __init__(self, profile: Path):
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        if exe is None:
            sys.exit("LibreOffice (soffice) is needed: install libreoffice-calc")
        self.exe = exe
        self.profile = profile

    def save(self, files: Sequence[Path], outdir: Path, target: str = "xlsx") -> list[Path]:
        """Convert ``files`` into ``outdir`` (as a person opening and saving them would), then fix
        the zip entries' timestamps so the bytes are reproducible."""
        outdir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                self.exe,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        suffix = "." + target.split(":", 1)[0]
        out = [outdir / (f.stem + suffix) for f in files]
        missing = [p.name for p in out if not p.is_file()]
        if result.returncode or missing:
            sys.exit(
                f"LibreOffice failed ({result.returncode}), missing {missing}:\n{result.stderr}"
            )
        for path in out:
            fix_zip_times(path)
        return out


def fix_zip_times(path: Path) -> None:
    """Rewrite a zip with every entry dated ZIP_TIME; entry names, order and contents unchanged."""

    def redate(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
        entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
        entry.compress_type = info.compress_type
        entry.external_attr = info.external_attr
        entry.create_system = 3
        return entry, data

    rewrite_zip(path, redate)


# ======================================================================================= helpers
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_answers(bidders: Iterable[Bidder], rubric) -> None:  # type: ignore[no-untyped-def]
    """Every example answer is 150-450 words and within its word limit."""
    limits = {c.id: c.word_limit for c in rubric.qualitative()}
    for b in bidders:
        for part, text in b.values.answers.items():
            words = word_count(str(text))
            if not 150 <= words <= min(450, limits[part] or 450):
                sys.exit(f"{b.key} {part}: {words} words (want 150-450, within {limits[part]})")


def conflicts_of(bidders: Sequence[str], evaluator: str) -> dict[str, tuple[object, object]]:
    """Every bidder's conflict declaration on ``evaluator``'s scoresheet: Yes with the note
    for a declared conflict, No for the others."""
    declared = CONFLICTS.get(evaluator, {})
    return {k: ("Yes", declared[k]) if declared.get(k) else ("No", None) for k in bidders}


def evaluator_scores(evaluator: str) -> dict[tuple[str, str], tuple[object, object]]:
    return {key: by[evaluator] for key, by in SCORES.items() if evaluator in by}


def response_order(folder: Path) -> list[str]:
    """Bidder keys in the order the toolkit lists responses/ (case-folded file name)."""
    files = sorted((folder / "responses").iterdir(), key=lambda p: (p.name.casefold(), p.name))
    return [p.stem for p in files if p.suffix.lower() in (".xlsx", ".xlsm")]


# ================================================================================ example-tender
def build_example(lo: LibreOffice, work: Path) -> None:
    template = make_tender_folder(EXAMPLE, TENDER_YAML + EXAMPLE_CLARIFICATIONS, fresh=True)
    rubric = load_rubric_for(load_tender(EXAMPLE))
    check_answers(BIDDERS, rubric)

    # 1. Bidders fill the template and save it in their spreadsheet program.
    typed = work / "typed"
    typed.mkdir()
    filled = [fill_response(template, typed / f"{b.key}.xlsx", b.values, rubric) for b in BIDDERS]
    lo.save(filled, EXAMPLE / "responses")

    # 2. Scoresheets from the saved responses; each evaluator scores alone and saves.
    written, kept = make_scoresheets(EXAMPLE)
    assert not kept and len(written) == len(EVALUATORS), (written, kept)
    keys = response_order(EXAMPLE)
    scored = work / "scored"
    scored.mkdir()
    sheets = []
    for evaluator in EVALUATORS:
        sheets.append(
            fill_scoresheet(
                EXAMPLE / "scores" / f"{evaluator}.xlsx",
                evaluator_scores(evaluator),
                conflicts_of(keys, evaluator),
                out=scored / f"{evaluator}.xlsx",
            )
        )
    lo.save(sheets, EXAMPLE / "scores")

    # 3. The moderation workbook from the saved scoresheets; the panel records every consensus.
    # The panel also records a decision on every credibility flag (the Flags sheet).
    moderation = make_moderation_workbook(EXAMPLE)
    agreed = fill_moderation(moderation, CONSENSUS, out=work / "moderation.xlsx")
    fill_flag_decisions(agreed, FLAG_DECISIONS)
    lo.save([agreed], EXAMPLE)

    report = check_tender(EXAMPLE)
    if report.problems or report.warnings:
        for p in report.problems + report.warnings:
            print(p, file=sys.stderr)
        sys.exit("example-tender does not check clean")


# ================================================================================== messy-tender
# Every planted problem: (file, a distinctive part of the message). Each must be reported exactly
# once, and nothing else may be.
PLANTED: tuple[tuple[str, str, str], ...] = (
    (
        "responses/northgate.xlsx",
        "error",
        f'made for tender "{OTHER_REFERENCE}", not this tender "{REFERENCE}"',
    ),
    (
        "responses/brightstar.xlsx",
        "error",
        'LA-JOBS-4 Work placement weeks for local students and jobseekers, quantity): expected a number of 0 or more, found "about five"',
    ),
    (
        "responses/brightstar.xlsx",
        "error",
        "LA-JOBS-3 Apprenticeship weeks on the contract, quantity): expected a number from 0 to 5200, found 6000",
    ),
    (
        "responses/quickserve.xlsx",
        "error",
        "LA-COMM-2 Donations and in-kind support to local community organisations, quantity): expected a number of 0 or more, found -5000",
    ),
    (
        "responses/quickserve.xlsx",
        "error",
        "LA-ENV-MS Method statement: reducing the contract's environmental impact, answer): this must be filled in, but the cell is empty",
    ),
    (
        "responses/harbour.xlsx",
        "error",
        "LA-GROWTH-1 Contract spend with small and medium-sized suppliers in the council's area, quantity): the cell holds the formula =SUM(200000,50000): type the value itself, not a formula",
    ),
    (
        "responses/mercia.xlsx",
        "warning",
        "over the limit of 400 (reported to the evaluators; nothing was cut)",
    ),
    (
        "responses/mercia.xlsx",
        "warning",
        'extra sheet "Workings" is not part of the form; it is ignored',
    ),
    (
        "responses/mercia.xlsx",
        "warning",
        "LA-GROWTH-1 Contract spend with small and medium-sized suppliers in the council's area, "
        "quantity): warning: GBP 5,400,000 committed is more than the contract value of "
        "GBP 2,400,000: a credibility flag (spend_above_contract)",
    ),
    (
        "responses/afon.xlsm",
        "warning",
        "the workbook contains macros (VBA); they are ignored and never run",
    ),
    (
        "responses/riverside-landscapes.xlsx",
        "error",
        "this is a password-protected (encrypted) workbook or an old-style .xls file",
    ),
    ("responses/parkcare.xlsx", "error", "this is a text/CSV file, not an .xlsx workbook"),
    ("responses/tidy-towns.xlsx", "error", "the file is empty (0 bytes)"),
    ("responses/greenway-brochure.pdf", "warning", "is not a workbook: ignored"),
    (
        "scores/helen-marsh.xlsx",
        "error",
        "(bidder greenway, LA-COMM-MS, score): expected a score on the scale (0, 20, 40, 60, 80 or 100), found 50",
    ),
    (
        "scores/raj-patel.xlsx",
        "error",
        "(bidder mercia, LA-ENV-MS, rationale): the score 80 has no rationale",
    ),
    (
        "scores/owen-pritchard.xlsx",
        "error",
        "(bidder afon, LA-JOBS-MS, score): a conflict of interest with this bidder is declared",
    ),
)

NORTHGATE = ResponseValues(
    bidder_name="Northgate Amenity Services Ltd",
    company_number="09876543",
    contact_name="Gareth Evans",
    contact_email="tenders@northgate-amenity.example",
    quantities={m: 0 for m in ("LA-JOBS-2", "LA-JOBS-4", "LA-COMM-3", "LA-GROWTH-2", "LA-GROWTH-3")}
    | {
        "LA-JOBS-1": 8,
        "LA-JOBS-3": 156,
        "LA-COMM-1": 1500,
        "LA-COMM-2": 10000,
        "LA-GROWTH-1": 200000,
        "LA-ENV-1": 60,
        "LA-ENV-2": 400,
    },
    evidence={
        "LA-JOBS-1": "Local recruitment through Jobcentre Plus.",
        "LA-JOBS-3": "One apprentice a year.",
        "LA-COMM-1": "Volunteering days for staff.",
        "LA-COMM-2": "Community grants.",
        "LA-GROWTH-1": "Local suppliers.",
        "LA-ENV-1": "Electric vans.",
        "LA-ENV-2": "Composting.",
    },
    answers={
        part: "Northgate answered this question on last year’s response form, which its bid team "
        "reused for this tender instead of the current template."
        for part in PARTS
    },
    declaration_name="Gareth Evans",
    declaration_position="Commercial Director",
    declaration_date=dt.date(2026, 2, 19),
)

MERCIA_LONG_DELIVERY = _text(
    str(MERCIA.values.answers["LA-DELIVERY-MS"]),
    "Governance. The Board receives a social value dashboard every month alongside health and safety and financial performance, and a non-executive director champions social value. Our internal auditors review the social value records on two contracts each year, chosen at random, and report their findings to the Audit Committee; an Ashcombe review would be shared with the Council.",
    "Systems. Our social value system records every commitment with its owner, its quarterly profile, the evidence expected and the date it was received. Evidence is uploaded by site supervisors from their phones, so that timesheets, photographs and sign-in sheets reach the Coordinator the same week, and missing evidence is chased automatically after ten working days.",
    "Working with the Council. We would welcome a joint review at the end of the first six months to check that the reports give the Council what it needs, and we will adapt the format to the Council’s own KPI template and publish an annual summary for residents on our website.",
    "Training. Every supervisor on the contract completes our half-day social value course before mobilisation, covering what each commitment means, what counts as evidence and how to record it, so that the records are right first time rather than reconstructed at the end of a quarter. New supervisors complete the course within their first month, and the Coordinator holds a short refresher at each quarterly team briefing, using examples from the previous quarter's report, including any evidence the Council queried.",
)


# A late bid (issue 13 item 3): delivered after the deadline, recorded `late` in tender.yaml, so
# it is not assessed and its problem (a quantity typed as "TBC") is only a warning.
LATE = "kestrel"
LATE_BIDS = f"""
# Bids not assessed (docs/tender.md): kept in the record, the exclusions and the audit trail.
bids:
  {LATE}:
    status: late
    reason: Received through the portal at 14:37 on 20 February 2026, after the 12:00 deadline.
    date: 2026-02-20
"""
KESTREL = attrs.evolve(
    QUICKSERVE.values,
    bidder_name="Kestrel Street Services Ltd",
    company_number="10293847",
    contact_name="Amira Haddad",
    contact_email="bids@kestrel-street.example",
    quantities={**QUICKSERVE.values.quantities, "LA-ENV-1": "TBC"},
    declaration_name="Amira Haddad",
    declaration_date=dt.date(2026, 2, 20),
)
PLANTED += (
    ("responses/kestrel.xlsx", "warning", "not assessed: tender.yaml (line "),
    ("responses/kestrel.xlsx", "warning", 'found "TBC" (bid not assessed: late)'),
)


def stand_in(path: Path, display: str, values: ResponseValues | None) -> Response:
    """A response the toolkit cannot read, as an evaluator saw it (the answers the bidder sent,
    if any), carrying the file's real SHA-256: so the scoresheets were made from these very files
    and the only problems reported are the planted ones."""
    answers = tuple(
        Answer(part, str(text), word_count(str(text)), Source(display))
        for part, text in (values.answers.items() if values else ())
        if text
    )
    name = str(values.bidder_name) if values else "(the file could not be opened)"
    return Response(path.stem, name, "", "", (), answers, display, sha256(path))


def build_messy(lo: LibreOffice, work: Path) -> list[str]:
    template = make_tender_folder(MESSY, TENDER_YAML + LATE_BIDS, fresh=True)
    tender = load_tender(MESSY)
    rubric = load_rubric_for(tender)
    responses = MESSY / "responses"
    sent: dict[str, ResponseValues | None] = {}

    # Unchanged: Greenway's response as in the example tender.
    shutil.copy2(EXAMPLE / "responses" / "greenway.xlsx", responses / "greenway.xlsx")

    # Afon's response saved as a macro-enabled workbook (.xlsm) by LibreOffice: read, with a
    # warning.
    lo.save([EXAMPLE / "responses" / "afon.xlsx"], responses, "xlsm:Calc MS Excel 2007 VBA XML")

    # Filled and saved by openpyxl, never opened in a spreadsheet program.
    def fill(bidder: Bidder, **changes: object) -> Path:
        values = bidder.values
        for key, change in changes.items():
            if key in ("quantities", "answers"):
                change = {**getattr(values, key), **change}  # type: ignore[dict-item]
            values = attrs.evolve(values, **{key: change})
        sent[bidder.key] = values
        return fill_response(template, responses / f"{bidder.key}.xlsx", values, rubric)

    # Words and an over-maximum quantity.
    fill(BRIGHTSTAR, quantities={"LA-JOBS-4": "about five", "LA-JOBS-3": 6000})
    # A negative quantity and a required answer left empty.
    fill(QUICKSERVE, quantities={"LA-COMM-2": -5000}, answers={"LA-ENV-MS": None})
    # A formula in an input cell: its saved result is never read (openpyxl writes none anyway).
    fill(HARBOUR, quantities={"LA-GROWTH-1": "=SUM(200000,50000)"})
    # An answer over the word limit (a warning) and a sheet of the bidder's own (a warning).
    # Also an inflated bid: GBP 5.4m of local SME spend on a GBP 2.4m contract (a warning; the
    # engine flags it, and the result is provisional until the panel decides it).
    mercia = fill(
        MERCIA,
        answers={"LA-DELIVERY-MS": MERCIA_LONG_DELIVERY},
        quantities={"LA-GROWTH-1": 5400000},
    )
    wb = load_workbook(mercia)
    notes = wb.create_sheet("Workings")
    notes["A1"] = "Local spend workings (internal: delete before sending)"
    notes["A2"], notes["B2"] = "Vehicle maintenance", 45000
    notes["A3"], notes["B3"] = "Plant hire", 30000
    notes["A4"], notes["B4"] = "Materials", 25000
    save_workbook(wb, mercia)

    # Last year's response form (another tender's fingerprint).
    other = work / "last-year"
    other.mkdir()
    (other / "tender.yaml").write_text(
        TENDER_YAML.replace(REFERENCE, OTHER_REFERENCE), encoding="utf-8"
    )
    old_template = write_template_for(other)
    sent["northgate"] = NORTHGATE
    fill_response(old_template, responses / "northgate.xlsx", NORTHGATE, rubric)
    # The late bid: not in the scoresheets (they were made without it).
    fill_response(template, responses / f"{LATE}.xlsx", KESTREL, rubric)

    # Files that are not workbooks at all.
    junk = b"".join(hashlib.sha256(b"encrypted %d" % i).digest() for i in range(128))
    (responses / "riverside-landscapes.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk
    )  # OLE2: what a password-protected .xlsx is
    (responses / "parkcare.xlsx").write_text(
        "Measure,Quantity,Evidence\r\nLA-JOBS-1,4,Local hires\r\nLA-COMM-1,800,Volunteering\r\n",
        encoding="utf-8",
    )  # a CSV export renamed to .xlsx
    (responses / "tidy-towns.xlsx").write_bytes(b"")  # an upload that failed
    (responses / "greenway-brochure.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )  # a stray brochure in responses/

    # Scoresheets made from exactly these files (readable ones as read, the others as the
    # evaluators saw them), so that no "response changed" problem hides the planted ones.
    keys = [k for k in response_order(MESSY) if k != LATE]
    proxies = proxies_in_force(tender, rubric)
    pairs: list[tuple[Response, str]] = []
    for key in keys:
        path = next(p for p in responses.iterdir() if p.stem == key and p.suffix != ".pdf")
        display = f"responses/{path.name}"
        response, _ = read_response(
            path, rubric, tender.reference, key=key, display=display, proxies=proxies
        )
        pairs.append((response or stand_in(path, display, sent.get(key)), display))
    scored = work / "messy-scored"
    scored.mkdir()
    unreadable = (
        0,
        "No answer could be read: the file sent cannot be opened (see the check report). "
        "Scored 0 pending a readable copy.",
    )
    sheets = []
    for evaluator in tender.evaluators:
        blank = write_scoresheet(
            tender, rubric, evaluator, pairs, work / f"{evaluator.id}.xlsx", proxies=proxies
        )
        scores = {(k, p): unreadable for k in keys for p in PARTS}
        for k in ("northgate",):
            for p in PARTS:
                scores[(k, p)] = (
                    20,
                    "The answer is a note that last year’s form was used; nothing to assess.",
                )
        scores |= evaluator_scores(evaluator.id)
        if evaluator.id == OWEN:
            for p in PARTS:
                scores.pop(("afon", p), None)  # conflict declared: not scored
            # planted: a conflicted evaluator who scored the bidder anyway (issue 13 item 1)
            scores[("afon", "LA-JOBS-MS")] = (
                60,
                "Scored before I remembered my declaration: a credible local recruitment plan.",
            )
        if evaluator.id == HELEN:  # planted: not a score on the 0-100 scale in steps of 20
            scores[("greenway", "LA-COMM-MS")] = (50, SCORES[("greenway", "LA-COMM-MS")][HELEN][1])
        if evaluator.id == RAJ:  # planted: a score with no rationale
            scores[("mercia", "LA-ENV-MS")] = (80, None)
        sheets.append(
            fill_scoresheet(
                blank, scores, conflicts_of(keys, evaluator.id), scored / f"{evaluator.id}.xlsx"
            )
        )
    lo.save(sheets, MESSY / "scores")

    # The exact stderr of `socialvalue check .` run inside the folder.
    lines = run_check(MESSY)
    verify_planted(lines)
    (MESSY / EXPECTED_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def run_check(folder: Path) -> list[str]:
    """The stderr lines of ``socialvalue check .`` run inside ``folder``."""
    from socialvalue.cli import main

    runner = cli_runner()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = runner.invoke(main, ["check", "."], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    if result.exit_code != 1:
        sys.exit(f"expected exit 1 from the messy check, got {result.exit_code}")
    return result.stderr.splitlines()


def verify_planted(lines: list[str]) -> None:
    """Every planted problem reported exactly once; no other line but the advice about the
    responses that block (:func:`~socialvalue.tender.bids.blocking_advice`) and the count."""
    blocking = sorted({f for f, s, _ in PLANTED if s == "error" and f.startswith("responses/")})
    advice = list(blocking_advice([Path(f).stem for f in blocking]))
    problems, tail = lines[: -1 - len(advice)], lines[-1]
    if lines[-1 - len(advice) : -1] != advice:
        sys.exit(f"messy-tender's check does not end with the advice: {lines[-12:]}")
    matched: collections.Counter[int] = collections.Counter()
    unplanned = []
    for line in problems:
        hits = [
            i
            for i, (file, severity, text) in enumerate(PLANTED)
            if line.startswith(f"{file}: ")
            and text in line
            and (": warning: " in line) == (severity == "warning")
        ]
        if len(hits) != 1:
            unplanned.append(line)
        matched.update(hits)
    missing = [PLANTED[i] for i in range(len(PLANTED)) if matched[i] != 1]
    errors = sum(1 for _, s, _ in PLANTED if s == "error")
    count = f"{errors} problems, {len(PLANTED) - errors} warnings found."
    if unplanned or missing or tail != count:
        sys.exit(
            "messy-tender does not report exactly the planted problems:\n"
            + "".join(f"  unplanned: {u}\n" for u in unplanned)
            + "".join(f"  missing: {m}\n" for m in missing)
            + f"  last line: {tail!r} (want {count!r})"
        )


# ======================================================================================= summary
def summary() -> None:
    """Key figures, if the scoring engine is available."""
    try:
        from socialvalue.scoring import evaluate
    except ImportError:
        print("(scoring engine not available: no figures)")
        return
    ev = evaluate(check_tender(EXAMPLE).inputs)  # type: ignore[arg-type]
    print(f"\nstatus {ev.status.state}; {ev.outcome.text}")
    for b in sorted(ev.bidders, key=lambda b: (b.rank or 99, b.key)):
        t = b.totals
        print(
            f"  {b.rank or '-':>2} {b.key:<11} {b.status:<13} total {t.total_rounded:>6} "
            f"(qual {float(t.qualitative):6.2f}, quant {float(t.quantitative):6.2f})  "
            f"GBP {float(t.social_value_gbp):>12,.0f} = {float(t.percent_of_contract):6.1f}%  "
            f"flags {sorted({f.code for f in b.flags})}"
        )
    required = [m for m in ev.moderation if m.moderation_required]
    print(f"  moderation required on {len(required)} parts:")
    for m in required:
        print(f"    {m.bidder} {m.part}: {[(e, str(s)) for e, s in m.scores]} -> {m.consensus}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="no summary")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialvalue-example-") as tmp:
        work = Path(tmp)
        lo = LibreOffice(work / "lo-profile")
        build_example(lo, work)
        lines = build_messy(lo, work)
    (EXAMPLES / ".keep").unlink(missing_ok=True)
    print(f"{EXAMPLE.relative_to(ROOT)}: ok")
    print(f"{MESSY.relative_to(ROOT)}: {len(lines) - 1} planted problems, as in {EXPECTED_FILE}")
    if not args.quiet:
        summary()


if __name__ == "__main__":
    main()
