"""A contract after the award: KPIs from the winning bid, supplier returns, their checks.

* :mod:`.model` -- the contract, its supplier, rating bands and KPIs (``contract.yaml``);
* :mod:`.periods` -- reporting periods (calendar quarters) and even delivery profiles;
* :mod:`.load` -- ``contract.yaml`` loaded with line-numbered problems;
* :mod:`.scaffold` -- ``socialvalue contract init``: a contract folder from a tender's award;
* :mod:`.returns` and :mod:`.reading` -- the supplier's return workbook, written and read;
* :mod:`.check` -- ``socialvalue contract check``: every return and its problems.

See docs/delivery.md.
"""
