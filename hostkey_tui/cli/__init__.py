"""The command line: `hostkey-tui servers`, `invoices`, `dns`, `triage`, `journal`, `power` and
`config`, for scripts and for pasting into an incident channel.

It shares the profiles, the services and the safety rules of the app, and never imports Textual
(an import contract says so): a script starts in a fraction of the app's time.
"""
