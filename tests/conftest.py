import os
import tempfile

# Every test run gets its own data folder, so nothing touches the user's real one.
os.environ.setdefault("HUIFANG_HOME", tempfile.mkdtemp(prefix="huifang-test-"))
