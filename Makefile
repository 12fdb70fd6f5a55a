.PHONY: setup run test test-llm
setup:
	bash scripts/setup.sh
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
test-llm:
	bash scripts/setup.sh
	bash scripts/get_test_llm.sh
	.venv/bin/python -m pytest -m llm -s
