"""Referrals to the YOS and the 48-hour contact clock: making a referral (``core``), the
list (``referral_list``), the record (``record``), allocation, contacts, who may work a
referral (``access``), watching one's own clocks (``clock_watch``) and the dashboard counts.

The clock's rule itself lives in ``domain/clock.py``; this package applies it to rows.
May import ``services.base`` only.
"""
