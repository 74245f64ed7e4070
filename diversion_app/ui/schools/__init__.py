"""School liaison on screen: the Schools page, school and SPOC administration, the school
referral and restorative justice forms, and the link from a referral back to its school
referral."""
