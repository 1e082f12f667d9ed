"""The data layer: every figure a page shows comes from here, protected by its table's declared
privacy class (catalog.py) with the cell-key method (cellkey.py); one public function per page
(figures.py); the Streamlit door for pages (served.py). See docs/privacy.md."""
