# framework_adkar — see plugins/framework_adkar/ (filled in by its plugin).
