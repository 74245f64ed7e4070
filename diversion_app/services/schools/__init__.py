"""School liaison: schools and SPOCs (``admin``, ``overview``), school referrals and
restorative justice in schools (``work``), and the Schools page's lists (``lists``).

May import ``services.base`` and the public calls of ``services.referrals``.
"""
