from tandem.people.models import OrgUnit
from tests.factories import make_unit


def test_units_form_a_tree_and_a_subtree_is_one_prefix_query(db, django_assert_num_queries):
    ward = make_unit("Harbor Health/Nursing/Ward 4B")
    make_unit("Harbor Health/Nursing/Ward 5A")
    make_unit("Harbor Health/Finance")
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    assert ward.path.startswith(nursing.path) and ward.depth == nursing.depth + 1
    with django_assert_num_queries(1):
        names = sorted(u.full_path for u in nursing.subtree())
    assert names == [
        "Harbor Health/Nursing",
        "Harbor Health/Nursing/Ward 4B",
        "Harbor Health/Nursing/Ward 5A",
    ]


def test_a_unit_knows_the_path_above_it(db):
    ward = make_unit("Harbor Health/Nursing/Ward 4B")
    assert ward.parent_path == "Harbor Health/Nursing"
    assert make_unit("Harbor Health").parent_path == ""
