"""The access rule (foundation layer): who reaches which records.

`rule` is the one rule of reading (grants reach a division and everything below it), `perms`
the vocabulary of permissions, `codes` the arithmetic of the 12-digit division codes the rule
compares, and `models` the base of every record that belongs to a division. It sits just above
`core` (the ground) and below every other app: the grants themselves are read through the source
that `accounts` registers when it starts (`rule.use_grant_source`), so that the rule does not
import the app that stores them.
"""
