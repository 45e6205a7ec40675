"""Builds the docs site (`python docs/build.py`), serves `_site/` on localhost, opens every page in headless Chromium.

Each page must show its title, log no console error, have no broken internal link or image, show at least one
rendered image where its notebook has image outputs, and show no more progress-bar lines in an output than that
output holds fits (a bar line as `docs/execute.py` defines it, `BAR`, or a `<progress>` element). The home page must
link every page from its article, and show an image and a training table that reaches at least 97 % accuracy.
Screenshots of the home, learner, benchmarks and lab pages (what one sees on opening the page, `NAME.png`, and the
whole page, `NAME_full.png`) go to the folder `EFFAI_SCREENSHOTS` names, by default `_screenshots/` at the
repository's root, for a person to review. Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y chromium chromium-driver`):
without them the test is skipped, unless `EFFAI_REQUIRE_BROWSER=1`, which makes it fail.

The test waits for what it checks, never for a fixed time: for each page, until the document has loaded and its
heading has its text, and until every image has finished loading (or failed); before a screenshot, until the header's
transitions have ended. Each wait polls an explicit condition up to a generous ceiling (`WAIT`, 120 s), so a busy
machine makes the test slower, not red: `bash .ci/under-load 3 pytest tests/test_site.py` tries it beside 3 busy
processes.
"""
import base64, functools, http.server, importlib.util, json, os, re, subprocess, sys, threading, time
from pathlib import Path
from urllib.parse import urldefrag
from urllib.request import urlopen
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE, CHROMIUM, DRIVER = ROOT/'_site', Path('/usr/bin/chromium'), Path('/usr/bin/chromedriver')
WAIT = 120  # seconds: the most any one wait below may take (a ceiling for a busy machine, not a pause)
_spec = importlib.util.spec_from_file_location('docs_build', ROOT/'docs'/'build.py')  # not PyPA's `build`
docs_build = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(docs_build)
_spec = importlib.util.spec_from_file_location('docs_execute', ROOT/'docs'/'execute.py')
docs_execute = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(docs_execute)
SHOTS = Path(os.environ.get('EFFAI_SCREENSHOTS') or ROOT/'_screenshots')
SHOT_PAGES = ('index.html', 'learner.html', 'benchmarks.html', 'lab.html')

def need_browser():
    "Skip (or fail, with `EFFAI_REQUIRE_BROWSER=1`) when Chromium, its driver or selenium is missing"
    missing = [str(p) for p in (CHROMIUM, DRIVER) if not p.exists()]
    try: import selenium
    except ImportError: missing.append('selenium (pip install -e ".[dev]")')
    if not missing: return
    msg = f"the site's browser test needs {', '.join(missing)}: apt-get install -y chromium chromium-driver"
    if os.environ.get('EFFAI_REQUIRE_BROWSER') == '1': pytest.fail(msg)
    pytest.skip(msg)

def shows_image(cell):
    "Does this processed code cell show an image output?"
    return (any(k.startswith('image/') for o in cell.get('outputs', []) for k in o.get('data', {}))
            and docs_build.directives(''.join(cell['source']))[0].get('output') != 'false')

def pages_with_images():
    "Pages whose processed notebook (`_proc/`) shows an image output"
    nbs = {nb: json.loads(nb.read_text())['cells'] for nb in (ROOT/'_proc').glob('*.ipynb')}
    return {docs_build.page_name(nb, docs_build.front_matter(cells)) + '.html' for nb, cells in nbs.items()
            if any(shows_image(c) for c in cells if c['cell_type'] == 'code')}

def bar_walls(outputs):
    "The outputs (`(text, progress elements)`) showing more progress-bar lines than they hold fits, as messages"
    walls = []
    for text, n_progress in outputs:
        bars = sum(bool(docs_execute.BAR.search(l)) for l in text.splitlines()) + n_progress
        fits = max(1, len(re.findall(r'^\s*epoch\b.*\btime\s*$', text, flags=re.M)))  # each fit's table header
        if bars > fits: walls.append(f'{bars} progress-bar lines for {fits} fit(s): {text.strip()[:80]!r}')
    return walls

def table_accuracies(text):
    "The last accuracy in each training table of a rendered output's `text` (fastai's `epoch ... accuracy ... time`)"
    accs, col = [], None
    for line in text.splitlines():
        cells = line.split()
        if cells[:1] == ['epoch'] and 'accuracy' in cells: col, accs = cells.index('accuracy'), accs + [None]
        elif col is not None and len(cells) > col and cells[0].isdigit():
            try: accs[-1] = float(cells[col].rstrip('%')) / (100 if cells[col].endswith('%') else 1)
            except ValueError: pass
        elif cells: col = None
    return [a for a in accs if a is not None]

def test_page_checks():
    "The page checks fail where they should: a wall of bar states, one bar per fit, a table below 97 %"
    wall = 'epoch     train_loss  valid_loss  accuracy  time\n' + ''.join(
        f"|{'█'*i}{'-'*(20-i)}| {5*i:.2f}% [{i}/20 00:01<00:02]\n" for i in range(1, 21))
    assert len(bar_walls([(wall, 0)])) == 1 and bar_walls([(wall.splitlines()[1], 0)]) == []
    assert len(bar_walls([('epoch train_loss valid_loss accuracy time\n0 1 1 0.9 00:01', 2)])) == 1
    table = 'epoch     train_loss  valid_loss  accuracy  time\n0  0.7  5.6  0.645161  00:05\n1  0.5  0.2  0.994624  00:05'
    assert table_accuracies(table) == [0.994624] and table_accuracies(table.replace('0.994624', '0.96')) == [0.96]
    assert table_accuracies('nothing here') == []

# The page's title: its first heading's text (`textContent`), without the `¶` of its permalink; `null` until the
# document has loaded and the heading has text
TITLE = """const h = document.readyState === 'complete' && document.querySelector('article h1');
if (!h) return null;
const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());
return c.textContent.trim() || null;"""
IMAGES_DONE = "return document.readyState === 'complete' && [...document.images].every(i => i.complete)"
# Two animation frames: by then the browser has dispatched the scroll event and started the transitions it causes
TWO_FRAMES = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done))"
# Each output's text as rendered, with its count of `<progress>` elements (fastprogress's notebook bars)
OUTPUTS = """return [...document.querySelectorAll('article .output')].map(
    o => [o.innerText, o.querySelectorAll('progress').length])"""
# Every local page the article links to (not the navigation's links)
ARTICLE_LINKS = "return [...document.querySelectorAll('article a[href]')].map(a => a.href)"
ARTICLE_IMAGES = "return [...document.querySelectorAll('article img')].map(i => i.complete && i.naturalWidth)"
# The article's tables as text, for `table_accuracies`: HTML ones a row a line (each cell's blanks as `_`, an empty
# cell `-`), and the outputs' text blocks as they are
TABLES = """return [...document.querySelectorAll('article table')].map(t => [...t.rows].map(
    r => [...r.cells].map(c => c.innerText.trim().replace(/\\s+/g, '_') || '-').join(' ')).join('\\n'))
    .concat([...document.querySelectorAll('article .output pre')].map(p => p.innerText))"""
HEADER_IDLE = """const h = document.querySelector('.md-header');
return !h || h.getAnimations({subtree: true}).every(a => a.playState !== 'running')"""

def wait_for(browser, script):
    "Poll `script` in the page until it returns something truthy (returned), or `None` after `WAIT` s"
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait
    try: return WebDriverWait(browser, WAIT, poll_frequency=0.1).until(lambda b: b.execute_script(script))
    except TimeoutException: return None

@pytest.fixture(scope='module')
def server():
    "`_site/` served on a free localhost port (mkdocs-material's search worker fails under file://)"
    quiet = type('Quiet', (http.server.SimpleHTTPRequestHandler,), {'log_message': lambda *a: None})
    server = type('QuietServer', (http.server.ThreadingHTTPServer,), {'handle_error': lambda *a: None})  # aborted requests
    httpd = server(('127.0.0.1', 0), functools.partial(quiet, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/'
    httpd.shutdown()

@pytest.fixture(scope='module')
def browser(tmp_path_factory):
    "Headless Debian Chromium through /usr/bin/chromedriver: nothing is downloaded"
    need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for a in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
              '--disable-background-networking', '--disable-component-update', '--window-size=1280,900',
              f'--user-data-dir={tmp_path_factory.mktemp("chromium")}'): opts.add_argument(a)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=str(DRIVER)))
    driver.set_page_load_timeout(WAIT); driver.set_script_timeout(WAIT)
    yield driver
    driver.quit()

def screenshots(browser, page):
    "Save what one sees on opening `page` (`NAME.png`) and the whole page (`NAME_full.png`) into `SHOTS`"
    name = page.replace('.html', '')
    if page == 'learner.html': browser.execute_script("document.querySelector('article h3')?.scrollIntoView()")  # an API entry
    browser.execute_async_script(TWO_FRAMES)  # any scroll seen: the header's title starts its transition
    if not wait_for(browser, HEADER_IDLE): return [f"{page}: header still animating after {WAIT} s"]
    browser.save_screenshot(str(SHOTS/f'{name}.png'))
    size = browser.execute_cdp_cmd('Page.getLayoutMetrics', {})['cssContentSize']
    shot = browser.execute_cdp_cmd('Page.captureScreenshot', {'captureBeyondViewport': True, 'clip': dict(
        x=0, y=0, width=size['width'], height=min(size['height'], 16000), scale=1)})
    (SHOTS/f'{name}_full.png').write_bytes(base64.b64decode(shot['data']))
    return []

def check_home(browser, server, pages):
    "The home page links every page from its article, and shows an image and a table that reaches 97 %"
    linked = {urldefrag(u).url.removeprefix(server) for u in browser.execute_script(ARTICLE_LINKS)}
    problems = [f'index.html: no link to {p} in the article (add it to the reading order)'
                for p in pages if p != 'index.html' and p not in linked]
    if not any(browser.execute_script(ARTICLE_IMAGES)): problems.append('index.html: shows no image (a plot)')
    accs = [a for t in browser.execute_script(TABLES) for a in table_accuracies(t)]
    if not any(a >= 0.97 for a in accs):
        problems.append(f'index.html: no training table reaches 97 % accuracy (its tables end at {accs})')
    return problems

def test_site(server, browser):
    start = time.perf_counter()
    res = subprocess.run([sys.executable, 'docs/build.py'], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, f'python docs/build.py failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}'
    pages, plots = sorted(p.name for p in SITE.glob('*.html') if p.name != '404.html'), pages_with_images()
    assert 'index.html' in pages and len(pages) > 1, pages
    problems, checked = [], {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in pages:
        browser.get(server + page)
        title = wait_for(browser, TITLE)
        if not title: problems.append(f'{page}: no heading with text in its article after {WAIT} s')
        elif page != 'index.html' and title not in browser.title:
            problems.append(f'{page}: heading {title!r} is not in the window title {browser.title!r}')
        if not wait_for(browser, IMAGES_DONE): problems.append(f'{page}: images still loading after {WAIT} s')
        problems += [f"{page}: console: {e['message']}" for e in browser.get_log('browser') if e['level'] == 'SEVERE']
        urls = browser.execute_script("return [...document.querySelectorAll('[href],[src]')].map(e => e.href || e.src)")
        for url in {urldefrag(u).url for u in urls if u.startswith(server)}:
            if url not in checked:
                try: checked[url] = urlopen(url, timeout=WAIT).status
                except OSError as e: checked[url] = e   # URLError, or no answer within `WAIT`
            if checked[url] != 200: problems.append(f'{page}: broken link {url}: {checked[url]}')
        imgs = browser.execute_script("return [...document.images].map(i => [i.src, i.complete && i.naturalWidth])")
        problems += [f'{page}: image does not render: {src}' for src, w in imgs if not w]
        if page in plots and not any(w for _, w in imgs): problems.append(f'{page}: its notebook has plots, none shows')
        problems += [f'{page}: {w}' for w in bar_walls(browser.execute_script(OUTPUTS))]
        if page == 'index.html': problems += check_home(browser, server, pages)
        if page in SHOT_PAGES: problems += screenshots(browser, page)
    problems += [f'{p}: no such page to screenshot' for p in SHOT_PAGES if p not in pages]
    problems += [f"{pages[-1]}: console: {e['message']}" for e in browser.get_log('browser') if e['level'] == 'SEVERE']
    print(f'{len(pages)} pages, {len(checked)} internal URLs checked in {time.perf_counter() - start:.0f} s')
    assert not problems, '\n'.join(problems)
