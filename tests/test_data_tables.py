"""Data tables load through one loader that fails loudly, and every error derives from EventwireError."""
import pytest

from eventwire import errors, lexicons


def test_missing_table_is_a_data_error_naming_it():
    with pytest.raises(errors.DataError, match="no_such_table.tsv"):
        lexicons.table("no_such_table")
    with pytest.raises(errors.DataError, match="no_such_list.txt"):
        lexicons.words("no_such_list")


def test_missing_column_is_a_data_error_naming_it():
    with pytest.raises(errors.DataError, match="no column nonexistent"):
        lexicons.table("demonyms", columns=("demonym", "nonexistent"))


def test_every_shipped_table_loads():
    from importlib import resources
    data = resources.files("eventwire") / "data"
    for item in data.iterdir():
        if item.name.endswith(".tsv"):
            assert lexicons.table(item.name[:-4]), item.name
        elif item.name.endswith(".txt"):
            assert lexicons.words(item.name[:-4]), item.name


@pytest.mark.parametrize("name", ["ConfigError", "DataError", "ModelError", "IngestError", "StoreError",
                                  "SearchSyntaxError", "QueryError"])
def test_each_error_is_an_eventwire_error(name):
    assert issubclass(getattr(errors, name), errors.EventwireError)


def test_the_public_modules_raise_the_same_classes():
    from eventwire import config, query, store
    assert query.QueryError is errors.QueryError
    assert store.StoreError is errors.StoreError
    assert config.ConfigError is errors.ConfigError
