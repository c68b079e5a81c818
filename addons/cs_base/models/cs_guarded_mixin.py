from odoo import api, models
from odoo.exceptions import AccessError


class CsGuardedMixin(models.AbstractModel):
    """Fields that change only through the model's ``action_*`` methods.

    States, audit stamps (who/when), decisions and notification markers are part of a
    record's history: letting ``create``/``write`` set them would let any caller with
    write access skip the checks the actions make. A model lists them in
    :meth:`_cs_guarded_fields`; this mixin is their single enforcement point:

    - ``write`` refuses them unless the environment is ``sudo()`` — the actions check
      the caller's group themselves and then write with ``sudo()``;
    - ``create`` accepts them only at their default value (a new record starts at the
      beginning of its life), and drops ``default_<field>`` keys a client may send in
      the context;
    - ``copy`` never copies them.

    No context key switches the check off.
    """

    _name = "cs.guarded.mixin"
    _description = "Fields Changed Through Actions Only"

    @api.model
    def _cs_guarded_fields(self):
        """Names of the fields that only the model's actions change."""
        return set()

    @api.model
    def _cs_guarded_default(self, fname):
        field = self._fields[fname]
        if not field.default:
            return False
        return field.convert_to_write(
            field.convert_to_cache(field.default(self), self), self
        )

    @api.model
    def _cs_raise_guarded(self, fname):
        raise AccessError(
            self.env._(
                "%(field)s of %(model)s changes only through the record's buttons "
                "(actions), which check who may do it.",
                field=self._fields[fname]._description_string(self.env),
                model=self._description,
            )
        )

    @api.model
    def _cs_without_guarded_defaults(self):
        guarded = self._cs_guarded_fields()
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in guarded)
        }
        if len(context) == len(self.env.context):
            return self
        return self.with_env(self.env(context=context))

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        self = self._cs_without_guarded_defaults()
        guarded = self._cs_guarded_fields()
        for vals in vals_list:
            for fname in guarded & vals.keys():
                value = vals[fname]
                if value and value != self._cs_guarded_default(fname):
                    self._cs_raise_guarded(fname)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            for fname in self._cs_guarded_fields() & vals.keys():
                self._cs_raise_guarded(fname)
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        guarded = self._cs_guarded_fields() - set(default or ())
        for vals in vals_list:
            for fname in guarded & vals.keys():
                del vals[fname]
        return vals_list
