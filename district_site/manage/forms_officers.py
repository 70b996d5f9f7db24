from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import OfficerRole
from tenants.visible_text import VisibleTextMixin


class InviteForm(VisibleTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write the officer's e-mail address."),
            "invalid": _("Write a whole e-mail address, such as name@example.org."),
        },
        help_text=_("The invitation goes to this address; the officer logs in with it."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OfficerRole.choices,
        initial=OfficerRole.EDITOR,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )


class RoleForm(VisibleTextMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OfficerRole.choices)
