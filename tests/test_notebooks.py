"Runs every notebook in nbs/ as a test, as `nbdev-test` does: cells flagged `slow` or `cuda` are skipped unless `EFFAI_TEST_FLAGS` names them."
import os
from pathlib import Path
import pytest
from nbdev.test import test_nb as run_notebook

NBS = Path(__file__).parent.parent/'nbs'
SKIP = {'slow', 'cuda'} - set(os.environ.get('EFFAI_TEST_FLAGS', '').split())

@pytest.mark.parametrize('nb', sorted(NBS.glob('*.ipynb')), ids=lambda p: p.stem)
def test_notebook(nb):
    ok, secs = run_notebook(nb, skip_flags=sorted(SKIP), basepath=NBS.parent)
    assert ok, f'{nb.name} failed: see the traceback above'
