# framework_lewin — see plugins/framework_lewin/ (filled in by its plugin).
