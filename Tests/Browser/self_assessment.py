"""The web self-assessment in a real browser (headless Chromium through Selenium).

Signs in as a member of Harbour AOD Services, fills the Harbour example section by section
(adding its peer workers with the form's own button), submits, and checks that the report's
score is what `readiness assess` gives on the submitted profile downloaded as YAML. On every
page it visits, at 1280 and at 390 pixels wide, it saves a screenshot and fails on a console
error, on sideways scrolling, or on a serious or critical accessibility violation found by
axe-core.

    python Tests/Browser/self_assessment.py READINESS_BINARY OUTPUT_FOLDER

Run by `.ci/run` in a virtual environment with selenium, axe-selenium-python and PyYAML.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

import yaml
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "correct horse battery staple"
problems = []
shots = 0


def fail(message):
    problems.append(message)
    print("FAIL:", message, flush=True)


def check_page(driver, out, name, status=None):
    """Screenshots at two widths; console errors, sideways scroll, axe violations. A page
    expected to answer with an error status (a refused form) may log that status, and only
    that."""
    global shots
    for width in (1280, 390):
        driver.set_window_size(width, 900)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            fail(f"{name} at {width}px scrolls sideways by {overflow}px")
        shots += 1
        driver.save_screenshot(os.path.join(out, f"{shots:02d}-{name}-{width}.png"))
    driver.set_window_size(1280, 900)
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        page = driver.current_url.split("?")[0]
        if status is not None and message.startswith(page + " ") \
                and f"the server responded with a status of {status} " in message:
            continue
        if entry.get("level") == "SEVERE":
            fail(f"{name}: console error: {message}")
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    for violation in results["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            fail(f"{name}: accessibility: {violation['id']} ({violation['impact']}): "
                 f"{violation['help']} at {targets}")


def click_and_wait(driver, element):
    """Clicks a button that posts a form, and waits for the next page: until the page's root
    element is gone. Chromium's driver reports a node of the page being replaced either as
    stale or, in a race with the navigation, as an inspector error that the node no longer
    belongs to the document (seen in CI); both mean the old page is gone."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    root = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def left(_):
        try:
            root.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) \
                    or "No node with given id" in str(error):
                return True
            raise

    WebDriverWait(driver, 90).until(left)


def leaves(path, value):
    """(input name, value) pairs for a section's answers, as the form names its inputs."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(f"{path}.{key}", inner)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, item in enumerate(value):
            yield from leaves(f"{path}[{index}]", item)
    else:
        yield path, value


def set_answer(driver, name, value):
    elements = driver.find_elements(By.NAME, name)
    if not elements:
        fail(f"no input named {name}")
        return
    first = elements[0]
    kind = (first.get_attribute("type") or first.tag_name).lower()
    if kind == "radio":
        wanted = "~" if value is None else ("true" if value else "false")
        for element in elements:
            if element.get_attribute("value") == wanted:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
                element.click()
                return
        fail(f"{name}: no choice {wanted}")
    elif first.tag_name == "select":
        Select(first).select_by_value("~" if value is None else str(value))
    elif kind == "checkbox":
        for element in elements:
            if element.get_attribute("value") in [str(v) for v in (value or [])]:
                if not element.is_selected():
                    driver.execute_script("arguments[0].click()", element)
    elif first.tag_name == "textarea":
        first.clear()
        first.send_keys("\n".join(str(v) for v in value or []))
    elif value is None:
        box = driver.find_element(By.NAME, name + "~")
        if not box.is_selected():
            driver.execute_script("arguments[0].click()", box)
    else:
        text = str(value)
        driver.execute_script("arguments[0].value = arguments[1]", first, text)


def start_server(binary, database, *arguments):
    """`readiness serve` on a free port: the process, and its address (None when it did not
    say it was listening)."""
    server = subprocess.Popen(
        [binary, "serve", "--db", database, "--port", "0", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline().strip()
    if not line.startswith("listening on http://"):
        fail(f"the server said {line!r}")
        return server, None
    return server, line[len("listening on "):]


def new_driver():
    """Headless Chromium with its console log kept: Debian's Chromium and its driver, nothing
    downloaded; generous timeouts, as CI's machine may be busy and a debug build serves."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(120)
    return driver


def drive(binary, database, out, failure_name, body, *server_arguments):
    """Serves `database`, opens a browser and calls `body(driver, base)`; any failure is
    reported with where it was (the driver's own first line: its native stack trace after it
    says nothing) and a screenshot, then raised. The browser and the server are stopped."""
    server, base = start_server(binary, database, *server_arguments)
    try:
        if base is None:
            return
        driver = new_driver()
        try:
            body(driver, base)
        except Exception as error:  # noqa: BLE001 - any failure is reported, with where it was
            message = (str(error).strip().splitlines() or [""])[0]
            fail(f"{type(error).__name__} at {driver.current_url}: {message}")
            driver.save_screenshot(os.path.join(out, failure_name))
            raise
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="readiness-browser-")
    database = os.path.join(work, "readiness.sqlite")
    subprocess.run(
        [binary, "admin", "add-user", "--db", database, "--email", "manager@harbour.org",
         "--role", "member", "--organisation", "Harbour AOD Services", "--password-stdin"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    with open(os.path.join(ROOT, "assessments/03-harbour-developing.yaml")) as file:
        harbour = yaml.safe_load(file)
    drive(binary, database, out, "failure.png",
          lambda driver, base: run(driver, base, harbour, binary, out, work))


def run(driver, base, harbour, binary, out, work):
    driver.get(base + "/sign-in")
    check_page(driver, out, "sign-in")
    driver.find_element(By.ID, "email").send_keys("manager@harbour.org")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    organisation_url = driver.current_url
    if "/organisations/" not in organisation_url:
        fail(f"signing in led to {organisation_url}")
        return
    check_page(driver, out, "organisation")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a.who"))
    if not driver.current_url.endswith("/account"):
        fail(f"the account link led to {driver.current_url}")
    check_page(driver, out, "account")
    driver.get(organisation_url)
    sections = [element.get_attribute("href")
                for element in driver.find_elements(By.CSS_SELECTOR, "ol.sections a")]
    for url in sections:
        name = url.rsplit("/", 1)[1]
        answers = harbour.get(name)
        driver.get(url)
        check_page(driver, out, f"section-{name}")
        if name == "assessment":
            answers = {key: value for key, value in harbour["assessment"].items()
                       if key != "organisation"}
        if answers is None:
            continue
        # A list of records grows by its own button, one item a click (each a save).
        if isinstance(answers, list) and answers and isinstance(answers[0], dict):
            for _ in answers:
                click_and_wait(
                    driver, driver.find_element(By.CSS_SELECTOR, f"button[value='add:{name}']"))
            check_page(driver, out, f"section-{name}-items")
        for path, value in leaves(name, answers):
            set_answer(driver, path, value)
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=save]"))
        if "done=saved" not in driver.current_url:
            fail(f"saving {name} led to {driver.current_url}")
        errors = driver.find_elements(By.CSS_SELECTOR, ".error-summary li")
        if errors:
            fail(f"{name}: " + "; ".join(error.text for error in errors))
    driver.get(organisation_url)
    check_page(driver, out, "organisation-complete")
    click_and_wait(
        driver, driver.find_element(By.XPATH, "//button[text()='Submit the assessment']"))
    if "/assessments/" not in driver.current_url:
        fail(f"submitting led to {driver.current_url}: "
             + driver.find_element(By.TAG_NAME, "main").text[:500])
        return
    check_page(driver, out, "report")
    shown = driver.find_element(By.CSS_SELECTOR, ".readiness-report .number").text
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(driver.current_url + "/profile.yaml",
                                     headers={"Cookie": cookies})
    downloaded = os.path.join(work, "downloaded.yaml")
    with urllib.request.urlopen(request) as answer, open(downloaded, "wb") as file:
        file.write(answer.read())
    assessed = subprocess.run([binary, "assess", "--format", "json", downloaded],
                              capture_output=True, text=True)
    score = json.loads(assessed.stdout)["summary"]["score"]
    if f"{score:.1f}" != shown:
        fail(f"the page shows {shown}, readiness assess on the download gives {score:.1f}")
    original = subprocess.run(
        [binary, "assess", "--format", "json",
         os.path.join(ROOT, "assessments/03-harbour-developing.yaml")],
        capture_output=True, text=True)
    if json.loads(original.stdout)["summary"]["score"] != score:
        fail("the profile filled in through the form scores differently from the example")
    print(f"report score {shown}; readiness assess on the download {score:.1f}", flush=True)
    import_file(driver, out, organisation_url, downloaded)


def import_file(driver, out, organisation_url, downloaded):
    """Imports the downloaded profile into a new draft by choosing the file, as a manager
    starting next year's assessment from this one would; a file that is not a profile is
    refused with a message beside the form."""
    def choose(path):
        driver.get(organisation_url)
        driver.find_element(By.XPATH, "//summary[text()='Import a profile written in YAML']").click()
        driver.find_element(By.ID, "file").send_keys(path)
        click_and_wait(driver, driver.find_element(By.XPATH, "//button[text()='Import']"))

    # The driver takes only absolute paths for a file input (CI passes a relative folder).
    not_a_profile = os.path.abspath(os.path.join(out, "not-a-profile.png"))
    with open(not_a_profile, "wb") as file:
        file.write(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00]))
    choose(not_a_profile)
    summary = driver.find_elements(By.CSS_SELECTOR, ".error-summary li")
    if not summary or "not-a-profile.png is not text" not in summary[0].text:
        fail("a file that is not text was not refused with its name: "
             + (summary[0].text if summary else "no message"))
    check_page(driver, out, "import-refused", status=422)
    choose(downloaded)
    if "done=imported" not in driver.current_url:
        fail(f"importing the downloaded profile led to {driver.current_url}")
    statuses = [element.text for element in
                driver.find_elements(By.CSS_SELECTOR, "ol.sections .status")]
    if not statuses or any(status != "(answered)" for status in statuses):
        fail(f"after the import the sections read {statuses}")
    check_page(driver, out, "imported")


if __name__ == "__main__":
    main()
    print(f"{shots} screenshots; {len(problems)} problems", flush=True)
    sys.exit(1 if problems else 0)
