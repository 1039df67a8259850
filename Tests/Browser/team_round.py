"""Working together on the team self-assessment in a real browser (headless Chromium).

A lead opens a round for two respondents (herself and a peer worker), each rates the 25
statements on their own (they disagree: 3 against 1), the lead settles the agreed ratings with
a comment, submits and accepts the assessment, and the peer worker marks an action done on the
tracked plan. Then: the audit trail of the run lists every change; the plan's CSV, downloaded
and imported again, reads back the same. Every page is checked as in self_assessment.py
(screenshots at 1280 and 390 pixels, console errors, sideways scrolling, axe-core).

    python Tests/Browser/team_round.py READINESS_BINARY OUTPUT_FOLDER
"""
import os
import subprocess
import sys
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import self_assessment as common  # noqa: E402 - the shared checks, after the path is set

ROOT = common.ROOT
RULES = os.path.join(ROOT, "rules/vic-aod-peer-team-self-assessment")
LEAD = "lead@riverside.org"
PEER = "sam@riverside.org"
fail = common.fail


def sign_in(driver, base, email):
    driver.delete_all_cookies()
    driver.get(base + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(common.PASSWORD)
    common.click_and_wait(
        driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    return driver.current_url


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def rate_everything(driver, level):
    """Chooses `level` for every statement of the round's form."""
    names = sorted({element.get_attribute("name") for element in
                    driver.find_elements(By.CSS_SELECTOR, "form input[type=radio]")})
    for name in names:
        choice = driver.find_element(
            By.CSS_SELECTOR, f"input[type=radio][name='{name}'][value='{level}']")
        driver.execute_script("arguments[0].click()", choice)
    return names


def download(driver, url):
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies})) as r:
        return r.read().decode("utf-8")


def run(driver, base, out, work):
    check = lambda name, status=None: common.check_page(driver, out, name, status)  # noqa: E731
    organisation = sign_in(driver, base, LEAD)
    if "/organisations/" not in organisation:
        fail(f"signing in led to {organisation}")
        return
    check("team-organisation")
    # The round: both invited, each with a role.
    Select(driver.find_element(By.XPATH, f"//label[text()='{LEAD}']/following-sibling::select")) \
        .select_by_value("leadership")
    Select(driver.find_element(By.XPATH, f"//label[text()='{PEER}']/following-sibling::select")) \
        .select_by_value("peer_worker")
    common.click_and_wait(driver, button(driver, "Open the round"))
    round_url = driver.current_url
    if "/rounds/" not in round_url:
        fail(f"opening the round led to {round_url}")
        return
    check("round-lead-answering")
    statements = rate_everything(driver, 3)
    if len(statements) != 25:
        fail(f"the round's form has {len(statements)} statements, not 25")
    common.click_and_wait(driver, button(driver, "Submit my ratings"))
    check("round-lead-submitted")

    # The peer worker, on their own: sees no one's ratings before giving theirs.
    sign_in(driver, base, PEER)
    driver.get(round_url)
    if "leadership): 3" in driver.page_source:
        fail("the peer worker saw the lead's ratings before giving theirs")
    rate_everything(driver, 1)
    common.click_and_wait(driver, button(driver, "Submit my ratings"))
    if "lead@riverside.org (leadership): 3 Exemplary" not in driver.page_source:
        fail("after submitting, the peer worker does not see the ratings side by side")
    check("round-peer-side-by-side")

    # The lead settles: every statement flagged; one agreed at 3 with a comment.
    sign_in(driver, base, LEAD)
    driver.get(round_url)
    flagged = driver.find_elements(By.CSS_SELECTOR, ".statement.disagrees")
    if len(flagged) != 25:
        fail(f"{len(flagged)} statements are flagged as far apart, not 25")
    check("round-settle")
    first = statements[0]
    Select(driver.find_element(By.NAME, f"agreed.{first}")).select_by_value("3")
    driver.find_element(By.NAME, f"comment.{first}").send_keys(
        "Leadership's view: it is written into every position description")
    common.click_and_wait(driver, button(driver, "Settle into the draft"))
    if "done=settled" not in driver.current_url:
        fail(f"settling led to {driver.current_url}")
    check("team-organisation-settled")

    # The header, then submission and sign-off.
    driver.get(organisation + "/sections/assessment")
    driver.execute_script(
        "arguments[0].value = '2026-11-30'", driver.find_element(By.NAME, "assessment.as_of"))
    common.click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=save]"))
    driver.get(organisation)
    common.click_and_wait(driver, button(driver, "Submit the assessment"))
    report = driver.current_url.split("?")[0]
    if "/assessments/" not in report:
        fail(f"submitting led to {report}: "
             + driver.find_element(By.TAG_NAME, "main").text[:400])
        return
    check("team-report-awaiting")
    common.click_and_wait(driver, button(driver, "Accept: it is final"))
    if "Sign-off: Accepted" not in driver.page_source:
        fail("the report does not say the assessment was accepted")
    check("team-report-accepted")

    # The peer worker marks the plan's first action done.
    sign_in(driver, base, PEER)
    driver.get(report + "/plan")
    check("plan")
    first_action = driver.find_element(By.CSS_SELECTOR, "select[name=status]")
    Select(first_action).select_by_value("done")
    form = first_action.find_element(By.XPATH, "./ancestor::form")
    common.click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    if Select(driver.find_element(By.CSS_SELECTOR, "select[name=status]")) \
            .first_selected_option.get_attribute("value") != "done":
        fail("the first action is not marked done after saving")

    # The plan's CSV, downloaded and imported again, reads back the same.
    exported = download(driver, report + "/plan/tracked.csv")
    path = os.path.abspath(os.path.join(work, "tracked-plan.csv"))
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(exported)
    driver.find_element(By.XPATH, "//summary[text()='Import the plan from its CSV']").click()
    driver.find_element(By.ID, "plan-file").send_keys(path)
    common.click_and_wait(driver, button(driver, "Import"))
    if "Imported: nothing had changed." not in driver.page_source:
        fail("importing the exported plan changed something: "
             + driver.find_element(By.TAG_NAME, "main").text[:300])
    if download(driver, report + "/plan/tracked.csv") != exported:
        fail("the plan's CSV does not read back the same after an import")
    if ",done," not in exported:
        fail("the exported plan does not hold the action marked done")
    check("plan-imported")

    # The trail of the run: every change, who and when.
    driver.get(report + "/audit")
    check("audit")
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")]
    def count(words):
        return sum(1 for row in rows if words in row)
    expected = {
        "Opened a round": 1, "Changed their own rating": 50, "Submitted their ratings": 2,
        "Settled the agreed ratings": 1, "Commented": 1, "Submitted the assessment": 1,
        "Accepted the assessment": 1,
    }
    for words, at_least in expected.items():
        if count(words) < at_least:
            fail(f"the trail has {count(words)} lines of “{words}”, expected {at_least}")
    if count("Changed an answer") < 25:
        fail(f"the trail has {count('Changed an answer')} changed answers, expected 25 or more")
    if not any("plan:" in row and "planned" in row and "done" in row for row in rows):
        fail("the trail does not show the action going from planned to done")
    print(f"trail: {len(rows)} lines; plan CSV {len(exported.splitlines())} lines", flush=True)


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="readiness-team-")
    database = os.path.join(work, "readiness.sqlite")
    for email, role in ((LEAD, "lead"), (PEER, "member")):
        subprocess.run(
            [binary, "admin", "add-user", "--db", database, "--email", email, "--role", role,
             "--organisation", "Riverside Community Health", "--password-stdin"],
            input=common.PASSWORD + "\n", text=True, check=True, capture_output=True)
    common.drive(binary, database, out, "team-failure.png",
                 lambda driver, base: run(driver, base, out, work), "--rules", RULES)


if __name__ == "__main__":
    main()
    print(f"{common.shots} screenshots; {len(common.problems)} problems", flush=True)
    sys.exit(1 if common.problems else 0)
