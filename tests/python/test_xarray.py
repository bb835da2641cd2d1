"""A run file opened with xarray (Debian's python3-xarray, engine h5netcdf; issue 18): the
/quarterly group has the dimensions quarter and branch (and component), year and
quarter_of_year are coordinates along quarter, not dimensions, and each panel's unit is its
``units`` attribute. Its values are checked against the long table orgsim_results.quarterly
gives, its branches against the orders and branches tables.

Skipped only when xarray or h5netcdf is not installed (scripts/install-deps installs
them). Run with Debian's /usr/bin/python3:
    cd build && ctest -R python_xarray --output-on-failure
"""

import importlib.util
import unittest

import numpy as np

from orgsim_run import SmallRunFileTest

import orgsim_results as r

HAVE_XARRAY = all(importlib.util.find_spec(m) for m in ("xarray", "h5netcdf"))


@unittest.skipUnless(HAVE_XARRAY, "xarray or h5netcdf not installed (scripts/install-deps)")
class XarrayTest(SmallRunFileTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import xarray
        cls.ds = xarray.open_dataset(cls.run_file, engine="h5netcdf", group="quarterly")
        cls.long = r.quarterly(cls.run_file)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        super().tearDownClass()

    def test_dimensions_and_coordinates(self):
        ds = self.ds
        self.assertEqual(ds["score"].dims, ("quarter", "branch"))
        self.assertEqual(ds["components"].dims, ("quarter", "branch", "component"))
        self.assertEqual(set(ds.dims), {"quarter", "branch", "component"})
        self.assertEqual(list(ds["quarter"].values), [1, 2, 3, 4])
        self.assertEqual(ds["year"].dims, ("quarter",))
        self.assertIn("year", ds.coords)
        self.assertIn("quarter_of_year", ds.coords)
        self.assertEqual(list(ds["year"].values), [1, 1, 1, 1])
        self.assertEqual(list(ds["quarter_of_year"].values), [1, 2, 3, 4])
        self.assertEqual(list(ds["component"].values),
                         ["orders", "answered", "activities", "contacts", "duty",
                          "satisfaction"])

    def test_units_are_attributes(self):
        declared = {p["name"]: p.get("unit", "") for p in
                    r.DECLARED["run_file"]["quarterly"]["panels"]}
        self.assertEqual(declared["allowance_yuan"], "yuan")
        for name, unit in declared.items():
            self.assertEqual(self.ds[name].attrs.get("units", ""), unit, name)

    def test_values_match_the_long_table(self):
        long = self.long.set_index(["quarter", "branch"])
        for name in ("score", "allowance_yuan", "tier", "youth_contacts"):
            panel = self.ds[name].to_series()
            np.testing.assert_array_equal(panel.sort_index().to_numpy(),
                                          long[name].sort_index().to_numpy(), name)
        self.assertEqual(float(self.ds["score"].sel(quarter=2, branch=3)),
                         float(long.loc[(2, 3), "score"]))
        orders = self.ds["components"].sel(component="orders").to_series()
        np.testing.assert_array_equal(orders.sort_index().to_numpy(),
                                      long["orders"].sort_index().to_numpy())

    def test_branches_against_the_orders_table(self):
        # every order's branch is a branch of the panels, and every branch of the panels is
        # named in /agents/branches
        orders = r.orders(self.run_file)
        self.assertTrue(set(orders["branch"]) <= set(self.ds["branch"].values.tolist()))
        self.assertEqual(len(self.ds["branch"]), len(r.branches(self.run_file)))
        # an inspected quarter has a tier for every branch
        self.assertTrue((self.ds["tier"].sel(quarter=1) >= 0).all())


if __name__ == "__main__":
    unittest.main()
