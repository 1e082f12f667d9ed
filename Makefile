# TalentLoop: `make demo` builds the sample enterprise and serves the dashboards; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(PY) -m uv
HOME_DIR ?= .talentloop
EMPLOYEES ?= 2000
PORT ?= 8501

.PHONY: install catalogs demo test test-fast lint format browser engines spark-cluster-demo clean docs

install: $(VENV)/.installed catalogs

# The dashboards' gettext catalogs (.po, committed) compiled to the .mo files the app reads.
catalogs: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d dashboards/locale -D messages

# uv comes from the package registry into the venv; it then installs the pinned stack in seconds.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(UV) pip install -q -p $(PY) -r requirements.txt
	$(UV) pip install -q -p $(PY) --no-deps -e .
	touch $@

# Debian's Chromium drives the browser tests and prints the report's PDF fallback; a CJK font
# renders Chinese in screenshots and PDFs. Test tools that download their own browser fail here.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

# The engine tests build the dbt project on PostgreSQL (a server the test starts with initdb on a
# free loopback port) and on Spark (pyspark, from requirements.txt, needs a Java 17 runtime).
ENGINE_PACKAGES := postgresql openjdk-17-jre-headless
engines:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(ENGINE_PACKAGES) >/dev/null; \
	fi

# A Spark standalone master and two workers (separate JVMs on loopback) run the dbt build of a
# small generated bank; every mart is compared with the DuckDB build's, each worker's finished
# tasks are printed, the cluster is stopped, and the serving copy is published from Spark's
# marts. docs/scale-out.md says what this proves and what it does not.
SPARK_DEMO_HOME ?= .talentloop-spark
SPARK_DEMO_EMPLOYEES ?= 1000
spark-cluster-demo: install engines
	$(VENV)/bin/talentloop generate --employees $(SPARK_DEMO_EMPLOYEES) --seed 7 --out $(SPARK_DEMO_HOME)/landing
	$(VENV)/bin/talentloop build --landing $(SPARK_DEMO_HOME)/landing --home $(SPARK_DEMO_HOME)
	$(PY) -m orchestration.engines.spark_cluster --warehouse $(SPARK_DEMO_HOME)/warehouse.duckdb --work $(SPARK_DEMO_HOME)/spark
	$(VENV)/bin/talentloop publish --from-engine spark --marts $(SPARK_DEMO_HOME)/spark/marts --home $(SPARK_DEMO_HOME)

# The app answers first and shows the sample's build progress until it is published
# (docs/benchmarks.md, "Newcomer path"); stopping `make demo` stops both.
demo: install
	@mkdir -p $(HOME_DIR)
	@# The demo users exist only in the demo home, each with a random password printed once.
	$(VENV)/bin/talentloop users demo --home $(HOME_DIR)
	@echo "TalentLoop dashboards: http://localhost:$(PORT) (the sample is being built; the pages show its progress)"
	@trap 'kill $$serve 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/talentloop serve --home $(HOME_DIR) --port $(PORT) > $(HOME_DIR)/serve.log 2>&1 & serve=$$!; \
	$(VENV)/bin/talentloop generate --employees $(EMPLOYEES) --seed 7 --out $(HOME_DIR)/landing && \
	$(VENV)/bin/talentloop key init --home $(HOME_DIR) && \
	$(VENV)/bin/talentloop build --landing $(HOME_DIR)/landing --home $(HOME_DIR); \
	echo "TalentLoop dashboards: http://localhost:$(PORT) (Ctrl-C stops them)"; \
	wait $$serve

test: install browser engines
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q

# Everything but the slow enterprise builds and the browser: for the edit-test loop.
test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser"

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(HOME_DIR) $(SPARK_DEMO_HOME) dbt_project/target dbt_project/logs test-artifacts
