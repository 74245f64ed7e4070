"""Retention and disposal: periods per disposal type, the review queue, disposal and its log."""
