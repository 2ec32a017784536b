dist_man_MANS = man/rpo.1
