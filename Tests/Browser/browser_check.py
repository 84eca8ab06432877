"""Opens the dashboard in headless Chromium like a user: signs in through the login form,
then checks that the overview, a metric page, the funnel, sources, leads, customers and reviews render with their charts.
Screenshots go to the folder given; the check fails if a chart is missing or has no size.

usage: python3 browser_check.py URL TOKEN SCREENSHOT_DIR
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

url, token, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
options = webdriver.ChromeOptions()
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--disable-dev-shm-usage"]:
    options.add_argument(arg)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []


def check(name, path, selectors):
    driver.get(url + path)
    for selector, minimum in selectors:
        elements = driver.find_elements(By.CSS_SELECTOR, selector)
        drawn = [e for e in elements if e.size["width"] > 0 and e.size["height"] > 0]
        if len(drawn) < minimum:
            failures.append(f"{name}: {len(drawn)} visible '{selector}', expected at least {minimum}")
    driver.save_screenshot(os.path.join(out, name + ".png"))
    size = os.path.getsize(os.path.join(out, name + ".png"))
    if size < 20_000:
        failures.append(f"{name}: the screenshot is only {size} bytes (a blank page?)")
    print(f"{name}: {driver.title!r}, screenshot {size} bytes")


try:
    driver.get(url + "/")
    if "/login" not in driver.current_url:
        failures.append("an anonymous visit was not sent to the login page")
    driver.find_element(By.NAME, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, ".login button").click()
    # click() does not wait for the form's answer: on a slow machine the next get() could leave
    # before the session cookie arrived, and every page would be the login form again.
    try:
        WebDriverWait(driver, 120).until(lambda d: "/login" not in d.current_url)
    except Exception:
        body = driver.find_element(By.TAG_NAME, "body").text
        failures.append(f"signing in did not leave the login page within 120 s; it says: {body[:300]!r}")
    check("overview", "/", [(".card", 45), ("svg.spark polyline", 30)])
    check("metric", "/metric/total_revenue?by=segment", [("svg.chart .series", 1), ("svg.chart .bar", 3), ("table tbody tr", 10)])
    check("funnel", "/funnel", [("svg.fbar rect", 3), ("table tbody tr", 3)])
    check("sources", "/sources", [("svg.chart .bar", 2)])
    check("leads", "/leads", [("svg.chart.calibration rect.bar", 20), ("table tbody tr", 30), (".verdict", 1)])
    check("customers", "/customers", [("svg.chart .bar", 4), ("table tbody tr", 50), (".verdict", 1)])
    check("reviews", "/reviews?period=2025-Q3", [(".review section", 7), (".review svg.chart .bar", 3), ("a.download", 4)])
    driver.set_window_size(390, 844)
    check("overview-phone", "/", [(".card", 45)])
    width = driver.execute_script("return document.documentElement.scrollWidth")
    if width > 420:
        failures.append(f"overview-phone: the page is {width}px wide on a 390px screen")
finally:
    driver.quit()

if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print("The dashboard renders in Chromium.")
