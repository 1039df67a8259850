"""A funder's dashboard and a waiver, in a real browser (headless Chromium).

Four organisations' leads have accepted assessments (submitted, backed by links and accepted
through the API; Harbour has last year's too). A funder's officer signs in, uploads the
contract (the shipped funder-minimum tailoring, a yearly cadence) and invites the four; each
lead joins from the organisation's page, and Harbour's lead asks for a waiver of SUP-02. The
officer then reads the dashboard (sorted by score, filtered by name), grants the waiver from
Harbour's page, and finds Harbour's row marked `(waived)` and its report saying until when.
The dashboard's scores are held to `readiness batch` with the same tailoring. Every page is
checked as in self_assessment.py (screenshots at 1280 and 390 pixels, console errors,
sideways scrolling, axe-core).

    python Tests/Browser/funder_dashboard.py READINESS_BINARY OUTPUT_FOLDER
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import self_assessment as common  # noqa: E402 - the shared checks, after the path is set
import team_round  # noqa: E402

ROOT = common.ROOT
TAILORING = os.path.join(ROOT, "rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml")
FUNDER = "officer@north-phn.org"
ORGANISATIONS = {
    "Harbour AOD Services": ["history/03-harbour-2025.yaml", "03-harbour-developing.yaml"],
    "Eastside Recovery Network": ["04-eastside-established.yaml"],
    "Northgate Community Health": ["02-northgate-starting-out.yaml"],
    "Southern Lived Experience Collective": ["05-southern-embedded.yaml"],
}
fail = common.fail


def lead(name):
    return "lead@" + name.split()[0].lower() + ".org"


def api(base, token, method, path, body=None, content_type="application/json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(
        base + path, data=data, method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def accept_assessments(base, tokens):
    """Each organisation's profiles submitted, the rules that ask for evidence backed by a
    link, and accepted, through the API as a lead's script would."""
    for name, files in ORGANISATIONS.items():
        for file in files:
            with open(os.path.join(ROOT, "assessments", file), "rb") as profile:
                status, stored = api(base, tokens[name], "POST", "/api/v1/assessments",
                                     profile.read(), "application/yaml")
            if status != 201:
                fail(f"submitting {file}: {status} {stored}")
                continue
            for rule in ("SUP-01", "CMP-02"):
                api(base, tokens[name], "POST", f"/api/v1/assessments/{stored['id']}/evidence",
                    {"subject": f"rule:{rule}", "url": "https://intranet.example.org/policy",
                     "note": "The signed policy"})
            status, body = api(base, tokens[name], "POST",
                               f"/api/v1/assessments/{stored['id']}/accept", {})
            if status != 200:
                fail(f"accepting {file}: {status} {body}")


def run(driver, base, out, binary, tokens):
    def check(name, status=None):
        common.check_page(driver, out, "funder-" + name, status)

    accept_assessments(base, tokens)
    team_round.sign_in(driver, base, FUNDER)
    if not driver.current_url.endswith("/funder"):
        fail(f"a funder signs in to {driver.current_url}, not the dashboard")
    check("empty")
    # A tailoring that names no rule is refused where it is wrong.
    # Absolute: the browser is given the file by its path, and CI names the folder relatively.
    broken = os.path.abspath(os.path.join(out, "broken-contract.yaml"))
    with open(broken, "w") as file:
        file.write("tailoring: {id: t, title: T, ruleset: vic-aod-peer-workforce}\ninclude: [SUP-99]\n")
    driver.find_element(By.ID, "f-tailoring").send_keys(broken)
    common.click_and_wait(driver, team_round.button(driver, "Save the contract"))
    if "broken-contract.yaml:2:11" not in driver.page_source:
        fail("a broken tailoring is not refused at its line and column")
    check("contract-refused", status=422)
    driver.find_element(By.ID, "f-tailoring").send_keys(TAILORING)
    cadence = driver.find_element(By.ID, "f-cadence")
    cadence.clear()
    cadence.send_keys("365")
    common.click_and_wait(driver, team_round.button(driver, "Save the contract"))
    for name in ORGANISATIONS:
        field = driver.find_element(By.ID, "f-organisation")
        field.send_keys(name)
        common.click_and_wait(driver, team_round.button(driver, "Invite"))
    check("invited")
    # Each lead joins; Harbour's asks for a waiver.
    for name in ORGANISATIONS:
        team_round.sign_in(driver, base, lead(name))
        common.click_and_wait(driver, driver.find_element(
            By.XPATH, "//button[starts-with(normalize-space(), 'Join North region PHN')]"))
        if name == "Harbour AOD Services":
            check("organisation-joined")
            driver.find_element(By.XPATH, "//summary[normalize-space()='Ask a funder to waive a rule']").click()
            driver.find_element(By.ID, "f-waiver-rule").send_keys("SUP-02")
            driver.find_element(By.ID, "f-waiver-justification").send_keys(
                "Our external peer supervisor left in May; a replacement starts in August.")
            driver.find_element(By.ID, "f-waiver-expires").send_keys("2099-12-31")
            common.click_and_wait(driver, team_round.button(driver, "Ask"))
            if "Your request is with the funder." not in driver.page_source:
                fail("the waiver request is not confirmed")
            check("waiver-requested")
    team_round.sign_in(driver, base, FUNDER)
    check("dashboard")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.heatmap tr td.org")
    if len(rows) != 4:
        fail(f"the dashboard lists {len(rows)} organisations, not 4")
    # The scores are those of `readiness batch` with the same tailoring.
    batch = subprocess.run(
        [binary, "batch", os.path.join(ROOT, "assessments"), "--tailoring", TAILORING,
         "--format", "json"], capture_output=True, text=True)
    expected = {row["organisation"]: row["score"] for row in json.loads(batch.stdout)["organisations"]}
    for row in driver.find_elements(By.CSS_SELECTOR, "table.heatmap tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if len(cells) < 3 or not cells[0].text:
            continue
        name, score = cells[0].text, cells[2].text
        if name in expected and f"{expected[name]:.1f}" != score:
            fail(f"{name}: the dashboard says {score}, readiness batch {expected[name]}")
    # Sorted by score (twice: descending, then ascending), then filtered.
    header = driver.find_element(By.XPATH, "//table[contains(@class,'heatmap')]//th[normalize-space()='Score']")
    header.click()
    header.click()
    first = driver.find_element(By.CSS_SELECTOR, "table.heatmap tr:nth-child(2) td.org").text
    if first != "Northgate Community Health":
        fail(f"sorted by score, lowest first, the first row is {first}")
    driver.find_element(By.CSS_SELECTOR, "input.filter").send_keys("harbour")
    shown = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.heatmap tr td.org") if r.is_displayed()]
    if len(shown) != 1:
        fail(f"filtered by “harbour”, {len(shown)} rows show")
    check("dashboard-filtered")
    if "The portfolio over time" not in driver.page_source:
        fail("the dashboard has no trend (Harbour has two years)")
    # The waiver is granted from Harbour's page.
    driver.find_element(By.LINK_TEXT, "Harbour AOD Services").click()
    check("organisation")
    Select(driver.find_element(By.ID, "request")).select_by_index(1)
    driver.find_element(By.ID, "f-approved-by").send_keys("Program manager, North region")
    common.click_and_wait(driver, team_round.button(driver, "Grant the waiver"))
    if "in force until 2099-12-31" not in driver.page_source:
        fail("the granted waiver is not shown in force")
    check("waiver-granted")
    driver.get(base + "/funder")
    if "SUP-02 (waived)" not in driver.page_source:
        fail("Harbour's row does not mark SUP-02 waived")
    check("dashboard-waived")
    driver.find_element(By.LINK_TEXT, "Harbour AOD Services").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "As of 2026-06-30").click()
    if "waived until 2099-12-31" not in driver.page_source:
        fail("Harbour's report does not say the waiver holds")
    check("report")
    exported = team_round.download(driver, base + "/funder/dashboard.csv")
    if len(exported.splitlines()) != 5:
        fail(f"the CSV export has {len(exported.splitlines())} lines, not a header and 4 rows")
    print(f"dashboard: 4 organisations; CSV {len(exported.splitlines())} lines", flush=True)


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="readiness-funder-")
    database = os.path.join(work, "readiness.sqlite")

    def add_user(*arguments):
        subprocess.run([binary, "admin", "add-user", "--db", database, *arguments,
                        "--password-stdin"], input=common.PASSWORD + "\n", text=True,
                       check=True, capture_output=True)

    add_user("--email", FUNDER, "--role", "funder", "--funder", "North region PHN")
    tokens = {}
    for name in ORGANISATIONS:
        add_user("--email", lead(name), "--role", "lead", "--organisation", name)
        tokens[name] = subprocess.run(
            [binary, "admin", "add-token", "--db", database, "--email", lead(name)],
            check=True, capture_output=True, text=True).stdout.strip()
    common.drive(binary, database, out, "funder-failure.png",
                 lambda driver, base: run(driver, base, out, binary, tokens))


if __name__ == "__main__":
    main()
    print(f"{common.shots} screenshots; {len(common.problems)} problems", flush=True)
    sys.exit(1 if common.problems else 0)
