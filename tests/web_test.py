#!/usr/bin/env python3
"""The search page in headless Chromium (chromium-driver + python3-selenium): type a
query and see highlighted results, page forward, click a source facet and see the
results narrowed with the URL updated, click a histogram bar, '/' to focus, articles
with markup shown as text (no script, image or javascript: link made of them), the
alerts page. Skipped (exit 77) where Chromium, chromedriver or selenium is missing.

    web_test.py NABA ROOT [--screenshot FILE]   (FILE: e.g. docs/web.png)"""
import json, os, shutil, subprocess, sys, tempfile

# Debian's python3-selenium lives in /usr/bin/python3's path; another python3 first
# on PATH (pyenv) may not have it.
try:
    import selenium  # noqa: F401
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
            and not os.environ.get("NABA_WEB_TEST_REEXEC"):
        os.environ["NABA_WEB_TEST_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("SKIP: python3-selenium is not installed (apt-get install python3-selenium)")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from naba_testlib import INJECTIONS, Checks, Server, injection_articles, runner, skip  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    skip("chromium or chromedriver is not installed (apt-get install chromium chromium-driver)")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException,  # noqa: E402
                                        StaleElementReferenceException, TimeoutException)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

naba, root = sys.argv[1], sys.argv[2]
screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
run = runner(naba)
check = Checks()


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,1000", "--lang=ar"]:
        opts.add_argument(a)
    return webdriver.Chrome(service=webdriver.ChromeService(DRIVER) if hasattr(webdriver, "ChromeService")
                            else webdriver.chrome.service.Service(DRIVER), options=opts)


def wait(d, cond, what, timeout=20):
    def attempt(_):
        try:
            return cond()
        except (StaleElementReferenceException, NoSuchElementException):
            return False  # the page replaced the results while we read them: look again
    try:
        return WebDriverWait(d, timeout).until(attempt)
    except TimeoutException:
        check(False, f"timed out waiting for {what}")
        return None


def click(d, element):
    """Clicks @element once scrolled to the middle of the window (the sticky bar
    would take a click at the top)."""
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def results(d):
    return d.find_elements(By.CSS_SELECTOR, "#results .result")


def status(d):
    return d.find_element(By.ID, "status").text


def no_alert(d):
    try:
        d.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def search_page(d, url):
    d.get(url + "/")
    box = d.find_element(By.ID, "q")
    check(d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl", "the page is right-to-left")
    check(d.switch_to.active_element == box, "the search box has the focus on an empty page")
    box.send_keys("سوريا", Keys.ENTER)
    wait(d, lambda: len(results(d)) == 10, "ten results")
    marks = d.find_elements(By.CSS_SELECTOR, "#results mark")
    check(marks and all("سوري" in m.text for m in marks), f"matches marked: {[m.text for m in marks[:5]]}")
    check("q=" in d.current_url and "مقالة مطابقة" in status(d), f"the query in the URL: {d.current_url}")
    first_page = [r.find_element(By.TAG_NAME, "h3").text for r in results(d)]

    # Page forward.
    click(d, d.find_element(By.ID, "next"))
    wait(d, lambda: "page=2" in d.current_url and results(d) and
         results(d)[0].find_element(By.TAG_NAME, "h3").text not in first_page, "page 2")
    second_page = [r.find_element(By.TAG_NAME, "h3").text for r in results(d)]
    check(second_page and not set(second_page) & set(first_page), "page 2 shows other articles")
    d.back()
    wait(d, lambda: "page=2" not in d.current_url and results(d) and
         results(d)[0].find_element(By.TAG_NAME, "h3").text == first_page[0], "back to page 1")

    # A source facet narrows the results and goes into the URL.
    facets = d.find_elements(By.CSS_SELECTOR, "#sources button.facet")
    check(len(facets) >= 3, f"source facets: {len(facets)}")
    target = facets[1]
    source = target.get_attribute("data-source")
    count = int(target.find_element(By.CLASS_NAME, "count").text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    click(d, target)
    wait(d, lambda: "source=" in d.current_url and results(d) and
         all(r.find_element(By.CLASS_NAME, "source").text == source for r in results(d)), f"only {source}")
    shown = d.find_elements(By.CSS_SELECTOR, "#sources button.facet.active")
    check(len(shown) == 1 and shown[0].get_attribute("data-source") == source, "the chosen source is marked")
    check(len(results(d)) == min(count, 10), f"{min(count, 10)} results of {source}, got {len(results(d))}")

    # A bar of the histogram limits the dates.
    bars = d.find_elements(By.CSS_SELECTOR, "#histogram rect")
    check(bars, "the date histogram has bars")
    if bars:
        click(d, bars[0])
        wait(d, lambda: "since=" in d.current_url and "until=" in d.current_url, "the month's dates in the URL")
        wait(d, lambda: d.find_element(By.ID, "since").get_attribute("value") != "", "the date fields filled")

    # '/' focuses the search box.
    d.find_element(By.TAG_NAME, "body").click()
    d.find_element(By.TAG_NAME, "body").send_keys("/")
    check(d.switch_to.active_element == d.find_element(By.ID, "q"), "'/' focuses the search box")
    if screenshot:
        d.get(url + "/?q=" + "سوريا")
        wait(d, lambda: len(results(d)) == 10, "results for the screenshot")
        d.save_screenshot(screenshot)


def markup_shown_as_text(d, url):
    d.get(url + "/?q=مسرحية naba-xss-test")
    wait(d, lambda: len(results(d)) >= 3, "the articles with markup")
    check(no_alert(d), "no script ran")
    area = d.find_element(By.TAG_NAME, "main")
    check(not area.find_elements(By.TAG_NAME, "script") and not area.find_elements(By.TAG_NAME, "img") and
          not area.find_elements(By.TAG_NAME, "b"), "no element made of an article's markup")
    links = [a.get_attribute("href") or "" for a in d.find_elements(By.CSS_SELECTOR, "#results a")]
    check(all(not h.lower().startswith("javascript:") for h in links), f"no javascript: link: {links}")
    text = d.find_element(By.ID, "results").text
    check(all(i in text for i in INJECTIONS), "the markup is shown as text")
    titles = [h.text for h in d.find_elements(By.CSS_SELECTOR, "#results h3")]
    check(any(t.endswith(INJECTIONS[2]) for t in titles), f"a javascript: title is text: {titles}")
    sources = [b.get_attribute("data-source") for b in d.find_elements(By.CSS_SELECTOR, "#sources button.facet")]
    check({INJECTIONS[1], INJECTIONS[2], "<b>bold</b>"} <= set(sources), f"sources with markup as text: {sources}")
    check(d.execute_script("return document.querySelectorAll('[onerror]').length") == 0, "no onerror attribute")


def alerts_page(d, url):
    d.get(url + "/alerts")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#alerts tbody tr"), "the alerts table")
    d.find_element(By.ID, "alert-name").send_keys("daraa")
    d.find_element(By.ID, "alert-query").send_keys("درعا")
    d.find_element(By.ID, "alert-since").send_keys("01012018")
    d.find_element(By.CSS_SELECTOR, "#alert-form button").click()
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#alerts tr[data-alert='daraa']"), "the new alert listed")
    check("daraa" in d.find_element(By.ID, "alert-status").text, "saved, with what it matches now")
    d.find_element(By.CSS_SELECTOR, "#alerts tr[data-alert='daraa'] button.run").click()
    wait(d, lambda: "daraa:" in d.find_element(By.ID, "alert-status").text, "a dry run")
    d.find_element(By.CSS_SELECTOR, "#alerts tr[data-alert='daraa'] button.remove").click()
    d.switch_to.alert.accept()
    wait(d, lambda: not d.find_elements(By.CSS_SELECTOR, "#alerts tr[data-alert='daraa']"), "the alert removed")


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    hostile = os.path.join(tmp, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as f:
        for a in injection_articles():
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    r = run("index", "--db", db, os.path.join(root, "corpus"), hostile)
    check(r.returncode == 0, f"index: {r.stderr}")
    with Server(naba, db) as server:
        d = browser()
        try:
            search_page(d, server.url)
            markup_shown_as_text(d, server.url)
            alerts_page(d, server.url)
        finally:
            d.quit()
check.finish()
