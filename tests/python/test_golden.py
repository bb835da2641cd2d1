"""Golden runs: each configuration in tests/golden/ still gives the fingerprint and headline
numbers its file pins (issue 14). A mismatch names the file, every differing field with the
expected and actual values, and how to update (scripts/update-golden; the commit says why).

One test per golden file, named after it (test_ouhai_small for ouhai-small.json).

Environment: ORGSIM_BINARY and ORGSIM_SOURCE_DIR (set by ctest).
"""

import unittest

import golden


class GoldenRunsTest(unittest.TestCase):
    def test_there_are_golden_files(self):
        self.assertTrue(golden.golden_files(), f"no *.json in {golden.GOLDEN_DIR}")


def _check(path):
    def test(self):
        pinned = golden.load(path)
        self.assertIn("fingerprint", pinned, f"{golden.relative(path)}: no fingerprint; "
                      "scripts/update-golden writes it")
        found = golden.compare(pinned, golden.run(pinned))
        if found:
            self.fail(golden.mismatch_message(path, pinned, found))
    return test


for _path in golden.golden_files():
    setattr(GoldenRunsTest, "test_" + _path.stem.replace("-", "_"), _check(_path))


if __name__ == "__main__":
    unittest.main()
