"""The member roster (委员名册) as a spreadsheet: import from and export to Excel or CSV.

The committee always comes from the person importing, never from the file; sectors and terms are
looked up inside that committee. A row that cannot be read is reported with the column and a
message, and the whole import is refused until every row is right: a half-imported roster is
worse than none. Export writes the same columns, so an exported file imports back.
"""

from __future__ import annotations

from copy import deepcopy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Member
from .roster_widgets import (
    ChoiceLabelWidget,
    DateWidget,
    SectorWidget,
    TermWidget,
    TextWidget,
    _text,
    parse_term_number,
)
from .services import member_register_check, member_update, members_register

# The roster is a Chinese document exchanged with other offices, so its headers and labels are
# fixed Chinese text whatever language the admin is shown in.
GENDER_LABELS = {"male": "男", "female": "女"}
GENDER_ALIASES = {"男性": "male", "女性": "female", "m": "male", "f": "female"}
PARTY_LABELS = {
    "cpc": "中共",
    "rcck": "民革",
    "cdl": "民盟",
    "cndca": "民建",
    "capd": "民进",
    "cpwdp": "农工党",
    "czgp": "致公党",
    "jiusan": "九三学社",
    "tdsgl": "台盟",
    "non_party": "无党派",
}
PARTY_ALIASES = {
    "中国共产党": "cpc",
    "中共党员": "cpc",
    "共产党": "cpc",
    "中国国民党革命委员会": "rcck",
    "中国民主同盟": "cdl",
    "中国民主建国会": "cndca",
    "中国民主促进会": "capd",
    "中国农工民主党": "cpwdp",
    "农工民主党": "cpwdp",
    "中国致公党": "czgp",
    "台湾民主自治同盟": "tdsgl",
    "无党派人士": "non_party",
    "无": "non_party",
    "群众": "non_party",
}
STATUS_LABELS = {"active": "在任", "resigned": "辞职", "replaced": "更换", "removed": "撤销资格"}
STATUS_ALIASES = {"在职": "active", "正常": "active", "调整": "replaced", "撤销": "removed"}

NAME, NUMBER, PHONE, TERM = "姓名", "委员编号", "手机", "届次"


def _field(attribute: str, column: str, widget, **kwargs) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


class MemberRosterResource(resources.ModelResource):
    member_number = _field("member_number", NUMBER, TextWidget())
    name = _field("name", NAME, TextWidget(required=True))
    gender = _field("gender", "性别", ChoiceLabelWidget(GENDER_LABELS, GENDER_ALIASES))
    birth_date = _field("birth_date", "出生日期", DateWidget())
    # A blank ethnicity or status keeps what is there (汉族 / 在任 for a new member).
    ethnicity = _field("ethnicity", "民族", TextWidget(), saves_null_values=False, default=None)
    education = _field("education", "学历", TextWidget())
    profession = _field("profession", "职业", TextWidget())
    sector = _field("sector", "界别", SectorWidget())
    party = _field("party", "党派", ChoiceLabelWidget(PARTY_LABELS, PARTY_ALIASES))
    work_unit = _field("work_unit", "工作单位", TextWidget(required=True))
    title = _field("title", "职务", TextWidget())
    township = _field("township", "乡镇（街道）/机关", TextWidget())
    phone = _field("phone", PHONE, TextWidget())
    email = _field("email", "电子邮箱", TextWidget())
    term = _field("term", TERM, TermWidget())
    joined_on = _field("joined_on", "任职日期", DateWidget(required=True))
    status = _field(
        "status",
        "状态",
        ChoiceLabelWidget(STATUS_LABELS, STATUS_ALIASES, required=False),
        saves_null_values=False,
    )
    left_on = _field("left_on", "离任日期", DateWidget())

    class Meta:
        model = Member
        fields = (
            "member_number",
            "name",
            "gender",
            "birth_date",
            "ethnicity",
            "education",
            "profession",
            "sector",
            "party",
            "work_unit",
            "title",
            "township",
            "phone",
            "email",
            "term",
            "joined_on",
            "status",
            "left_on",
        )
        import_order = export_order = fields
        # The services validate the member in full before saving; their errors are reported on
        # the row just like a cell that cannot be read. Validating here too would double the cost.
        clean_model_instances = False
        use_transactions = True
        # New members are checked row by row without a query and saved a batch at a time
        # (``save_instance``, ``bulk_create``); a changed member still goes through
        # ``member_update`` on its own, as a move or a departure must.
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = True

    REQUIRED_COLUMNS = (NAME, "性别", "界别", "党派", "工作单位", TERM, "任职日期")

    def __init__(self, committee=None, **kwargs):
        super().__init__(**kwargs)
        self.committee = committee
        self.fields["sector"].widget.bind(committee)
        self.fields["term"].widget.bind(committee)
        self._seen: dict[tuple, int] = {}
        self._saved: dict[tuple, Member] = {}

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Member roster"))

    # --- import ---------------------------------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        # All or nothing, whoever calls: one invalid row rolls back every other row.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        if self.committee is None:
            raise ValueError(_("Only staff of a committee can import its roster."))
        missing = [column for column in self.REQUIRED_COLUMNS if column not in dataset.headers]
        if missing:
            raise ValueError(
                _("The file lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}
            )
        # Spreadsheets often carry formatted but empty rows at the bottom.
        for index in reversed(range(len(dataset))):
            if not any(_text(value) for value in dataset[index]):
                del dataset[index]
        self._seen = {}
        self.fields["sector"].widget.bind(self.committee)
        self.fields["term"].widget.bind(self.committee)
        # The committee's members by every identity a row may give: one query, not one a row.
        self._saved = {}
        for member in Member.objects.filter(committee=self.committee).select_related("term"):
            for key in self._keys(
                member.term.number, member.member_number, member.name, member.phone
            ):
                self._saved.setdefault(key, member)

    @staticmethod
    def _keys(term_number, number: str, name: str, phone: str) -> list[tuple]:
        """What says two rows (or a row and a saved member) are the same person, best first."""
        keys = [("number", term_number, number)] if number else []
        if name and phone:
            keys.append(("phone", term_number, name, phone))
        return keys

    def _identity(self, row) -> tuple | None:
        keys = self._keys(
            parse_term_number(row.get(TERM)),
            _text(row.get(NUMBER)),
            _text(row.get(NAME)),
            _text(row.get(PHONE)),
        )
        return keys[0] if keys else None

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self._identity(row)
        if key is None:
            return
        if key in self._seen:
            raise ValidationError(
                _(
                    "Row %(other)s already describes this member (same member number, or same "
                    "name and phone)."
                )
                % {"other": self._seen[key]}
            )
        self._seen[key] = row_number

    def get_instance(self, instance_loader, row):
        key = self._identity(row)
        if key is None or key[1] is None or key not in self._saved:
            return None
        # A copy: the row's values are written onto it, and the diff compares it with the saved.
        return deepcopy(self._saved[key])

    def init_instance(self, row=None):
        # By id: the preview deep-copies each new instance, and the committee need not come along.
        return Member(committee_id=self.committee.pk)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            # A row-level error, reported on the row like a cell that cannot be read.
            member_register_check(member=instance)
            self.create_instances.append(instance)
        else:
            data = {name: getattr(instance, name) for name in self._meta.fields}
            member_update(member=instance, data=data)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        members, self.create_instances = self.create_instances, []
        if not members or result.has_validation_errors():
            return  # an invalid row rolls the whole import back: saving the rest is wasted
        try:
            members_register(members=members, batch_size=self._meta.batch_size)
        except Exception as error:  # the database refused a batch: the import fails whole
            self.handle_import_error(result, error, raise_errors)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self._by_column(row_result.validation_error)
        return row_result

    def _by_column(self, error: ValidationError) -> ValidationError:
        """Name each message after the spreadsheet column the clerk sees, not the model field."""
        if not hasattr(error, "error_dict"):
            return error
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        renamed: dict[str, list] = {}
        for key, messages in error.message_dict.items():
            column = columns.get(key, NON_FIELD_ERRORS)
            renamed.setdefault(column, []).extend(messages)
        return ValidationError(renamed)

    # --- export -----------------------------------------------------------------------------

    def get_queryset(self):
        return super().get_queryset().select_related("sector", "term")
