import pytest
from django.utils import translation

from committees.numerals import chinese_numeral
from tests.factories.core import TermFactory


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (5, "五"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")],
)
def test_it_writes_numbers_as_committee_documents_do(number, text):
    assert chinese_numeral(number) == text


@pytest.mark.django_db
def test_a_term_reads_di_shi_er_jie_in_chinese_and_term_12_in_english():
    term = TermFactory(number=12, committee__name="政协清河县委员会")
    with translation.override("zh-hans"):
        assert str(term) == "政协清河县委员会第十二届"
    with translation.override("en"):
        assert str(term) == "政协清河县委员会, term 12"
