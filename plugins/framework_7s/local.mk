# framework_7s — see plugins/framework_7s/ (filled in by its plugin).
