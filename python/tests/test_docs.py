"""The example of docs/python.md runs, in a temporary folder beside a copy of corpus/."""
import os
import re
import subprocess
import sys

from conftest import CORPUS, SOURCE_DIR


def test_example(tmp_path):
    page = (SOURCE_DIR / "docs" / "python.md").read_text("utf-8")
    code = re.search(r"<!-- python-example:begin -->\n```python\n(.*?)```", page, re.S).group(1)
    os.symlink(CORPUS, tmp_path / "corpus")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("401 articles, 0 problems\n"), out
    assert re.search(r"^\d+ articles match الرقة$", out, re.M), out
    assert re.search(r"^1\. .* \| score \d+\.\d\d$", out, re.M), out
    assert "«الرقة»" in out, out
