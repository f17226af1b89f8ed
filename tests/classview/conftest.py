"""Teacher's view tests: make class_script.py importable from every test module here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
