"""A contract after the award: KPIs from the winning bid, supplier returns, their checks.

* :mod:`.model` -- the contract, its supplier, rating bands and KPIs (``contract.yaml``);
* :mod:`.periods` -- reporting periods (months, quarters, halves, years) and even profiles;
* :mod:`.load` -- ``contract.yaml`` loaded with line-numbered problems;
* :mod:`.scaffold` -- ``socialvalue contract init``: a contract folder from a tender's award;
* :mod:`.return_layout`, :mod:`.returns` and :mod:`.reading` -- the supplier's return
  workbook: its defined names, written, read; :mod:`.fingerprint` binds it to the contract;
* :mod:`.folder` -- every return in ``returns/``, one per period;
* :mod:`.verification` -- the officer's verification workbook, written and read;
* :mod:`.check` -- ``socialvalue contract check``: every file and its problems;
* :mod:`.schema` -- ``contract.schema.json`` from the model;
* :mod:`.ratings` -- the ratings engine (pure): verified delivery against the profile to date;
* :mod:`.record`, :mod:`.report_schema` -- delivery.json and its schema;
* :mod:`.report` -- ``socialvalue contract report``: delivery.json, :mod:`.report_xlsx`'s
  delivery.xlsx and :mod:`.report_pdf`'s delivery.pdf, replaced together;
* :mod:`.example` -- the example contract with four returns (the demo's, the tests').

See docs/delivery.md.
"""
