"Runs every notebook in nbs/ as a test, as `nbdev-test` does: cells flagged `slow` or `cuda` are skipped unless `EFFAI_TEST_FLAGS` names them."
import importlib.util, json, os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook

NBS = Path(__file__).parent.parent/'nbs'
# seconds before a cell fails as hung: `[tool.nbdev] cell_timeout` (nbdev-test's too), generous for a busy machine
CELL_TIMEOUT = get_config(NBS.parent).cell_timeout or None
SKIP = {'slow', 'cuda'} - set(os.environ.get('EFFAI_TEST_FLAGS', '').split())

@pytest.mark.parametrize('nb', sorted(NBS.glob('*.ipynb')), ids=lambda p: p.stem)
def test_notebook(nb):
    ok, secs = run_notebook(nb, skip_flags=sorted(SKIP), basepath=NBS.parent, cell_timeout=CELL_TIMEOUT)
    assert ok, f'{nb.name} failed: see the traceback above'

_spec = importlib.util.spec_from_file_location('docs_execute', NBS.parent/'docs'/'execute.py')
docs_execute = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(docs_execute)

@pytest.mark.parametrize('nb', sorted(NBS.glob('*.ipynb')), ids=lambda p: p.stem)
def test_no_progress_bar_walls(nb):
    "A committed output shows each fit as its table, not fastprogress's bar states (`python docs/execute.py` cleans them)"
    walls = [(i, n) for i, c in enumerate(json.loads(nb.read_text())['cells']) for o in c.get('outputs', [])
             if (n := len(docs_execute.BAR.findall(''.join(o.get('text', ''))))) > 1]
    assert not walls, (f'{nb.name}: cells {[i for i, _ in walls]} hold {[n for _, n in walls]} progress-bar states: '
                       're-run `python docs/execute.py` on it (it keeps one table per fit)')
